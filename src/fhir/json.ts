// Small type guards for reading untrusted, parsed JSON without a schema library (zod costs too much per resource
// on the screening hot path). Every reader returns `undefined` or an empty array instead of throwing.

export type JsonRecord = Readonly<Record<string, unknown>>;

const EMPTY: readonly unknown[] = Object.freeze([]);

/** Longest string echoed back in an error or issue message. */
const PREVIEW_LENGTH = 60;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

/** The array, or a shared empty one for anything else (absent, wrong type). */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : EMPTY;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string no longer than `max` characters; longer ones are treated as absent (they are never codes or ids). */
export function asShortString(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

/** A finite number (JSON cannot carry NaN or Infinity, but JavaScript callers can). */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A child record: `record(resource, 'code')` is `resource.code` when that is an object. */
export function child(parent: JsonRecord | undefined, key: string): JsonRecord | undefined {
  return parent === undefined ? undefined : asRecord(parent[key]);
}

/** A short, printable rendering of an untrusted value for messages: never the whole of a huge string. */
export function preview(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > PREVIEW_LENGTH ? `${value.slice(0, PREVIEW_LENGTH)}…` : value;
    return `"${cut}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

// FHIR date / dateTime / instant (R4 §2.24.0.1), with seconds optional so minute-precision senders still parse.
const FHIR_DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;
const FHIR_DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;
const MAX_DATE_LENGTH = 40;

/** A FHIR date (YYYY, YYYY-MM, YYYY-MM-DD), kept as written: partial dates stay partial. */
export function asFhirDate(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 10 && FHIR_DATE.test(value) ? value : undefined;
}

/** A FHIR date or dateTime, kept as written. */
export function asFhirDateTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH) return undefined;
  return FHIR_DATE.test(value) || FHIR_DATE_TIME.test(value) ? value : undefined;
}
