// Intake (DESIGN.md workflow steps 1-2): each change writes a new intake version with its facts, and screening runs
// again at once against the current approved library (or the template when none is approved yet: screening shows
// what it would find, and the engine stops every order until a version is approved). One transaction.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { screenPatient } from '../../clinical/engine.ts';
import type { Intake } from '../../clinical/facts.ts';
import {
  insertFacts,
  listCurrentFacts,
  markFactEnteredInError,
} from '../../store/clinical-fact.repository.ts';
import { jsonb } from '../../store/column-types.ts';
import type { IntakeRow } from '../../store/intake.repository.ts';
import { findCurrentIntake, insertIntakeVersion } from '../../store/intake.repository.ts';
import { lockPatient, patientExists } from '../../store/patient.repository.ts';
import type { Database } from '../../store/schema.ts';
import { insertScreeningResult } from '../../store/screening.repository.ts';
import type { CareContext } from './care-context.ts';
import { RecordNotFoundError } from './errors.ts';
import { factsForPatient } from './patient-facts.ts';
import { libraryForCare } from './protocol-library.ts';
import {
  factFromRow,
  factToRow,
  intakeFromRow,
  intakeToRow,
  intakeVersionFromRow,
  screeningFromRow,
} from './record-mapping.ts';
import type { FactInput, IntakeVersion, RecordedFact, ScreeningResult } from './record-types.ts';

export interface IntakeChange {
  readonly patientId: string;
  /** The whole intake as it now stands (a new version replaces the previous one). */
  readonly intake: Intake;
  /** Facts learnt with this change (history, medications, allergies, labs, vitals). */
  readonly facts?: readonly FactInput[];
  /** Facts found wrong: kept on record, no longer read by screening. */
  readonly enteredInError?: readonly { readonly factId: string; readonly reason: string }[];
  /**
   * Keep what the clinic assessed (fundamentals assessed, oxidative burden, unstable medical issues) from the current
   * version instead of taking it from `intake`: a patient's own intake in the portal restates their goal and
   * expectations, and cannot mark a fundamental as assessed or lower a clinician's rating.
   */
  readonly keepClinicianAssessment?: boolean;
}

/** The intake with the clinician-assessed fields of the current version (none assessed when there is none). */
function withClinicianAssessment(intake: Intake, current: IntakeRow | undefined): Intake {
  const kept = current ? intakeFromRow(current) : undefined;
  const { oxidativeBurden: _burden, unstableMedicalIssues: _unstable, ...patientPart } = intake;
  return {
    ...patientPart,
    fundamentalsAssessed: kept?.fundamentalsAssessed ?? [],
    ...(kept?.oxidativeBurden !== undefined ? { oxidativeBurden: kept.oxidativeBurden } : {}),
    ...(kept?.unstableMedicalIssues !== undefined
      ? { unstableMedicalIssues: kept.unstableMedicalIssues }
      : {}),
  };
}

export interface SavedIntake {
  readonly intakeId: string;
  readonly version: number;
  readonly screening: ScreeningResult;
}

export async function saveIntake(
  trx: Transaction<Database>,
  context: CareContext,
  change: IntakeChange,
): Promise<SavedIntake> {
  const { patientId } = change;
  if (!(await lockPatient(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  const stated =
    change.keepClinicianAssessment === true
      ? withClinicianAssessment(change.intake, await findCurrentIntake(trx, context, patientId))
      : change.intake;
  const intake = await insertIntakeVersion(
    trx,
    context,
    intakeToRow(randomUUID(), patientId, stated, context.actorId, context.at),
  );
  await insertFacts(
    trx,
    context,
    patientId,
    (change.facts ?? []).map((fact) => factToRow(randomUUID(), fact, intake.id, context.actorId, context.at)),
  );
  for (const { factId, reason } of change.enteredInError ?? []) {
    const marked = await markFactEnteredInError(trx, context, {
      patientId,
      factId,
      by: context.actorId,
      at: context.at,
      reason,
    });
    if (!marked) throw new RecordNotFoundError('current fact of this patient', factId);
  }
  const screening = await screenAndStore(trx, context, patientId, intake.id);
  return { intakeId: intake.id, version: intake.version, screening };
}

/** Screens the patient as the record stands and stores the result. */
export async function screenAndStore(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
  intakeId: string | null,
): Promise<ScreeningResult> {
  const { facts, history } = await factsForPatient(trx, context, patientId, context.at);
  const library = await libraryForCare(trx, context);
  const evaluation = screenPatient(facts, history, { library: library.library, asOf: context.at });
  const row = await insertScreeningResult(trx, context, {
    id: randomUUID(),
    patient_id: patientId,
    intake_id: intakeId,
    library_version_id: library.id,
    as_of: context.at,
    findings: jsonb(evaluation.findings),
    eligibility: jsonb(evaluation.eligibility),
    recorded_by: context.actorId,
  });
  return screeningFromRow(row);
}

export interface CurrentIntake {
  readonly intake: IntakeVersion;
  /** The facts screening reads now (those entered in error left out), oldest first. */
  readonly facts: readonly RecordedFact[];
}

/** The current intake version and the patient's current facts. */
export async function currentIntake(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
): Promise<CurrentIntake> {
  if (!(await patientExists(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  const intake = await findCurrentIntake(trx, context, patientId);
  if (!intake) throw new RecordNotFoundError('intake', patientId);
  const facts = await listCurrentFacts(trx, context, patientId);
  return { intake: intakeVersionFromRow(intake), facts: facts.map(factFromRow) };
}
