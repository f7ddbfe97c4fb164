// Ozone orders (DESIGN.md workflow step 4): the engine checks the order against the patient's facts, history and
// the current library; a hard stop refuses it (nothing is stored, not even the audit of the attempt's reads), each
// warning needs a coded override reason, and the stored order keeps the findings and the library version it was
// checked against, with one detected issue per overridden warning. Hence no stored order exceeds a hard limit of its
// library version, and a prohibited technique is never stored (the database refuses one as a last line).

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Evaluation } from '../../clinical/engine.ts';
import { checkOrder } from '../../clinical/engine.ts';
import type { OzoneOrder } from '../../clinical/care.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { jsonb } from '../../store/column-types.ts';
import {
  insertDetectedIssues,
  insertOrder,
  listDetectedIssuesForPatient,
  listOrders,
} from '../../store/order.repository.ts';
import { lockPatient, patientExists } from '../../store/patient.repository.ts';
import { findPlan } from '../../store/plan.repository.ts';
import type { DoseValues } from '../../store/plan.table.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { InvalidRecordError, RecordConflictError, RecordNotFoundError } from './errors.ts';
import type { OverrideInput } from './overrides.ts';
import { detectedIssuesFor, refuseHardStops } from './overrides.ts';
import { factsForPatient } from './patient-facts.ts';
import { libraryForCare } from './protocol-library.ts';
import { detectedIssueFromRow, doseColumnsOf, orderFromRow } from './record-mapping.ts';
import type { DetectedIssue, StoredOrder } from './record-types.ts';

export interface OrderInput {
  readonly planId: string;
  /** Defaults to the plan's technique; a different one is refused (after the engine has had its say). */
  readonly technique?: TechniqueCode;
  readonly values: DoseValues;
  readonly overrides?: readonly OverrideInput[];
}

export interface SavedOrder {
  readonly order: StoredOrder;
  readonly evaluation: Evaluation;
  readonly detectedIssues: readonly DetectedIssue[];
}

export async function checkAndSaveOrder(
  trx: Transaction<Database>,
  context: CareContext,
  input: OrderInput,
): Promise<SavedOrder> {
  const plan = await findPlan(trx, context, input.planId);
  if (!plan) throw new RecordNotFoundError('plan', input.planId);
  if (plan.closed_at !== null) throw new RecordConflictError(`plan ${plan.id} is closed`);
  await lockPatient(trx, plan.patient_id);
  const { facts, history } = await factsForPatient(trx, context, plan.patient_id, context.at);
  const library = await libraryForCare(trx, context);
  const technique = input.technique ?? plan.technique;
  const order: OzoneOrder = {
    technique,
    goal: { code: plan.goal_code, ...(plan.goal_text !== null ? { text: plan.goal_text } : {}) },
    ...input.values,
  };
  const evaluation = checkOrder(order, facts, history, { library: library.library, asOf: context.at });
  refuseHardStops('the order', evaluation);
  if (technique !== plan.technique) {
    throw new InvalidRecordError('$.technique', `the plan is for ${plan.technique}, not ${technique}`);
  }
  const orderId = randomUUID();
  const issues = detectedIssuesFor('the order', evaluation, input.overrides ?? [], {
    libraryVersionId: library.id,
    by: context.actorId,
    at: context.at,
    target: { order_id: orderId },
  });
  const row = await insertOrder(trx, context, {
    id: orderId,
    patient_id: plan.patient_id,
    plan_id: plan.id,
    technique,
    goal_code: plan.goal_code,
    goal_text: plan.goal_text,
    ...doseColumnsOf(input.values),
    library_version_id: library.id,
    findings: jsonb(evaluation.findings),
    checked_at: context.at,
    signed_by: context.actorId,
    signed_at: context.at,
  });
  const stored = await insertDetectedIssues(
    trx,
    context,
    plan.patient_id,
    issues.map((issue) => ({ ...issue, id: randomUUID() })),
  );
  return { order: orderFromRow(row), evaluation, detectedIssues: stored.map(detectedIssueFromRow) };
}

export interface OrderWithOverrides {
  readonly order: StoredOrder;
  /** The warnings passed with a coded reason when the order was signed. */
  readonly overrides: readonly DetectedIssue[];
}

/** The patient's orders, oldest first, each with its overrides. */
export async function patientOrders(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
): Promise<OrderWithOverrides[]> {
  if (!(await patientExists(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  const orders = await listOrders(trx, context, patientId);
  const issues = (await listDetectedIssuesForPatient(trx, context, patientId)).map(detectedIssueFromRow);
  return orders.map((row) => ({
    order: orderFromRow(row),
    overrides: issues.filter((issue) => issue.orderId === row.id),
  }));
}
