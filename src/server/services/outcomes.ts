// Outcome measures and the course review (DESIGN.md workflow step 7): the engine's reviewCourse applies the goal's
// review point and MCID rules and recommends continue, reassess or stop.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { OutcomeMeasureCode } from '../../clinical/goals.ts';
import type { CourseReview } from '../../clinical/outcomes.ts';
import { reviewCourse } from '../../clinical/outcomes.ts';
import { listAdverseEvents } from '../../store/adverse-event.repository.ts';
import { insertOutcome, listOutcomes } from '../../store/outcome.repository.ts';
import type { OutcomePhase } from '../../store/outcome.table.ts';
import { listOrders } from '../../store/order.repository.ts';
import { listAmendmentsForPatient, listSignedSessions } from '../../store/ozone-session.repository.ts';
import { lockPatient } from '../../store/patient.repository.ts';
import { findPlan } from '../../store/plan.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { InvalidRecordError, RecordNotFoundError } from './errors.ts';
import { outcomeFromRow, outcomeRecordOf, sessionFromRow, sessionRecordOf } from './record-mapping.ts';
import type { OutcomeMeasure } from './record-types.ts';

export interface OutcomeInput {
  readonly patientId: string;
  /** The plan the measure reviews; absent for a baseline taken before any plan. */
  readonly planId?: string;
  readonly measure: OutcomeMeasureCode;
  readonly value: number;
  readonly phase: OutcomePhase;
  /** When the measure was taken; defaults to now. */
  readonly recordedAt?: Date;
}

export async function recordOutcome(
  trx: Transaction<Database>,
  context: CareContext,
  input: OutcomeInput,
): Promise<OutcomeMeasure> {
  if (!Number.isFinite(input.value)) throw new InvalidRecordError('$.value', 'the value is a number');
  if (!(await lockPatient(trx, input.patientId))) throw new RecordNotFoundError('patient', input.patientId);
  if (input.planId !== undefined) {
    const plan = await findPlan(trx, context, input.planId);
    if (plan?.patient_id !== input.patientId) {
      throw new InvalidRecordError('$.planId', 'no such plan for this patient');
    }
  }
  const row = await insertOutcome(trx, context, {
    id: randomUUID(),
    patient_id: input.patientId,
    plan_id: input.planId ?? null,
    measure: input.measure,
    value: input.value,
    phase: input.phase,
    recorded_at: input.recordedAt ?? context.at,
    recorded_by: context.actorId,
  });
  return outcomeFromRow(row);
}

/**
 * The engine's review of a plan's course: the plan's signed sessions (oldest first, amendments applied) and the
 * outcomes of the plan or taken outside any plan (baselines), as of now.
 */
export async function courseRecommendation(
  trx: Transaction<Database>,
  context: CareContext,
  planId: string,
): Promise<CourseReview> {
  const plan = await findPlan(trx, context, planId);
  if (!plan) throw new RecordNotFoundError('plan', planId);
  const orderIds = new Set(
    (await listOrders(trx, context, plan.patient_id)).filter((o) => o.plan_id === plan.id).map((o) => o.id),
  );
  const sessionRows = (await listSignedSessions(trx, context, plan.patient_id)).filter((s) =>
    orderIds.has(s.order_id),
  );
  const amendments = await listAmendmentsForPatient(trx, context, plan.patient_id);
  const adverseEvents = await listAdverseEvents(trx, context, plan.patient_id);
  const sessions = sessionRows
    .map((row) => sessionRecordOf(sessionFromRow(row, amendments), adverseEvents))
    .sort((a, b) => Date.parse(a.performedAt) - Date.parse(b.performedAt));
  const outcomes = (await listOutcomes(trx, context, plan.patient_id, { planId: plan.id })).map(
    outcomeRecordOf,
  );
  return reviewCourse(plan.goal_code, sessions, outcomes, context.at, plan.review_point ?? undefined);
}
