// The mutable working state of one extraction: fact lists being filled, history records, non-fatal issues. Each
// resource mapper receives it with the entry it maps; extract-record.ts turns it into immutable results.

import type { OutcomeRecord, SessionRecord } from '../clinical/care.ts';
import type { ConsentRecord, Fact, Intake, PatientFacts } from '../clinical/facts.ts';
import type { BundleIndex, IndexedEntry } from './bundle-index.ts';
import { resourceLabel } from './bundle-index.ts';
import { asFhirDateTime, preview } from './json.ts';

/** Something extraction could not use, and why. Never fatal: the rest of the record is still read. */
export interface ExtractionIssue {
  readonly path: string;
  readonly message: string;
}

/** The PatientFacts fields that hold lists of facts. */
export type FactListKey = {
  [K in keyof PatientFacts]-?: NonNullable<PatientFacts[K]> extends readonly unknown[] ? K : never;
}[keyof PatientFacts];

/** Writable twins of the PatientFacts lists. */
export type FactLists = {
  -readonly [K in FactListKey]: PatientFacts[K] extends readonly (infer F)[] ? F[] : never;
};

export interface IntakeCandidate {
  /** Epoch ms of QuestionnaireResponse.authored; -Infinity when absent, so any dated one wins. */
  readonly authoredMs: number;
  readonly intake: Intake;
}

export interface ExtractContext {
  readonly index: BundleIndex;
  readonly lists: FactLists;
  readonly issues: ExtractionIssue[];
  readonly sessions: SessionRecord[];
  readonly outcomes: OutcomeRecord[];
  /** Undefined until the first o3care Consent is seen: no consent resources means "no consent records held". */
  consents: ConsentRecord[] | undefined;
  readonly intakes: IntakeCandidate[];
}

export function newContext(index: BundleIndex): ExtractContext {
  return {
    index,
    lists: {
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
    },
    issues: [],
    sessions: [],
    outcomes: [],
    consents: undefined,
    intakes: [],
  };
}

export function addIssue(ctx: ExtractContext, path: string, message: string): void {
  ctx.issues.push({ path, message });
}

/**
 * The first date among `candidates` (element name → value, in order of preference) that is a valid FHIR date or
 * dateTime. A present but unreadable candidate is reported and passed over.
 */
export function firstDate(
  ctx: ExtractContext,
  entry: IndexedEntry,
  candidates: readonly (readonly [string, unknown])[],
): string | undefined {
  for (const [name, value] of candidates) {
    if (value === undefined) continue;
    const date = asFhirDateTime(value);
    if (date !== undefined) return date;
    addIssue(
      ctx,
      `${entry.path}.${name}`,
      `${entry.path}.${name} is not a FHIR date: ${preview(value)}; ignored`,
    );
  }
  return undefined;
}

/** A fact with its provenance; `effective` is left out when the source gives no date. */
export function fact<T>(
  value: T,
  entry: IndexedEntry,
  effective: string | undefined,
  code?: string,
): Fact<T> {
  const provenance =
    code === undefined ? { resource: resourceLabel(entry) } : { resource: resourceLabel(entry), code };
  return effective === undefined ? { value, provenance } : { value, effective, provenance };
}
