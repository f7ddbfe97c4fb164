// A CDS request's prefetch → the patient's facts and history, through the same extraction `o3care check` uses
// (extract-record.ts), so that a prefetch and a file holding the same resources give the same findings.
//
// CDS Hooks 2.0 ("Prefetch Template"): a client leaves out a key it did not satisfy and sends null for a key with no
// data; the service checks what it was given and answers 412 when it cannot get what it needs. Every key of
// PREFETCH_TEMPLATES counts as needed: a record without its conditions or allergies would read as "no
// contraindication", which is the one wrong answer a safety check must not give. The optional `intake` key is read
// when present.

import type { CareHistory } from '../../clinical/care.ts';
import type { PatientFacts } from '../../clinical/facts.ts';
import type { ExtractionIssue } from '../extract-record.ts';
import { extractRecord } from '../extract-record.ts';
import { isRecord, preview } from '../json.ts';
import type { JsonRecord } from '../json.ts';
import type { PrefetchKey } from './services.ts';
import { OPTIONAL_PREFETCH_KEYS, PREFETCH_KEYS } from './services.ts';

export type PrefetchRecord =
  | {
      readonly ok: true;
      readonly facts: PatientFacts;
      readonly history: CareHistory;
      readonly issues: readonly ExtractionIssue[];
    }
  /** Keys the client left out (or a patient it sent as null): evaluate from o3care's own record, or 412. */
  | { readonly ok: false; readonly kind: 'incomplete'; readonly missing: readonly PrefetchKey[] }
  /** The prefetch is there but cannot be read: 400, with the path. */
  | { readonly ok: false; readonly kind: 'invalid'; readonly path: string; readonly message: string };

const invalid = (path: string, message: string): PrefetchRecord => ({
  ok: false,
  kind: 'invalid',
  path,
  message,
});

/** The keys of PREFETCH_TEMPLATES the prefetch lacks; `patient: null` counts as lacking (no demographics). */
export function missingPrefetch(prefetch: Readonly<Record<string, unknown>> | undefined): PrefetchKey[] {
  if (prefetch === undefined) return [...PREFETCH_KEYS];
  return PREFETCH_KEYS.filter(
    (key) => !Object.hasOwn(prefetch, key) || (key === 'patient' && prefetch[key] === null),
  );
}

interface Collected {
  readonly entries: unknown[];
  /** Where each entry of the synthetic Bundle came from, for error paths. */
  readonly paths: string[];
}

function collect(prefetch: Readonly<Record<string, unknown>>): Collected | PrefetchRecord {
  const entries: unknown[] = [];
  const paths: string[] = [];
  for (const key of [...PREFETCH_KEYS, ...OPTIONAL_PREFETCH_KEYS]) {
    if (!Object.hasOwn(prefetch, key)) continue;
    const value = prefetch[key];
    const path = `$.prefetch.${key}`;
    if (value === null) continue;
    if (!isRecord(value) || typeof value.resourceType !== 'string') {
      return invalid(path, `${path} must be a FHIR resource, a Bundle or null, found ${preview(value)}`);
    }
    if (key === 'patient' && value.resourceType !== 'Patient') {
      return invalid(
        `${path}.resourceType`,
        `${path} must be a Patient, found ${preview(value.resourceType)}`,
      );
    }
    if (value.resourceType !== 'Bundle') {
      entries.push({ resource: value });
      paths.push(path);
      continue;
    }
    const list = value.entry ?? [];
    if (!Array.isArray(list)) return invalid(`${path}.entry`, `${path}.entry must be an array`);
    list.forEach((entry: unknown, index) => {
      entries.push(entry);
      paths.push(`${path}.entry[${index}]`);
    });
  }
  return { entries, paths };
}

/** `$.entry[3].resource.code` of the synthetic Bundle → `$.prefetch.conditions.entry[1].resource.code`. */
function originalPath(path: string, paths: readonly string[]): string {
  const match = /^\$\.entry\[(\d+)\](.*)$/.exec(path);
  const origin = match ? paths[Number(match[1])] : undefined;
  return match && origin !== undefined ? `${origin}${match[2]}` : path.replace(/^\$/, '$.prefetch');
}

/**
 * The record the prefetch holds, for the patient `patientId`. The Patient must be that patient; resources about
 * anyone else are skipped by extraction and reported as issues, as `o3care check` does.
 */
export function recordFromPrefetch(
  prefetch: Readonly<Record<string, unknown>> | undefined,
  patientId: string,
): PrefetchRecord {
  const missing = missingPrefetch(prefetch);
  if (prefetch === undefined || missing.length > 0) return { ok: false, kind: 'incomplete', missing };
  const patient = prefetch.patient as JsonRecord;
  if (patient.id !== undefined && patient.id !== patientId) {
    return invalid(
      '$.prefetch.patient.id',
      `$.prefetch.patient is Patient/${preview(patient.id)}, but context.patientId is ${preview(patientId)}`,
    );
  }
  const collected = collect(prefetch);
  if (!('entries' in collected)) return collected;
  const extracted = extractRecord({ resourceType: 'Bundle', type: 'collection', entry: collected.entries });
  if (!extracted.ok) {
    const path = originalPath(extracted.error.path, collected.paths);
    return invalid(path, extracted.error.message.replaceAll(extracted.error.path, path));
  }
  return {
    ok: true,
    facts: extracted.facts,
    history: extracted.history,
    issues: extracted.issues.map((issue) => ({ ...issue, path: originalPath(issue.path, collected.paths) })),
  };
}
