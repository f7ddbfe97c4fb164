// Request schema pieces every route uses: ids, dates, paging. Request objects are `.strict()` so that an unknown
// field is a 400 naming it rather than silently ignored; dates are checked as real calendar dates here, so that a
// date the database would refuse never reaches it.

import { z } from 'zod';

export const uuid = z.uuid();

export const idParams = z.strictObject({ id: uuid });

/** The body of an action that takes no input: nothing (Fastify's null), or an empty object. */
export const noBody = z.strictObject({}).nullish();

const isCalendarDate = (year: number, month: number, day: number): boolean => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** YYYY-MM-DD, a real day after 1900 (stay dates). */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((value) => {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return year > 1900 && isCalendarDate(year, month, day);
  }, 'not a calendar date after 1900');

/** A FHIR date: YYYY, YYYY-MM or YYYY-MM-DD (a birth date may be known to the year only). */
export const partialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date as YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((value) => {
    const [year, month = 1, day = 1] = value.split('-').map(Number) as [number, number?, number?];
    return year >= 1800 && isCalendarDate(year, month, day);
  }, 'not a calendar date');

/** An instant with its offset, e.g. `2026-11-27T09:00:00Z`. */
export const instant = z.iso.datetime({ offset: true });

/** An instant, as the Date the services take. */
export const instantDate = instant.transform((value) => new Date(value));

/** When a fact was observed or began: a (partial) date or an instant. */
export const effectiveTime = z.union([partialDate, instant]);

export const shortText = z.string().trim().min(1).max(200);
export const longText = z.string().trim().min(1).max(10_000);

/** `limit` for list routes: 1-200, default 50. */
export const pageLimit = z.coerce.number().int().min(1).max(200).default(50);
