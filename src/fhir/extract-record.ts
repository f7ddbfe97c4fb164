// FHIR R4 Bundle → the patient facts and care history the rules engine reads (SPEC-CLINICAL §5, SPEC-INTEROP §2).
// Accepts any Bundle type (document, collection, transaction, searchset) and any JSON value: it never throws.
// Fatal problems (not a Bundle, too many entries, no single patient) give `ok: false` with a JSON path; anything
// merely unusable (an unknown unit, a resource for someone else) is skipped and reported as an issue.

import type { CareHistory, OutcomeRecord, SessionRecord } from '../clinical/care.ts';
import type { ConsentRecord, Fact, Intake, PatientFacts } from '../clinical/facts.ts';
import type { IndexedEntry } from './bundle-index.ts';
import { indexEntries, referenceOf } from './bundle-index.ts';
import type { ExtractContext, ExtractionIssue, FactListKey } from './extract-context.ts';
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

const failure = (path: string, message: string): Failure => ({ ok: false, error: { path, message } });

type Failure = Extract<ExtractResult, { ok: false }>;

/** A fact one resource gave, with the PatientFacts list it belongs to. */
export interface ListedFact {
  readonly kind: FactListKey;
  readonly fact: Fact<unknown>;
}

/**
 * What reading one Bundle entry gave for the record's patient, for reports that go resource by resource (IPS import).
 * `patient` is the record's Patient (its demographics are in `RecordReading`), `not-read` a type o3care has no reader
 * for (or another Patient), `other-patient` a resource about someone else.
 */
export interface EntryReading {
  readonly entry: IndexedEntry;
  readonly outcome: 'read' | 'patient' | 'not-read' | 'other-patient';
  readonly facts: readonly ListedFact[];
  readonly sessions: readonly SessionRecord[];
  readonly outcomes: readonly OutcomeRecord[];
  readonly consents: readonly ConsentRecord[];
  readonly intakes: readonly Intake[];
  /** Issues reported while reading this entry. */
  readonly issues: readonly ExtractionIssue[];
}

/** extractRecord's result with the same reading broken down by entry, and the record's Patient entry. */
export type RecordReading =
  | (Extract<ExtractResult, { ok: true }> & {
      readonly patient: IndexedEntry | undefined;
      readonly demographics: PatientDemographics;
      readonly entries: readonly EntryReading[];
    })
  | Failure;

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
  return guarded(() => extract(input, options, undefined));
}

/**
 * The same reading as extractRecord (same facts, history and issues), with what each entry gave. Slower: it notes
 * list lengths around every resource, so screening keeps using extractRecord.
 */
export function readRecord(input: unknown, options?: ExtractOptions): RecordReading {
  return guarded(() => extract(input, options, []));
}

function guarded<T>(read: () => T | Failure): T | Failure {
  try {
    return read();
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

function extract(input: unknown, options: ExtractOptions | undefined, readings: undefined): ExtractResult;
function extract(
  input: unknown,
  options: ExtractOptions | undefined,
  readings: EntryReading[],
): RecordReading;
function extract(
  input: unknown,
  options: ExtractOptions | undefined,
  readings: EntryReading[] | undefined,
): ExtractResult | RecordReading {
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
  const before = readings === undefined ? undefined : mark(ctx);
  const demographics: PatientDemographics = patient === undefined ? {} : readPatient(ctx, patient);
  const patientIssues = before === undefined ? [] : ctx.issues.slice(before.issues);
  if (patient === undefined && index.entries.length > 0) {
    addIssue(ctx, '$.entry', 'the Bundle holds no Patient resource: sex and birth date are unknown');
  }
  const matchSubject = subjectMatcher(index, patient);
  for (const entry of index.entries) {
    if (readings !== undefined) {
      readings.push(
        readEntry(ctx, entry, patient, patientIssues, (mapper) => {
          if (!isAboutPatient(ctx, matchSubject, entry)) return 'other-patient';
          mapper(ctx, entry);
          return 'read';
        }),
      );
      continue;
    }
    const mapper = MAPPERS.get(entry.type);
    if (mapper === undefined || !isAboutPatient(ctx, matchSubject, entry)) continue;
    mapper(ctx, entry);
  }
  const result = {
    ok: true as const,
    facts: buildFacts(ctx, demographics),
    history: { sessions: ctx.sessions, outcomes: ctx.outcomes, consents: ctx.consents },
    issues: ctx.issues,
  };
  return readings === undefined ? result : { ...result, patient, demographics, entries: readings };
}

/** How far each of the context's lists had grown. */
interface Mark {
  readonly lists: ReadonlyMap<FactListKey, number>;
  readonly sessions: number;
  readonly outcomes: number;
  readonly consents: number;
  readonly intakes: number;
  readonly issues: number;
}

function mark(ctx: ExtractContext): Mark {
  const lists = new Map<FactListKey, number>();
  for (const key of Object.keys(ctx.lists) as FactListKey[]) lists.set(key, ctx.lists[key].length);
  return {
    lists,
    sessions: ctx.sessions.length,
    outcomes: ctx.outcomes.length,
    consents: ctx.consents?.length ?? 0,
    intakes: ctx.intakes.length,
    issues: ctx.issues.length,
  };
}

/** Runs `read` on one entry (when o3care has a reader for its type) and notes everything it added. */
function readEntry(
  ctx: ExtractContext,
  entry: IndexedEntry,
  patient: IndexedEntry | undefined,
  patientIssues: readonly ExtractionIssue[],
  read: (mapper: Mapper) => 'read' | 'other-patient',
): EntryReading {
  const empty = { facts: [], sessions: [], outcomes: [], consents: [], intakes: [] };
  if (entry === patient) return { entry, outcome: 'patient', ...empty, issues: patientIssues };
  const mapper = MAPPERS.get(entry.type);
  if (mapper === undefined) return { entry, outcome: 'not-read', ...empty, issues: [] };
  const before = mark(ctx);
  const outcome = read(mapper);
  const facts: ListedFact[] = [];
  for (const [kind, length] of before.lists) {
    for (const fact of ctx.lists[kind].slice(length)) facts.push({ kind, fact });
  }
  return {
    entry,
    outcome,
    facts,
    sessions: ctx.sessions.slice(before.sessions),
    outcomes: ctx.outcomes.slice(before.outcomes),
    consents: (ctx.consents ?? []).slice(before.consents),
    intakes: ctx.intakes.slice(before.intakes).map((candidate) => candidate.intake),
    issues: ctx.issues.slice(before.issues),
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
