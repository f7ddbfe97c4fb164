// Loads one patient's compartment for the FHIR API through the store's repositories, each read audited in the
// caller's transaction as the /api reads are, and maps the rows to the FHIR mappers' input (fhir/resources/record.ts)
// through record-mapping.ts, the one row ↔ record mapping. Only the parts a request needs are read: a Procedure
// search reads sessions, amendments and adverse events, not the consents.

import type { Transaction } from 'kysely';
import type { AuditEntryInput, FactEntry, PatientRecord } from '../../fhir/resources/record.ts';
import { listAdverseEvents } from '../../store/adverse-event.repository.ts';
import type { AuditRecord } from '../../store/audit.repository.ts';
import { listCurrentFacts } from '../../store/clinical-fact.repository.ts';
import { listConsents } from '../../store/consent.repository.ts';
import { listIntakeVersions } from '../../store/intake.repository.ts';
import { listDetectedIssuesForPatient, listOrders } from '../../store/order.repository.ts';
import { listOutcomes } from '../../store/outcome.repository.ts';
import { listAmendmentsForPatient, listSessions } from '../../store/ozone-session.repository.ts';
import { findPatient } from '../../store/patient.repository.ts';
import { listPlans } from '../../store/plan.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from '../services/care-context.ts';
import {
  adverseEventFromRow,
  consentFromRow,
  detectedIssueFromRow,
  factFromRow,
  intakeVersionFromRow,
  orderFromRow,
  outcomeFromRow,
  patientFromRow,
  planFromRow,
  sessionFromRow,
} from '../services/record-mapping.ts';

export const RECORD_PARTS = [
  'facts',
  'intakes',
  'plans',
  'orders',
  'detectedIssues',
  'consents',
  'sessions',
  'adverseEvents',
  'outcomes',
] as const;
export type RecordPart = (typeof RECORD_PARTS)[number];

/** What each served type is built from (the Patient itself is always read: it is the compartment). */
export const PARTS_OF: Readonly<Record<string, readonly RecordPart[]>> = {
  Patient: ['facts'],
  Condition: ['facts'],
  Observation: ['facts', 'outcomes'],
  MedicationStatement: ['facts'],
  AllergyIntolerance: ['facts'],
  MedicationRequest: ['orders'],
  Procedure: ['sessions', 'adverseEvents'],
  CarePlan: ['plans', 'orders'],
  Consent: ['consents'],
  AdverseEvent: ['adverseEvents'],
  DetectedIssue: ['detectedIssues', 'orders'],
  QuestionnaireResponse: ['intakes', 'outcomes'],
};

/**
 * The patient's record with the named parts (the others empty); undefined when there is no such patient. Facts
 * entered in error and outcomes entered in error are not served (the repositories read current ones only).
 */
export async function loadPatientRecord(
  trx: Transaction<Database>,
  care: CareContext,
  patientId: string,
  parts: ReadonlySet<RecordPart>,
): Promise<PatientRecord | undefined> {
  const patientRow = await findPatient(trx, care, patientId);
  if (!patientRow) return undefined;
  const want = (part: RecordPart) => parts.has(part);
  const factRows = want('facts') ? await listCurrentFacts(trx, care, patientId) : [];
  const sessionRows = want('sessions') ? await listSessions(trx, care, patientId) : [];
  const amendments = want('sessions') ? await listAmendmentsForPatient(trx, care, patientId) : [];
  const facts: FactEntry[] = [];
  let deceased: PatientRecord['deceased'];
  for (const row of factRows.map(factFromRow)) {
    if (row.kind === 'deceased') {
      deceased = row.effective === undefined ? {} : { effective: row.effective };
      continue;
    }
    // The row's value is typed by its kind in the store (clinical-fact.table.ts FactValue): the cast restates that.
    facts.push({
      id: row.id,
      kind: row.kind,
      value: row.value,
      ...(row.effective === undefined ? {} : { effective: row.effective }),
      source: row.source,
      provenance: row.provenance,
      recordedAt: row.recordedAt,
    } as FactEntry);
  }
  return {
    patient: patientFromRow(patientRow),
    ...(deceased === undefined ? {} : { deceased }),
    facts,
    intakes: want('intakes')
      ? (await listIntakeVersions(trx, care, patientId)).map(intakeVersionFromRow)
      : [],
    plans: want('plans') ? (await listPlans(trx, care, patientId)).map(planFromRow) : [],
    orders: want('orders') ? (await listOrders(trx, care, patientId)).map(orderFromRow) : [],
    detectedIssues: want('detectedIssues')
      ? (await listDetectedIssuesForPatient(trx, care, patientId)).map(detectedIssueFromRow)
      : [],
    consents: want('consents') ? (await listConsents(trx, care, patientId)).map(consentFromRow) : [],
    sessions: sessionRows.map((row) => sessionFromRow(row, amendments)),
    adverseEvents: want('adverseEvents')
      ? (await listAdverseEvents(trx, care, patientId)).map(adverseEventFromRow)
      : [],
    outcomes: want('outcomes') ? (await listOutcomes(trx, care, patientId)).map(outcomeFromRow) : [],
  };
}

export const ALL_PARTS: ReadonlySet<RecordPart> = new Set(RECORD_PARTS);

export function partsFor(types: readonly string[]): Set<RecordPart> {
  return new Set(types.flatMap((type) => PARTS_OF[type] ?? []));
}

/** An audit row as the AuditEvent mapper reads it. */
export function auditEntryOf(row: AuditRecord): AuditEntryInput {
  return {
    seq: row.seq,
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    patientId: row.patientId,
    resource: row.resource,
    outcome: row.outcome,
    sourceIp: row.sourceIp,
    requestId: row.requestId,
    detail: row.detail,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
