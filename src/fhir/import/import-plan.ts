// A FHIR Bundle (an IPS document, a collection, a transaction) → what importing it would do (SPEC-INTEROP §5): the
// patient's identity, the document's source and date, and for every entry the facts it yields or why it is skipped,
// each fact carrying its provenance (`Observation/abc`). Pure: the server carries the plan out in one transaction.
// The resources are read by the same readers as `o3care check` (extract-record.ts), so an imported record screens
// as the file does.

import type { Fact, Intake } from '../../clinical/facts.ts';
import type { IndexedEntry } from '../bundle-index.ts';
import { referenceOf, resourceLabel } from '../bundle-index.ts';
import type { FactListKey } from '../extract-context.ts';
import type { EntryReading } from '../extract-record.ts';
import { readRecord } from '../extract-record.ts';
import { asArray, asFhirDateTime, asRecord, asShortString, asString, child, preview } from '../json.ts';
import type { JsonRecord } from '../json.ts';
import type { ImportableBundleType, ImportProblem } from './bundle-shape.ts';
import { checkBundleShape, MAX_IMPORT_ENTRIES } from './bundle-shape.ts';
import type { ImportNote, PatientIdentity } from './patient-identity.ts';
import { readPatientIdentity } from './patient-identity.ts';
import type { Skip } from './skip-reasons.ts';
import { notReadSkip, statusSkip } from './skip-reasons.ts';

export type { ImportProblem } from './bundle-shape.ts';
export type { ImportNote, PatientIdentity } from './patient-identity.ts';
export type { Skip, SkipReason } from './skip-reasons.ts';

/** The PatientFacts field a fact feeds: a list, or the patient's death. */
export type ImportFactKind = FactListKey | 'deceased';

export interface ImportedFact {
  readonly kind: ImportFactKind;
  readonly fact: Fact<unknown>;
}

export interface ImportSource {
  readonly bundleType: ImportableBundleType;
  /** Who sent it: Bundle.meta.source, else the Composition's custodian, else its first author. */
  readonly system?: string;
  /** Bundle.identifier as `system|value`: the document's own identity. */
  readonly documentIdentifier?: string;
  /** When it was assembled: Bundle.timestamp, else Composition.date (FHIR dateTime as written). */
  readonly date?: string;
  readonly title?: string;
}

export interface PlannedResource {
  /** The entry's place in Bundle.entry. */
  readonly index: number;
  readonly type: string;
  /** `Type/id`, else the fullUrl, else `$.entry[n].resource`: what provenance calls it. */
  readonly label: string;
  /** The resource as sent (the server hashes it to recognise a resource imported before). */
  readonly resource: JsonRecord | undefined;
  readonly facts: readonly ImportedFact[];
  /** An o3care intake questionnaire response: the intake it states. */
  readonly intake?: Intake;
  /** Why nothing is imported from it; absent when it yields facts or an intake. */
  readonly skip?: Skip;
  /** What the readers noticed (a value left out, a unit converted…). */
  readonly notes: readonly ImportNote[];
}

export interface ImportPlan {
  readonly source: ImportSource;
  readonly patient: PatientIdentity;
  /** Where the Patient is in the Bundle (`$.entry[1].resource`). */
  readonly patientPath: string;
  readonly patientLabel: string;
  readonly resources: readonly PlannedResource[];
  /** Notes about the Bundle or the Patient rather than one clinical resource. */
  readonly notes: readonly ImportNote[];
}

export type PlanResult =
  { readonly ok: true; readonly plan: ImportPlan } | { readonly ok: false; readonly problem: ImportProblem };

const refuse = (path: string, message: string): PlanResult => ({ ok: false, problem: { path, message } });

export function planImport(input: unknown): PlanResult {
  const shape = checkBundleShape(input);
  if (!shape.ok) return shape;
  const reading = readRecord(shape.bundle, { maxResources: MAX_IMPORT_ENTRIES });
  if (!reading.ok) return refuse(reading.error.path, reading.error.message);
  const { patient } = reading;
  if (patient === undefined) {
    return refuse(
      '$.entry',
      'the Bundle holds no Patient resource: an import needs to know whose record it is',
    );
  }
  const identity = readPatientIdentity(patient);
  if (!identity.ok) return { ok: false, problem: identity.problem };
  const source = readSource(shape.bundle, shape.type, reading.entries);
  if (!source.ok) return { ok: false, problem: source.problem };
  const chosenIntake = reading.facts.intake;
  const resources = reading.entries.map((entry) => planEntry(entry, chosenIntake));
  const withDeathOnPatient = resources.map((planned) =>
    planned.index === patient.index && reading.demographics.deceased !== undefined
      ? { ...planned, facts: [{ kind: 'deceased' as const, fact: reading.demographics.deceased }] }
      : planned,
  );
  const resourcePaths = new Set(reading.entries.map((entry) => entry.entry.path));
  const entryNotes = new Set(reading.entries.flatMap((entry) => entry.issues));
  const notes = [
    ...identity.notes,
    ...reading.issues.filter((issue) => !entryNotes.has(issue) && !startsWithAny(issue.path, resourcePaths)),
  ];
  return {
    ok: true,
    plan: {
      source: source.source,
      patient: identity.identity,
      patientPath: patient.path,
      patientLabel: resourceLabel(patient),
      resources: [...withDeathOnPatient, ...entriesWithoutResource(shape.bundle)],
      notes,
    },
  };
}

const startsWithAny = (path: string, prefixes: ReadonlySet<string>): boolean =>
  [...prefixes].some((prefix) => path === prefix || path.startsWith(`${prefix}.`));

/** Transaction or batch entries that name a resource without carrying one (a DELETE). */
function entriesWithoutResource(bundle: JsonRecord): PlannedResource[] {
  const planned: PlannedResource[] = [];
  asArray(bundle.entry).forEach((entry, index) => {
    const record = asRecord(entry);
    if (record === undefined || record.resource !== undefined) return;
    const request = child(record, 'request');
    const url = asShortString(request?.url, 300) ?? asShortString(record.fullUrl, 300) ?? `$.entry[${index}]`;
    planned.push({
      index,
      type: 'Bundle.entry',
      label: url,
      resource: undefined,
      facts: [],
      skip: {
        reason: 'no-resource',
        message: `a ${asString(request?.method) ?? 'request'} entry without a resource: nothing to import`,
      },
      notes: [],
    });
  });
  return planned.sort((a, b) => a.index - b.index);
}

function planEntry(reading: EntryReading, chosenIntake: Intake | undefined): PlannedResource {
  const { entry } = reading;
  const base = {
    index: entry.index,
    type: entry.type,
    label: resourceLabel(entry),
    resource: entry.resource,
    notes: reading.issues,
  };
  const facts: ImportedFact[] = reading.facts.map(({ kind, fact }) => ({ kind, fact }));
  switch (reading.outcome) {
    case 'patient':
      return { ...base, facts: [] };
    case 'not-read':
      return { ...base, facts: [], skip: notReadSkip(entry.type) };
    case 'other-patient':
      return {
        ...base,
        facts: [],
        skip: { reason: 'other-patient', message: reading.issues[0]?.message ?? 'about another patient' },
      };
    case 'read':
      break;
  }
  facts.push(...severeAdverseEvents(reading, entry));
  const intake = reading.intakes.find((candidate) => candidate === chosenIntake);
  if (facts.length > 0 || intake !== undefined) {
    return { ...base, facts, ...(intake === undefined ? {} : { intake }) };
  }
  return { ...base, facts, skip: whyNothing(reading) };
}

/**
 * An ozone session given elsewhere is not stored as an o3care session (those hang off an o3care order and its
 * operator), but a grade ≥ 3 adverse event in it must not be lost: it is kept as ozone intolerance, the fact
 * `contraindication.ozone-intolerance` reads beside the history's severe events (SPEC-CLINICAL §5, docs/decisions/0012).
 */
function severeAdverseEvents(reading: EntryReading, entry: IndexedEntry): ImportedFact[] {
  return reading.sessions.flatMap((session) => {
    const grades = session.adverseEvents.map((event) => event.grade ?? 0).filter((grade) => grade >= 3);
    if (grades.length === 0) return [];
    return [
      {
        kind: 'ozoneIntolerance' as const,
        fact: {
          value: true,
          effective: session.performedAt,
          provenance: { resource: resourceLabel(entry), code: `adverse-event-grade:${Math.max(...grades)}` },
        },
      },
    ];
  });
}

function whyNothing(reading: EntryReading): Skip {
  if (reading.sessions.length > 0) {
    return {
      reason: 'not-stored',
      message:
        'an ozone session given elsewhere is not stored as an o3care session; it had no adverse event of grade 3 or more',
    };
  }
  if (reading.outcomes.length > 0) {
    return {
      reason: 'not-stored',
      message:
        'an outcome measure from elsewhere is not stored: o3care records its own baseline for each course',
    };
  }
  if (reading.consents.length > 0) {
    return { reason: 'not-stored', message: 'consent is given at this clinic, not imported' };
  }
  if (reading.intakes.length > 0) {
    return { reason: 'not-current', message: 'an earlier intake than the one the document’s latest states' };
  }
  if (reading.issues.length > 0) {
    return { reason: 'unusable', message: reading.issues.map((issue) => issue.message).join('; ') };
  }
  return statusSkip(reading.entry.type, reading.entry.resource);
}

// ---------------------------------------------------------------- the source

type SourceRead = { ok: true; source: ImportSource } | { ok: false; problem: ImportProblem };

function readSource(
  bundle: JsonRecord,
  bundleType: ImportableBundleType,
  entries: readonly EntryReading[],
): SourceRead {
  const composition = entries.find((reading) => reading.entry.type === 'Composition')?.entry;
  const timestamp = bundle.timestamp;
  const compositionDate = composition?.resource.date;
  const date = timestamp === undefined ? undefined : asFhirDateTime(timestamp);
  if (timestamp !== undefined && date === undefined) {
    return {
      ok: false,
      problem: {
        path: '$.timestamp',
        message: `$.timestamp must be a FHIR instant, found ${preview(timestamp)}`,
      },
    };
  }
  const documentDate = compositionDate === undefined ? undefined : asFhirDateTime(compositionDate);
  if (composition !== undefined && compositionDate !== undefined && documentDate === undefined) {
    const path = `${composition.path}.date`;
    return {
      ok: false,
      problem: { path, message: `${path} must be a FHIR dateTime, found ${preview(compositionDate)}` },
    };
  }
  const identifier = asRecord(bundle.identifier);
  const idSystem = asShortString(identifier?.system, 300);
  const idValue = asShortString(identifier?.value, 300);
  const system =
    asShortString(child(bundle, 'meta')?.source, 300) ??
    (composition === undefined ? undefined : party(entries, composition.resource.custodian)) ??
    (composition === undefined ? undefined : party(entries, asArray(composition.resource.author)[0]));
  const title = composition === undefined ? undefined : asShortString(composition.resource.title, 300);
  const sourceDate = date ?? documentDate;
  return {
    ok: true,
    source: {
      bundleType,
      ...(system === undefined ? {} : { system }),
      ...(idValue === undefined
        ? {}
        : { documentIdentifier: idSystem === undefined ? idValue : `${idSystem}|${idValue}` }),
      ...(sourceDate === undefined ? {} : { date: sourceDate }),
      ...(title === undefined ? {} : { title }),
    },
  };
}

/** A custodian or author: its display, else the name of the resource it resolves to, else the reference itself. */
function party(entries: readonly EntryReading[], reference: unknown): string | undefined {
  const record = asRecord(reference);
  if (record === undefined) return undefined;
  const display = asShortString(record.display, 300);
  if (display !== undefined) return display;
  const target = referenceOf(record);
  if (target === undefined) return undefined;
  const resolved = resolveIn(entries, target);
  const name = resolved === undefined ? undefined : nameOf(resolved.resource);
  return name === undefined ? target.slice(0, 300) : `${name} (${resolved?.type ?? 'unknown'})`;
}

function resolveIn(entries: readonly EntryReading[], reference: string): IndexedEntry | undefined {
  const found = entries.find((reading) => reading.entry.fullUrl === reference)?.entry;
  if (found !== undefined) return found;
  const [type, id] = reference.split('/').slice(-2);
  return entries.find((reading) => reading.entry.type === type && reading.entry.id === id)?.entry;
}

function nameOf(resource: JsonRecord): string | undefined {
  const name = resource.name;
  if (typeof name === 'string') return asShortString(name, 200);
  const human = asRecord(asArray(name)[0]);
  if (human === undefined) return undefined;
  const text = asShortString(human.text, 200);
  if (text !== undefined) return text;
  const parts = [...asArray(human.given), human.family].filter((part) => typeof part === 'string');
  return parts.length === 0 ? undefined : parts.join(' ').slice(0, 200);
}
