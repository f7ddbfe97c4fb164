// IPS and FHIR import (SPEC-INTEROP §5, docs/decisions/0012): carries out an import plan (src/fhir/import/) in the
// caller's one transaction. It matches the patient (identifier, then name and birth date) or registers them, stores
// the facts with source `import` and their provenance, skips resources an earlier import already stored, screens the
// patient again, and appends the import record with its report. Any failure rolls all of it back.

import { createHash, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type {
  ImportPlan,
  ImportSource,
  PatientIdentity,
  PlannedResource,
  SkipReason,
} from '../../fhir/import/import-plan.ts';
import { MAX_IDENTIFIERS } from '../../fhir/import/patient-identity.ts';
import type { NewFactRow } from '../../store/clinical-fact.repository.ts';
import { insertFacts } from '../../store/clinical-fact.repository.ts';
import { jsonb } from '../../store/column-types.ts';
import type { EarlierImport } from '../../store/import.repository.ts';
import {
  findPatientsByNameAndBirthDate,
  insertPatientImport,
  listImportedResources,
  lockImports,
} from '../../store/import.repository.ts';
import type { ImportedResource, PatientMatch } from '../../store/import.table.ts';
import { findCurrentIntake, insertIntakeVersion } from '../../store/intake.repository.ts';
import type { PatientChanges, PatientRow } from '../../store/patient.repository.ts';
import {
  findPatientsByIdentifier,
  insertPatient,
  lockPatient,
  updatePatient,
} from '../../store/patient.repository.ts';
import type { PatientIdentifier } from '../../store/patient.table.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { RecordConflictError } from './errors.ts';
import { screenAndStore } from './intake.ts';
import { intakeToRow, patientToRow } from './record-mapping.ts';
import type { ScreeningResult } from './record-types.ts';

export interface ImportedFactView {
  readonly kind: string;
  readonly value: unknown;
  readonly effective?: string;
  /** The code or text that matched (`http://loinc.org|29463-7`). */
  readonly code?: string;
}

export interface ImportedResourceView {
  /** `Observation/abc`: the provenance its facts carry. */
  readonly resource: string;
  readonly type: string;
  readonly facts: readonly ImportedFactView[];
  /** The intake version it created (an o3care intake questionnaire response). */
  readonly intakeVersion?: number;
}

export interface SkippedResourceView {
  readonly resource: string;
  readonly type: string;
  readonly reason: SkipReason;
  readonly message: string;
}

export interface ImportReport {
  readonly importId: string;
  readonly patient: {
    readonly id: string;
    readonly outcome: 'created' | 'matched';
    /** How an existing patient was found. */
    readonly matchedBy?: Exclude<PatientMatch, 'created'>;
    /** The identifier (`system|value`) that matched. */
    readonly identifier?: string;
    /** Fields of a matched patient that were empty and were filled from the document (nothing is overwritten). */
    readonly added: readonly string[];
  };
  readonly source: ImportSource;
  /** SHA-256 of the document as received (JSON text), hex. */
  readonly documentSha256: string;
  readonly imported: readonly ImportedResourceView[];
  readonly skipped: readonly SkippedResourceView[];
  /** Values the readers left out or read with a caveat, by JSON path in the document. */
  readonly notes: readonly { readonly path: string; readonly message: string }[];
  readonly screening: ScreeningResult;
}

/** SHA-256 of a resource or document as JSON text: the same bytes for the same parsed JSON, from the API or a file. */
export function sha256OfJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

interface Match {
  readonly row: PatientRow | undefined;
  readonly how: PatientMatch;
  readonly identifier?: string;
}

/** Two FHIR dates that may be partial (`1972`, `1972-05`) agree when one is a prefix of the other. */
const birthDatesAgree = (a: string | null, b: string | undefined): boolean =>
  a === null || b === undefined || a.startsWith(b) || b.startsWith(a);

async function matchPatient(
  trx: Transaction<Database>,
  context: CareContext,
  identity: PatientIdentity,
): Promise<Match> {
  const byIdentifier = new Map<string, { row: PatientRow; identifier: string }>();
  for (const identifier of identity.identifiers) {
    for (const row of await findPatientsByIdentifier(trx, context, identifier)) {
      if (!byIdentifier.has(row.id))
        byIdentifier.set(row.id, { row, identifier: `${identifier.system}|${identifier.value}` });
    }
  }
  if (byIdentifier.size > 1) {
    throw new RecordConflictError(
      `the document's identifiers belong to ${byIdentifier.size} different patients: resolve the duplicate record before importing`,
    );
  }
  const [found] = byIdentifier.values();
  if (found !== undefined) {
    // An identifier shared by two people is a data error, and importing one person's facts into another's record is
    // the harm matching exists to prevent (SPEC-INTEROP §5 matches by identifier first, not only).
    if (!birthDatesAgree(found.row.birth_date, identity.birthDate)) {
      throw new RecordConflictError(
        `identifier ${found.identifier} belongs to a patient with another birth date: check the identity before importing`,
      );
    }
    return { row: found.row, how: 'identifier', identifier: found.identifier };
  }
  if (identity.birthDate === undefined) return { row: undefined, how: 'created' };
  const byName = await findPatientsByNameAndBirthDate(trx, context, {
    ...identity,
    birthDate: identity.birthDate,
  });
  if (byName.length > 1) {
    throw new RecordConflictError(
      `${byName.length} patients have this name and birth date: add an identifier to the right one, then import again`,
    );
  }
  const [named] = byName;
  if (named === undefined) return { row: undefined, how: 'created' };
  // Same name and birth date but another number in the same identifier system (another passport, another national
  // id) may well be another person: a human decides.
  const clash = named.identifiers.find((own) =>
    identity.identifiers.some((id) => id.system === own.system && id.value !== own.value),
  );
  if (clash !== undefined) {
    throw new RecordConflictError(
      `the patient with this name and birth date holds another ${clash.system} identifier: check the identity before importing`,
    );
  }
  return { row: named, how: 'name-and-birth-date' };
}

/** What the document adds to a matched patient: only fields the clinic has not filled, and identifiers it lacks. */
function fillIns(
  row: PatientRow,
  identity: PatientIdentity,
  at: Date,
): { changes: PatientChanges; added: string[] } {
  const changes: { -readonly [K in keyof PatientChanges]: PatientChanges[K] } = {};
  const added: string[] = [];
  const held = (id: PatientIdentifier) =>
    row.identifiers.some((own) => own.system === id.system && own.value === id.value);
  const newIdentifiers = identity.identifiers.filter((id) => !held(id));
  const room = Math.max(0, MAX_IDENTIFIERS - row.identifiers.length);
  if (newIdentifiers.length > 0 && room > 0) {
    changes.identifiers = jsonb([...row.identifiers, ...newIdentifiers.slice(0, room)]);
    added.push('identifiers');
  }
  if (row.birth_date === null && identity.birthDate !== undefined) {
    changes.birth_date = identity.birthDate;
    added.push('birthDate');
  }
  if (row.sex === 'unknown' && identity.sex !== undefined && identity.sex !== 'unknown') {
    changes.sex = identity.sex;
    added.push('sex');
  }
  if (row.email === null && identity.email !== undefined) {
    changes.email = identity.email;
    added.push('email');
  }
  if (row.phone === null && identity.phone !== undefined) {
    changes.phone = identity.phone;
    added.push('phone');
  }
  if (row.preferred_language === null && identity.preferredLanguage !== undefined) {
    changes.preferred_language = identity.preferredLanguage;
    added.push('preferredLanguage');
  }
  return { changes: added.length === 0 ? {} : { ...changes, updated_at: at }, added };
}

async function registerOrUpdate(
  trx: Transaction<Database>,
  context: CareContext,
  identity: PatientIdentity,
  match: Match,
): Promise<{ patientId: string; added: string[] }> {
  if (match.row === undefined) {
    const row = await insertPatient(
      trx,
      context,
      patientToRow(randomUUID(), identity, context.actorId, context.at),
    );
    return { patientId: row.id, added: [] };
  }
  await lockPatient(trx, match.row.id);
  const { changes, added } = fillIns(match.row, identity, context.at);
  if (added.length > 0) await updatePatient(trx, context, match.row.id, changes);
  return { patientId: match.row.id, added };
}

interface Sorted {
  readonly accepted: { readonly planned: PlannedResource; readonly sha256: string }[];
  readonly skipped: SkippedResourceView[];
}

/** Sets aside what the plan skipped, and resources stored by an earlier import or met earlier in this one. */
function sortResources(plan: ImportPlan, earlier: readonly EarlierImport[]): Sorted {
  const before = new Map(earlier.map((item) => [`${item.resource}\n${item.sha256}`, item]));
  const seen = new Set<string>();
  const accepted: Sorted['accepted'] = [];
  const skipped: SkippedResourceView[] = [];
  for (const planned of plan.resources) {
    const { label: resource, type } = planned;
    if (planned.skip !== undefined) {
      skipped.push({ resource, type, reason: planned.skip.reason, message: planned.skip.message });
      continue;
    }
    if (planned.facts.length === 0 && planned.intake === undefined) continue;
    const sha256 = sha256OfJson(planned.resource);
    const key = `${resource}\n${sha256}`;
    const earlierImport = before.get(key);
    if (earlierImport !== undefined) {
      skipped.push({
        resource,
        type,
        reason: 'already-imported',
        message: `imported unchanged on ${earlierImport.importedAt.toISOString()} (import ${earlierImport.importId})`,
      });
    } else if (seen.has(key)) {
      skipped.push({
        resource,
        type,
        reason: 'duplicate',
        message: 'the same resource appears earlier in this Bundle',
      });
    } else {
      seen.add(key);
      accepted.push({ planned, sha256 });
    }
  }
  return { accepted, skipped };
}

function factRows(planned: PlannedResource, context: CareContext): NewFactRow[] {
  return planned.facts.map(({ kind, fact }) => ({
    id: randomUUID(),
    intake_id: null,
    kind,
    value: jsonb(fact.value),
    // An imported fact without a date stays undated (docs/decisions/0006 §2): the engine treats it as unknown
    // wherever freshness matters, rather than as observed today.
    effective: fact.effective ?? null,
    source: 'import',
    provenance_resource: fact.provenance.resource,
    provenance_code: fact.provenance.code ?? null,
    recorded_by: context.actorId,
    recorded_at: context.at,
  }));
}

const factView = ({ kind, fact }: PlannedResource['facts'][number]): ImportedFactView => ({
  kind,
  value: fact.value,
  ...(fact.effective === undefined ? {} : { effective: fact.effective }),
  ...(fact.provenance.code === undefined ? {} : { code: fact.provenance.code }),
});

/** Notes worth showing: the plan's own, and each resource's unless its skip message already says them. */
function notesOf(plan: ImportPlan): ImportReport['notes'] {
  const quiet: ReadonlySet<SkipReason> = new Set(['unusable', 'other-patient']);
  return [
    ...plan.notes,
    ...plan.resources.flatMap((planned) =>
      planned.skip !== undefined && quiet.has(planned.skip.reason) ? [] : planned.notes,
    ),
  ];
}

export async function importPatientRecord(
  trx: Transaction<Database>,
  context: CareContext,
  plan: ImportPlan,
  documentSha256: string,
): Promise<ImportReport> {
  await lockImports(trx);
  const match = await matchPatient(trx, context, plan.patient);
  const { patientId, added } = await registerOrUpdate(trx, context, plan.patient, match);
  const earlier = match.row === undefined ? [] : await listImportedResources(trx, context, patientId);
  const { accepted, skipped } = sortResources(plan, earlier);

  let intakeId = (await findCurrentIntake(trx, context, patientId))?.id ?? null;
  const imported: ImportedResourceView[] = [];
  const facts: NewFactRow[] = [];
  const stored: ImportedResource[] = [];
  for (const { planned, sha256 } of accepted) {
    let intakeVersion: number | undefined;
    if (planned.intake !== undefined) {
      if (intakeId !== null) {
        skipped.push({
          resource: planned.label,
          type: planned.type,
          reason: 'intake-kept',
          message: 'the clinic’s own intake stands; record changes to it at the clinic',
        });
        if (planned.facts.length === 0) continue;
      } else {
        const intake = await insertIntakeVersion(
          trx,
          context,
          intakeToRow(randomUUID(), patientId, planned.intake, context.actorId, context.at),
        );
        intakeId = intake.id;
        intakeVersion = intake.version;
      }
    }
    facts.push(...factRows(planned, context));
    stored.push({ resource: planned.label, sha256 });
    imported.push({
      resource: planned.label,
      type: planned.type,
      facts: planned.facts.map(factView),
      ...(intakeVersion === undefined ? {} : { intakeVersion }),
    });
  }
  await insertFacts(trx, context, patientId, facts);
  const screening = await screenAndStore(trx, context, patientId, intakeId);

  const importId = randomUUID();
  const report: ImportReport = {
    importId,
    patient: {
      id: patientId,
      outcome: match.row === undefined ? 'created' : 'matched',
      ...(match.how === 'created' ? {} : { matchedBy: match.how }),
      ...(match.identifier === undefined ? {} : { identifier: match.identifier }),
      added,
    },
    source: plan.source,
    documentSha256,
    imported,
    skipped,
    notes: notesOf(plan),
    screening,
  };
  await insertPatientImport(
    trx,
    context,
    {
      id: importId,
      patient_id: patientId,
      patient_match: match.how,
      bundle_type: plan.source.bundleType,
      source_system: plan.source.system ?? null,
      source_document: plan.source.documentIdentifier ?? null,
      source_date: plan.source.date ?? null,
      document_sha256: documentSha256,
      imported_resources: jsonb(stored),
      report: jsonb(report),
      screening_result_id: screening.id,
      imported_by: context.actorId,
      imported_at: context.at,
    },
    { match: match.how, facts: facts.length, imported: imported.length, skipped: skipped.length },
  );
  return report;
}
