// FHIR R4 Bundle → the patient facts and care history the rules engine reads (SPEC-CLINICAL §5, SPEC-INTEROP §2).
// Accepts any Bundle type (document, collection, transaction, searchset) and any JSON value: it never throws.
// Fatal problems (not a Bundle, too many entries, no single patient) give `ok: false` with a JSON path; anything
// merely unusable (an unknown unit, a resource for someone else) is skipped and reported as an issue.

import type { CareHistory } from '../clinical/care.ts';
import type { Intake, PatientFacts } from '../clinical/facts.ts';
import type { IndexedEntry } from './bundle-index.ts';
import { indexEntries, referenceOf } from './bundle-index.ts';
import type { ExtractContext, ExtractionIssue } from './extract-context.ts';
import { addIssue, newContext } from './extract-context.ts';
import { isRecord, preview } from './json.ts';
import { mapAllergy } from './map-allergy.ts';
import { mapCondition } from './map-condition.ts';
import { mapConsent } from './map-consent.ts';
import { isIntakeResponse, mapIntake } from './map-intake.ts';
import { mapMedication } from './map-medication.ts';
import { mapObservation } from './map-observation.ts';
import type { PatientDemographics } from './map-patient.ts';
import type { SubjectMatch } from './map-patient.ts';
import { choosePatient, readPatient, subjectMatcher } from './map-patient.ts';
import { mapProcedure } from './map-procedure.ts';

export type { ExtractionIssue } from './extract-context.ts';

export type ExtractResult =
  | {
      readonly ok: true;
      readonly facts: PatientFacts;
      readonly history: CareHistory;
      readonly issues: ExtractionIssue[];
    }
  | { readonly ok: false; readonly error: { readonly path: string; readonly message: string } };

export interface ExtractOptions {
  /** Most Bundle entries read; a larger Bundle is refused rather than half-read. Default 10,000. */
  readonly maxResources?: number;
}

export const DEFAULT_MAX_RESOURCES = 10_000;

const failure = (path: string, message: string): ExtractResult => ({ ok: false, error: { path, message } });

/** The element that names the resource's patient: R4 says `patient` on these two, `subject` elsewhere. */
const patientElement = (type: string): 'subject' | 'patient' =>
  type === 'AllergyIntolerance' || type === 'Consent' ? 'patient' : 'subject';

type Mapper = (ctx: ExtractContext, entry: IndexedEntry) => void;

const MAPPERS: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  ['Condition', mapCondition],
  ['Observation', mapObservation],
  ['MedicationStatement', mapMedication],
  ['MedicationRequest', mapMedication],
  ['AllergyIntolerance', mapAllergy],
  ['Procedure', mapProcedure],
  ['Consent', mapConsent],
  [
    'QuestionnaireResponse',
    (ctx, entry) => {
      if (isIntakeResponse(entry.resource)) mapIntake(ctx, entry);
    },
  ],
]);

export function extractRecord(input: unknown, options?: ExtractOptions): ExtractResult {
  try {
    return extract(input, options);
  } catch (error) {
    // Unreachable for JSON input (property-tested); a last guard for exotic JavaScript values such as proxies.
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
    return failure('$', `internal error while reading the record (${reason})`);
  }
}

function maxResourcesOf(options: ExtractOptions | undefined): number {
  const max = isRecord(options) ? options.maxResources : undefined;
  return typeof max === 'number' && Number.isInteger(max) && max >= 0 ? max : DEFAULT_MAX_RESOURCES;
}

function extract(input: unknown, options: ExtractOptions | undefined): ExtractResult {
  if (!isRecord(input)) {
    return failure('$', `expected a FHIR R4 Bundle (a JSON object), found ${preview(input)}`);
  }
  if (input.resourceType !== 'Bundle') {
    return failure(
      '$',
      `expected a FHIR R4 Bundle (resourceType "Bundle"), found resourceType ${preview(input.resourceType)}`,
    );
  }
  const entries = input.entry ?? [];
  if (!Array.isArray(entries)) {
    return failure('$.entry', `$.entry must be an array, found ${preview(input.entry)}`);
  }
  const max = maxResourcesOf(options);
  if (entries.length > max) {
    return failure(
      '$.entry',
      `the Bundle has ${entries.length} entries; o3care reads at most ${max} per record`,
    );
  }
  const { index, skipped } = indexEntries(entries as readonly unknown[]);
  const choice = choosePatient(index);
  if (!choice.ok) return failure(choice.path, choice.message);
  const { patient } = choice;
  const ctx = newContext(index);
  for (const problem of skipped) addIssue(ctx, problem.path, problem.message);
  const demographics: PatientDemographics = patient === undefined ? {} : readPatient(ctx, patient);
  if (patient === undefined && index.entries.length > 0) {
    addIssue(ctx, '$.entry', 'the Bundle holds no Patient resource: sex and birth date are unknown');
  }
  const matchSubject = subjectMatcher(index, patient);
  for (const entry of index.entries) {
    const mapper = MAPPERS.get(entry.type);
    if (mapper === undefined || !isAboutPatient(ctx, matchSubject, entry)) continue;
    mapper(ctx, entry);
  }
  return {
    ok: true,
    facts: buildFacts(ctx, demographics),
    history: { sessions: ctx.sessions, outcomes: ctx.outcomes, consents: ctx.consents },
    issues: ctx.issues,
  };
}

/** False, with an issue, when the resource's subject is clearly another patient. */
function isAboutPatient(
  ctx: ExtractContext,
  matchSubject: (reference: string) => SubjectMatch,
  entry: IndexedEntry,
): boolean {
  const element = patientElement(entry.type);
  const reference = referenceOf(entry.resource[element]);
  if (reference === undefined || matchSubject(reference) !== 'other') return true;
  addIssue(
    ctx,
    `${entry.path}.${element}.reference`,
    `${entry.path} (${entry.type}) is about ${preview(reference)}, not the record's patient; skipped`,
  );
  return false;
}

/** The latest authored intake; a later entry wins a tie. */
function latestIntake(ctx: ExtractContext): Intake | undefined {
  let best: { authoredMs: number; intake: Intake } | undefined;
  for (const candidate of ctx.intakes) {
    if (best === undefined || candidate.authoredMs >= best.authoredMs) best = candidate;
  }
  return best?.intake;
}

function buildFacts(ctx: ExtractContext, demographics: PatientDemographics): PatientFacts {
  const intake = latestIntake(ctx);
  return { ...demographics, ...ctx.lists, ...(intake === undefined ? {} : { intake }) };
}
