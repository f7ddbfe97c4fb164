// Why a resource gave the import nothing, in words a clinician can check against the sender's document. The readers
// (map-*.ts) pass over a resource silently when it is not current or not about anything screening reads; this file
// names which of those it was, from the same status elements those readers look at.

import { codingsOf } from '../codes.ts';
import { asString } from '../json.ts';
import type { JsonRecord } from '../json.ts';

/**
 * Why a resource was not imported. The first group is decided from the document alone; `already-imported`,
 * `duplicate` and `intake-kept` depend on the clinic's record and are decided when the plan is carried out.
 */
export const SKIP_REASONS = [
  'not-read',
  'other-patient',
  'no-resource',
  'not-screened',
  'entered-in-error',
  'refuted',
  'not-current',
  'unusable',
  'not-stored',
  'already-imported',
  'duplicate',
  'intake-kept',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Skip {
  readonly reason: SkipReason;
  readonly message: string;
}

const WHO_AND_WHERE: ReadonlySet<string> = new Set([
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Device',
  'Location',
  'RelatedPerson',
]);

/** A resource type o3care has no reader for. */
export function notReadSkip(type: string): Skip {
  if (type === 'Composition') {
    return {
      reason: 'not-read',
      message: 'the document’s header: its author, custodian and date are kept as the import’s source',
    };
  }
  if (type === 'Patient') {
    return { reason: 'not-read', message: 'another person named in the document, not the record’s patient' };
  }
  if (type === 'Medication') {
    return {
      reason: 'not-read',
      message: 'read through the MedicationStatement or MedicationRequest that names it',
    };
  }
  if (WHO_AND_WHERE.has(type)) {
    return {
      reason: 'not-read',
      message: `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type} says who or where, not what o3care screens for`,
    };
  }
  return { reason: 'not-read', message: `o3care does not read ${type} resources` };
}

const NOT_CURRENT_CLINICAL: ReadonlySet<string> = new Set(['inactive', 'resolved', 'remission']);
const NOT_CURRENT_STATUS: Readonly<Record<string, ReadonlySet<string>>> = {
  Observation: new Set(['registered', 'cancelled', 'unknown']),
  MedicationStatement: new Set(['stopped', 'completed', 'not-taken']),
  MedicationRequest: new Set(['stopped', 'completed', 'cancelled', 'unknown']),
  Procedure: new Set(['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'unknown']),
  Consent: new Set(['rejected', 'inactive']),
};

const codesOf = (concept: unknown): string[] =>
  codingsOf(concept)
    .map((coding) => coding.code)
    .filter((code) => code !== undefined);

/** Why a resource that was read gave no facts, judged from its status elements. */
export function statusSkip(type: string, resource: JsonRecord): Skip {
  const status = asString(resource.status);
  const verification = codesOf(resource.verificationStatus);
  if (status === 'entered-in-error' || verification.includes('entered-in-error')) {
    return { reason: 'entered-in-error', message: 'marked entered-in-error by the sender' };
  }
  if (verification.includes('refuted')) return { reason: 'refuted', message: 'refuted by the sender' };
  const clinical = codesOf(resource.clinicalStatus).find((code) => NOT_CURRENT_CLINICAL.has(code));
  if (clinical !== undefined) {
    return {
      reason: 'not-current',
      message: `clinical status ${clinical}: screening reads current conditions`,
    };
  }
  if (status !== undefined && NOT_CURRENT_STATUS[type]?.has(status) === true) {
    return { reason: 'not-current', message: `status ${status}: screening does not read it` };
  }
  return { reason: 'not-screened', message: 'nothing o3care screens for (no code or value its rules read)' };
}
