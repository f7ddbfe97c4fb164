// How the chart writes a patient: the name as the clinic says it, the age from a (possibly partial) birth date, and
// dates in the reader's language. Pure functions, so the list, the header and the import report agree.
import type { Patient } from '../api/patients.ts';

export function patientName(patient: Pick<Patient, 'givenName' | 'familyName'>): string {
  return [patient.givenName, patient.familyName].filter(Boolean).join(' ');
}

/** Whole years on `today`; a birth date known to the year or month only counts from its first possible day. */
export function ageInYears(birthDate: string | undefined, today: Date): number | undefined {
  if (!birthDate) return undefined;
  const [year, month = 1, day = 1] = birthDate.split('-').map(Number) as [number, number?, number?];
  let age = today.getFullYear() - year;
  const beforeBirthday =
    today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : undefined;
}

/** A FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) or an instant, in the reader's language, never shifting the day. */
export function formatDate(value: string | undefined, language: string): string {
  if (!value) return '';
  const parts = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  if (parts) {
    const [, year, month, day] = parts;
    const date = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
    const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
    if (month) options.month = 'short';
    if (day) options.day = 'numeric';
    return new Intl.DateTimeFormat(language, options).format(date);
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(instant);
}

/** An instant with its time of day, in the reader's language and time zone. */
export function formatDateTime(value: string | undefined, language: string): string {
  if (!value) return '';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(instant);
}
