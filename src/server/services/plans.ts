// The physician's decision after screening (DESIGN.md workflow steps 3-4): a documented decision not to use ozone
// with a coded reason, or a plan inside the wider programme. Every value of the escalation schedule goes through the
// engine's order check; a hard stop anywhere refuses the plan, and warnings are kept on the plan for the orders to
// answer (each order needs its own overrides).

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Evaluation } from '../../clinical/engine.ts';
import { checkOrder } from '../../clinical/engine.ts';
import type { GoalStatement } from '../../clinical/facts.ts';
import type { GoalCode, ReviewPoint } from '../../clinical/goals.ts';
import { GOALS } from '../../clinical/goals.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { jsonb } from '../../store/column-types.ts';
import { insertDecision } from '../../store/decision.repository.ts';
import type { NoOzoneReason } from '../../store/decision.table.ts';
import { lockPatient, patientExists } from '../../store/patient.repository.ts';
import { closePlan as closePlanRow, findPlan, insertPlan, listPlans } from '../../store/plan.repository.ts';
import type { DoseValues, PlanCloseReason, ProgrammeComponent } from '../../store/plan.table.ts';
import type { Database } from '../../store/schema.ts';
import { findLatestScreeningResult } from '../../store/screening.repository.ts';
import type { CareContext } from './care-context.ts';
import { InvalidRecordError, RecordConflictError, RecordNotFoundError } from './errors.ts';
import { refuseHardStops } from './overrides.ts';
import { factsForPatient } from './patient-facts.ts';
import { libraryForCare } from './protocol-library.ts';
import { decisionFromRow, planFromRow } from './record-mapping.ts';
import type { Decision, Plan } from './record-types.ts';

export interface NoOzoneInput {
  readonly patientId: string;
  readonly reason: NoOzoneReason;
  readonly comment?: string;
}

export async function decideNoOzone(
  trx: Transaction<Database>,
  context: CareContext,
  input: NoOzoneInput,
): Promise<Decision> {
  if (input.reason === 'other' && !input.comment?.trim()) {
    throw new InvalidRecordError('$.comment', 'reason "other" needs a comment');
  }
  if (!(await lockPatient(trx, input.patientId))) throw new RecordNotFoundError('patient', input.patientId);
  const screening = await findLatestScreeningResult(trx, context, input.patientId);
  const row = await insertDecision(trx, context, {
    id: randomUUID(),
    patient_id: input.patientId,
    kind: 'no-ozone',
    reason_code: input.reason,
    comment: input.comment?.trim() || null,
    screening_result_id: screening?.id ?? null,
    decided_by: context.actorId,
    decided_at: context.at,
  });
  return decisionFromRow(row);
}

export interface PlanInput {
  readonly patientId: string;
  readonly goal: GoalStatement & { readonly code: GoalCode };
  readonly technique: TechniqueCode;
  /** Values per session; the last step holds for the rest of the course. */
  readonly escalationSchedule: readonly DoseValues[];
  readonly courseSessions: number;
  /** Defaults to the goal's review point (SPEC-CLINICAL §7). */
  readonly reviewPoint?: ReviewPoint;
  readonly programme?: readonly ProgrammeComponent[];
}

export interface CreatedPlan {
  readonly plan: Plan;
  readonly decision: Decision;
  /** The engine's check of each schedule step, in order. */
  readonly stepEvaluations: readonly Evaluation[];
}

/**
 * Checks every step with the patient's facts and full history (so a contraindication, an unreviewed adverse event
 * or an overdue review stops a new plan as it would stop its first order), then stores the decision and the plan.
 */
export async function createPlan(
  trx: Transaction<Database>,
  context: CareContext,
  input: PlanInput,
): Promise<CreatedPlan> {
  const steps = input.escalationSchedule;
  if (!Number.isInteger(input.courseSessions) || input.courseSessions < 1 || input.courseSessions > 100) {
    throw new InvalidRecordError(
      '$.courseSessions',
      'the course length is a whole number of sessions, 1 to 100',
    );
  }
  if (steps.length < 1 || steps.length > input.courseSessions) {
    throw new InvalidRecordError('$.escalationSchedule', 'the schedule has 1 to courseSessions steps');
  }
  if (!(await lockPatient(trx, input.patientId))) throw new RecordNotFoundError('patient', input.patientId);
  const { facts, history } = await factsForPatient(trx, context, input.patientId, context.at);
  const library = await libraryForCare(trx, context);
  const engineContext = { library: library.library, asOf: context.at };
  const stepEvaluations = steps.map((values) =>
    checkOrder({ technique: input.technique, goal: input.goal, ...values }, facts, history, engineContext),
  );
  stepEvaluations.forEach((evaluation, i) => refuseHardStops(`plan step ${i + 1}`, evaluation));
  const screening = await findLatestScreeningResult(trx, context, input.patientId);
  const decision = await insertDecision(trx, context, {
    id: randomUUID(),
    patient_id: input.patientId,
    kind: 'plan',
    screening_result_id: screening?.id ?? null,
    decided_by: context.actorId,
    decided_at: context.at,
  });
  const reviewPoint = input.reviewPoint ?? GOALS[input.goal.code].reviewPoint ?? null;
  const plan = await insertPlan(trx, context, {
    id: randomUUID(),
    patient_id: input.patientId,
    decision_id: decision.id,
    goal_code: input.goal.code,
    goal_text: input.goal.text?.trim() || null,
    technique: input.technique,
    library_version_id: library.id,
    escalation_schedule: jsonb(steps),
    course_sessions: input.courseSessions,
    review_point: jsonb(reviewPoint),
    programme: jsonb(input.programme ?? []),
    step_findings: jsonb(stepEvaluations.map((e, i) => ({ step: i + 1, findings: e.findings }))),
    checked_at: context.at,
    created_by: context.actorId,
    created_at: context.at,
  });
  return { plan: planFromRow(plan), decision: decisionFromRow(decision), stepEvaluations };
}

export async function closePlan(
  trx: Transaction<Database>,
  context: CareContext,
  input: { readonly planId: string; readonly reason: PlanCloseReason; readonly note?: string },
): Promise<Plan> {
  const row = await closePlanRow(trx, context, {
    id: input.planId,
    by: context.actorId,
    at: context.at,
    reason: input.reason,
    ...(input.note ? { note: input.note } : {}),
  });
  if (row) return planFromRow(row);
  const existing = await findPlan(trx, context, input.planId);
  if (!existing) throw new RecordNotFoundError('plan', input.planId);
  throw new RecordConflictError(`plan ${input.planId} is already closed`);
}

/** The patient's plans, newest first. */
export async function patientPlans(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
): Promise<Plan[]> {
  if (!(await patientExists(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  return (await listPlans(trx, context, patientId)).map(planFromRow);
}
