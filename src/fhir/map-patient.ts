// The one patient a record is about, what o3care reads from the Patient resource, and whether another resource's
// subject is that patient. A Bundle may carry several Patients (an IPS document names relatives, a search may be
// mixed); the document's Composition.subject then says which one the record is about.

import type { Fact, Sex } from '../clinical/facts.ts';
import type { BundleIndex, IndexedEntry } from './bundle-index.ts';
import { fullUrlTail, parseTypeId, referenceOf, resolveReference } from './bundle-index.ts';
import type { ExtractContext } from './extract-context.ts';
import { addIssue, fact, firstDate } from './extract-context.ts';
import { asFhirDate, preview } from './json.ts';

export type PatientChoice =
  | { readonly ok: true; readonly patient: IndexedEntry | undefined }
  | { readonly ok: false; readonly path: string; readonly message: string };

/** The record's patient: the only Patient, or the Patient a Composition names when there are several. */
export function choosePatient(index: BundleIndex): PatientChoice {
  const patients = index.entries.filter((entry) => entry.type === 'Patient');
  const [first, second] = patients;
  if (second === undefined) return { ok: true, patient: first };
  for (const entry of index.entries) {
    if (entry.type !== 'Composition') continue;
    const reference = referenceOf(entry.resource.subject);
    const subject = reference === undefined ? undefined : resolveReference(index, reference);
    if (subject?.type === 'Patient') return { ok: true, patient: subject };
  }
  return {
    ok: false,
    path: second.path,
    message:
      `the Bundle holds ${patients.length} Patient resources (${first?.path ?? '?'}, ${second.path}, …) and no ` +
      'Composition.subject that names one of them; o3care reads one patient’s record at a time',
  };
}

export type SubjectMatch = 'this' | 'other' | 'unknown';

/**
 * Whether a reference names the record's patient. `other` only when it clearly names someone else: it resolves to
 * another Patient in the Bundle, or it is a `Patient/<id>` reference whose id is not the patient's. References that
 * resolve to nothing (a prefetch without the Patient resource) are `unknown` and the resource is kept.
 */
export function matchSubject(
  index: BundleIndex,
  patient: IndexedEntry | undefined,
  reference: string,
): SubjectMatch {
  if (patient === undefined) return 'unknown';
  const target = resolveReference(index, reference);
  if (target !== undefined) {
    if (target === patient) return 'this';
    return target.type === 'Patient' ? 'other' : 'unknown';
  }
  const named = parseTypeId(reference);
  if (named?.type !== 'Patient' || patient.id === undefined) return 'unknown';
  return named.id === patient.id || named.id === fullUrlTail(patient.fullUrl) ? 'this' : 'other';
}

/**
 * `matchSubject` for one record's patient, with the answers for the patient's own `Patient/<id>` and fullUrl worked
 * out once. Nearly every resource names its patient in one of those two forms, and comparing the reference with them
 * skips resolving it (a search of the Bundle's entries and a regular expression) for almost every resource. Same
 * answers as `matchSubject`: the index does not change during an extraction.
 */
export function subjectMatcher(
  index: BundleIndex,
  patient: IndexedEntry | undefined,
): (reference: string) => SubjectMatch {
  if (patient === undefined) return () => 'unknown';
  const known: (readonly [string, SubjectMatch])[] = [];
  for (const own of [patient.id === undefined ? undefined : `Patient/${patient.id}`, patient.fullUrl]) {
    if (own !== undefined) known.push([own, matchSubject(index, patient, own)]);
  }
  return (reference) => {
    for (const [own, match] of known) if (reference === own) return match;
    return matchSubject(index, patient, reference);
  };
}

const SEXES: ReadonlySet<string> = new Set<Sex>(['female', 'male', 'other', 'unknown']);

export interface PatientDemographics {
  readonly patientId?: string;
  readonly sex?: Sex;
  readonly birthDate?: string;
  readonly deceased?: Fact<true>;
}

export function readPatient(ctx: ExtractContext, entry: IndexedEntry): PatientDemographics {
  const { resource, path } = entry;
  const out: { -readonly [K in keyof PatientDemographics]: PatientDemographics[K] } = {};
  if (entry.id !== undefined) out.patientId = entry.id;
  const gender = resource.gender;
  if (typeof gender === 'string' && SEXES.has(gender)) {
    out.sex = gender as Sex;
  } else if (gender !== undefined) {
    addIssue(ctx, `${path}.gender`, `${path}.gender is not a FHIR gender: ${preview(gender)}`);
  }
  const birthDate = asFhirDate(resource.birthDate);
  if (birthDate !== undefined) {
    out.birthDate = birthDate;
  } else if (resource.birthDate !== undefined) {
    addIssue(
      ctx,
      `${path}.birthDate`,
      `${path}.birthDate is not a FHIR date: ${preview(resource.birthDate)}`,
    );
  }
  if (resource.deceasedBoolean === true) {
    out.deceased = fact(true as const, entry, undefined);
  } else if (resource.deceasedDateTime !== undefined) {
    // An unreadable date still says the patient died; the fact is kept without its date.
    out.deceased = fact(
      true as const,
      entry,
      firstDate(ctx, entry, [['deceasedDateTime', resource.deceasedDateTime]]),
    );
  }
  return out;
}
