// Loads a patient's record and builds what the engine reads: PatientFacts and CareHistory, through the one mapping
// (record-mapping.ts). Every read is audited in the caller's transaction.

import type { CareHistory } from '../../clinical/care.ts';
import type { PatientFacts } from '../../clinical/facts.ts';
import { listAdverseEvents } from '../../store/adverse-event.repository.ts';
import type { AuditContext } from '../../store/audit-context.ts';
import { listCurrentFacts } from '../../store/clinical-fact.repository.ts';
import { listConsents } from '../../store/consent.repository.ts';
import { findCurrentIntake } from '../../store/intake.repository.ts';
import { listOutcomes } from '../../store/outcome.repository.ts';
import { listAmendmentsForPatient, listSignedSessions } from '../../store/ozone-session.repository.ts';
import { findPatient } from '../../store/patient.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { Transaction } from 'kysely';
import { RecordNotFoundError } from './errors.ts';
import { factsFromRows, historyFromRows } from './record-mapping.ts';

export interface PatientRecordForEngine {
  readonly facts: PatientFacts;
  readonly history: CareHistory;
}

/**
 * The patient's facts (demographics, current intake, current clinical facts) and care history (signed sessions
 * with amendments and adverse events, outcomes, consents as they stand at `asOf`).
 */
export async function factsForPatient(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
  asOf: Date,
): Promise<PatientRecordForEngine> {
  const patient = await findPatient(trx, context, patientId);
  if (!patient) throw new RecordNotFoundError('patient', patientId);
  const intake = await findCurrentIntake(trx, context, patientId);
  const factRows = await listCurrentFacts(trx, context, patientId);
  const sessions = await listSignedSessions(trx, context, patientId);
  const amendments = await listAmendmentsForPatient(trx, context, patientId);
  const adverseEvents = await listAdverseEvents(trx, context, patientId);
  const outcomes = await listOutcomes(trx, context, patientId);
  const consents = await listConsents(trx, context, patientId);
  return {
    facts: factsFromRows(patient, intake, factRows),
    history: historyFromRows({ sessions, amendments, adverseEvents, outcomes, consents }, asOf),
  };
}
