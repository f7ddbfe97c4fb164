// Column shapes shared by the clinical-record tables. jsonb is written as JSON text: node-postgres would send a
// JavaScript array as a PostgreSQL array, and PGlite parses the text the same way the server does.

import type { ColumnType } from 'kysely';

/** Set at insert, never updated. */
export type Fixed<T> = ColumnType<T, T, never>;
/** Optional at insert (NULL when omitted), never updated. */
export type FixedNullable<T> = ColumnType<T | null, T | null | undefined, never>;
/** NULL until filled in once (a countersignature, a review); the database refuses any later change. */
export type SetOnce<T> = ColumnType<T | null, T | null | undefined, T | null>;
/** A jsonb document fixed at insert. */
export type FixedJson<T> = ColumnType<T, string, never>;
/** A jsonb document that may change while the row may (draft rows). */
export type Json<T> = ColumnType<T, string, string>;
export type JsonNullable<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** The text a jsonb column is written as. */
export const jsonb = (value: unknown): string => JSON.stringify(value);
/** A plain column that stays editable (demographics, draft sessions). */
export type Editable<T> = ColumnType<T | null, T | null | undefined, T | null>;
