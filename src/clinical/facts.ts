// The patient facts that screening reads (SPEC-CLINICAL §5). Each fact keeps its provenance and the date it was
// true; a fact older than its freshness window counts as unknown. Facts come from o3care's own record or from FHIR.

import type { GoalCode } from './goals.ts';
import type { TechniqueCode } from './techniques.ts';
import { MS_PER_DAY } from './units.ts';
import type { DrugClass } from './value-sets.ts';

export interface Provenance {
  /** Where the fact was read: `Condition/abc`, `Observation/xyz`, or `intake`. */
  readonly resource: string;
  /** The code that matched, as `system|code`, or the text that matched. */
  readonly code?: string;
}

export interface Fact<T> {
  readonly value: T;
  /** ISO 8601 date or date-time when the fact was observed or began; absent when the source gives none. */
  readonly effective?: string;
  readonly provenance: Provenance;
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';

export type MedicationClass = DrugClass;

export type PregnancyBasis = 'diagnosis' | 'status' | 'test';

export const FUNDAMENTALS = [
  'sleep',
  'metabolic-health',
  'movement',
  'diagnostics',
  'rehabilitation',
  'inflammatory-drivers',
] as const;

export type Fundamental = (typeof FUNDAMENTALS)[number];

export interface GoalStatement {
  readonly code: GoalCode | undefined;
  /** The patient's own words, required for `other`. */
  readonly text?: string;
}

/** o3care's intake (or a QuestionnaireResponse to its intake questionnaire). Absent for records from elsewhere. */
export interface Intake {
  readonly goal?: GoalStatement;
  /** Fundamentals the clinician assessed at intake. */
  readonly fundamentalsAssessed: readonly Fundamental[];
  readonly expectsCure?: boolean;
  readonly oxidativeBurden?: 'low' | 'moderate' | 'high';
  readonly unstableMedicalIssues?: boolean;
}

export interface PatientFacts {
  readonly patientId?: string;
  readonly sex?: Sex;
  /** FHIR date: YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly birthDate?: string;
  readonly deceased?: Fact<true>;
  readonly weightKg: readonly Fact<number>[];
  readonly heightCm: readonly Fact<number>[];
  readonly haemoglobinGPerDl: readonly Fact<number>[];
  readonly g6pd: readonly Fact<'deficient' | 'normal'>[];
  readonly pregnancy: readonly Fact<{ readonly pregnant: boolean; readonly basis: PregnancyBasis }>[];
  readonly hyperthyroidism: readonly Fact<{ readonly crisis: boolean }>[];
  readonly tshMiuPerL: readonly Fact<number>[];
  /** Free T4 with whether the lab flagged it above its reference range (undefined when neither says). */
  readonly freeT4AboveRange: readonly Fact<boolean>[];
  readonly plateletsE9PerL: readonly Fact<number>[];
  readonly thrombocytopenia: readonly Fact<true>[];
  readonly coagulationDisorder: readonly Fact<true>[];
  readonly inr: readonly Fact<number>[];
  readonly medications: readonly Fact<{ readonly drugClass: MedicationClass; readonly name: string }>[];
  readonly cardiovascularInstability: readonly Fact<true>[];
  readonly myocardialInfarction: readonly Fact<true>[];
  readonly seizureDisorder: readonly Fact<true>[];
  readonly alcoholIntoxication: readonly Fact<true>[];
  readonly ozoneIntolerance: readonly Fact<true>[];
  readonly intake?: Intake;
}

/** A record with nothing known: the starting point for extraction and for tests. */
export function emptyFacts(overrides: Partial<PatientFacts> = {}): PatientFacts {
  return {
    weightKg: [],
    heightCm: [],
    haemoglobinGPerDl: [],
    g6pd: [],
    pregnancy: [],
    hyperthyroidism: [],
    tshMiuPerL: [],
    freeT4AboveRange: [],
    plateletsE9PerL: [],
    thrombocytopenia: [],
    coagulationDisorder: [],
    inr: [],
    medications: [],
    cardiovascularInstability: [],
    myocardialInfarction: [],
    seizureDisorder: [],
    alcoholIntoxication: [],
    ozoneIntolerance: [],
    ...overrides,
  };
}

/** Parses an ISO date or date-time (FHIR partial dates included) to epoch ms, or undefined. */
export function toEpochMs(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const normalised = /^\d{4}$/.test(iso) ? `${iso}-01-01` : /^\d{4}-\d{2}$/.test(iso) ? `${iso}-01` : iso;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The newest fact observed within `windowDays` before `asOf` (and not in the future beyond a day of clock skew).
 * Facts without a date never count as fresh when a window applies; with `windowDays` undefined (lifetime) the
 * newest dated fact wins, and an undated one is used only when no dated one exists.
 */
export function latestFresh<T>(
  facts: readonly Fact<T>[],
  asOf: Date,
  windowDays: number | undefined,
): Fact<T> | undefined {
  const now = asOf.getTime();
  let best: Fact<T> | undefined;
  let bestMs = -Infinity;
  let undated: Fact<T> | undefined;
  for (const fact of facts) {
    const ms = toEpochMs(fact.effective);
    if (ms === undefined) {
      undated ??= fact;
      continue;
    }
    if (ms > now + MS_PER_DAY) continue;
    if (windowDays !== undefined && now - ms > windowDays * MS_PER_DAY) continue;
    if (ms > bestMs) {
      best = fact;
      bestMs = ms;
    }
  }
  return best ?? (windowDays === undefined ? undated : undefined);
}

/** Age in whole years at `asOf`, or undefined when the birth date is missing or unreadable. */
export function ageInYears(birthDate: string | undefined, asOf: Date): number | undefined {
  const ms = toEpochMs(birthDate);
  if (ms === undefined) return undefined;
  const born = new Date(ms);
  let age = asOf.getUTCFullYear() - born.getUTCFullYear();
  const beforeBirthday =
    asOf.getUTCMonth() < born.getUTCMonth() ||
    (asOf.getUTCMonth() === born.getUTCMonth() && asOf.getUTCDate() < born.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : undefined;
}

/** Techniques a consent covers, and whether it stands (SPEC-CLINICAL §6 consent rules). */
export interface ConsentRecord {
  readonly id: string;
  readonly status: 'signed' | 'unsigned' | 'withdrawn';
  readonly techniques: readonly TechniqueCode[];
  readonly signedAt?: string;
  /** End of validity when the consent states one; the earlier of this and signing + the library's validity period applies. */
  readonly validUntil?: string;
}
