// The demo clinic's calendar. "Today" is the day the demo runs and every event of the synthetic record is placed
// relative to it, so the record looks current whenever it is made. Earlier days use clinic hours (UTC); events of
// today sit in the hours before the run, never after it (a session cannot be signed before it started).

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface ClinicCalendar {
  /** The moment the demo runs. */
  readonly now: Date;
  /** `days` (at least 1) before today, at `time` (HH:MM, UTC; default 10:00, the clinic's session hour). */
  readonly daysAgo: (days: number, time?: string) => Date;
  /** Midnight (UTC) `days` after today: a date ahead, such as a medical traveller's departure. */
  readonly daysAhead: (days: number) => Date;
  /** `hours` before now: today's events. */
  readonly hoursAgo: (hours: number) => Date;
  /** `minutes` after `at` (negative: before). */
  readonly minutesAfter: (at: Date, minutes: number) => Date;
  /** A birth date (YYYY-MM-DD) that makes the patient `age` today; `dayOfYear` (0–364) spreads birthdays. */
  readonly birthDateForAge: (age: number, dayOfYear: number) => string;
}

const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

export function clinicCalendar(now: Date): ClinicCalendar {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    now,
    daysAgo(days, time = '10:00') {
      const match = /^(\d{2}):(\d{2})$/.exec(time);
      if (!Number.isInteger(days) || days < 1 || !match)
        throw new Error(`not a past clinic time: ${days} ${time}`);
      return new Date(midnight - days * DAY_MS + Number(match[1]) * HOUR_MS + Number(match[2]) * MINUTE_MS);
    },
    daysAhead: (days) => new Date(midnight + days * DAY_MS),
    hoursAgo: (hours) => new Date(now.getTime() - hours * HOUR_MS),
    minutesAfter: (at, minutes) => new Date(at.getTime() + minutes * MINUTE_MS),
    birthDateForAge(age, dayOfYear) {
      // Born `age` years ago, then `dayOfYear + 1` days earlier still: the last birthday has just passed.
      const birthday = new Date(midnight);
      birthday.setUTCFullYear(birthday.getUTCFullYear() - age);
      return isoDate(new Date(birthday.getTime() - ((dayOfYear % 365) + 1) * DAY_MS));
    },
  };
}
