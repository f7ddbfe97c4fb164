// Row type of clinical_fact: one fact per row, `kind` naming the PatientFacts field it feeds, so screening reads all
// of a patient's facts in one query and one mapping builds PatientFacts from the rows.

import type { Fact, PatientFacts } from '../clinical/facts.ts';
import type { Fixed, FixedJson, FixedNullable, SetOnce } from './column-types.ts';

/** The PatientFacts fields that hold lists of facts. */
export type FactListKind = {
  [K in keyof PatientFacts]-?: NonNullable<PatientFacts[K]> extends readonly unknown[] ? K : never;
}[keyof PatientFacts];

export type FactKind = FactListKind | 'deceased';

/** The value a fact of this kind carries, as PatientFacts types it. */
export type FactValue<K extends FactKind> = K extends 'deceased'
  ? true
  : NonNullable<PatientFacts[K]> extends readonly Fact<infer V>[]
    ? V
    : never;

/** Every kind, in PatientFacts order. The migration's CHECK lists the same names; a store test inserts each. */
export const FACT_KINDS = [
  'deceased',
  'weightKg',
  'heightCm',
  'haemoglobinGPerDl',
  'g6pd',
  'pregnancy',
  'hyperthyroidism',
  'tshMiuPerL',
  'freeT4AboveRange',
  'plateletsE9PerL',
  'thrombocytopenia',
  'coagulationDisorder',
  'inr',
  'medications',
  'cardiovascularInstability',
  'myocardialInfarction',
  'seizureDisorder',
  'alcoholIntoxication',
  'ozoneIntolerance',
] as const satisfies readonly FactKind[];

// Compile-time proof that FACT_KINDS names every kind: adding a list to PatientFacts breaks this line until the
// kind (and a migration widening the CHECK) is added.
type NeverMissing<T extends never> = T;
export type EveryFactKindListed = NeverMissing<Exclude<FactKind, (typeof FACT_KINDS)[number]>>;

export type FactSource = 'clinic' | 'import';

export interface ClinicalFactTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  /** The intake version that recorded it; NULL for facts imported outside an intake. */
  intake_id: FixedNullable<string>;
  kind: Fixed<FactKind>;
  value: FixedJson<unknown>;
  /** ISO 8601 date or date-time the fact was observed or began (FHIR partial dates allowed). */
  effective: FixedNullable<string>;
  source: Fixed<FactSource>;
  /** `intake`, or the FHIR resource it was read from (`Observation/abc`). */
  provenance_resource: Fixed<string>;
  provenance_code: FixedNullable<string>;
  recorded_by: Fixed<string>;
  recorded_at: Fixed<Date>;
  entered_in_error_by: SetOnce<string>;
  entered_in_error_at: SetOnce<Date>;
  entered_in_error_reason: SetOnce<string>;
}
