// Outcome measures: appended, read per patient (optionally per plan), marked entered-in-error when wrong.

import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { OutcomeMeasureTable } from './outcome.table.ts';
import type { Database } from './schema.ts';

export type OutcomeRow = Selectable<OutcomeMeasureTable>;
export type NewOutcomeRow = Insertable<OutcomeMeasureTable>;

export async function insertOutcome(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewOutcomeRow,
): Promise<OutcomeRow> {
  const inserted = await trx
    .insertInto('outcome_measure')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, context, 'outcome.write', {
    patientId: inserted.patient_id,
    resource: `outcome_measure/${inserted.id}`,
    detail: { measure: inserted.measure, phase: inserted.phase },
  });
  return inserted;
}

/**
 * The patient's current outcome measures, oldest first. With `planId`, those of the plan and those recorded
 * outside any plan (a baseline taken at intake belongs to whichever course follows).
 */
export async function listOutcomes(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
  options: { readonly planId?: string } = {},
): Promise<OutcomeRow[]> {
  let select = trx
    .selectFrom('outcome_measure')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('entered_in_error_at', 'is', null);
  const planId = options.planId;
  if (planId !== undefined) {
    select = select.where((eb) => eb.or([eb('plan_id', '=', planId), eb('plan_id', 'is', null)]));
  }
  const rows = await select.orderBy('recorded_at').orderBy('id').execute();
  await audit(trx, context, 'outcome.read', {
    patientId,
    detail: { count: rows.length, planId: planId ?? null },
  });
  return rows;
}

export async function markOutcomeEnteredInError(
  trx: Transaction<Database>,
  context: AuditContext,
  mark: { readonly id: string; readonly by: string; readonly at: Date; readonly reason: string },
): Promise<OutcomeRow | undefined> {
  const row = await trx
    .updateTable('outcome_measure')
    .set({ entered_in_error_by: mark.by, entered_in_error_at: mark.at, entered_in_error_reason: mark.reason })
    .where('id', '=', mark.id)
    .where('entered_in_error_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'outcome.enter-in-error', {
      patientId: row.patient_id,
      resource: `outcome_measure/${row.id}`,
    });
  }
  return row;
}
