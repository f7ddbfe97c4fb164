// Plans: inserted once checked, read, and closed once (completed or stopped).

import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { PlanCloseReason, PlanTable } from './plan.table.ts';
import type { Database } from './schema.ts';

export type PlanRow = Selectable<PlanTable>;
export type NewPlanRow = Insertable<PlanTable>;

const resource = (id: string) => `plan/${id}`;

export async function insertPlan(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewPlanRow,
): Promise<PlanRow> {
  const inserted = await trx.insertInto('plan').values(row).returningAll().executeTakeFirstOrThrow();
  await audit(trx, context, 'plan.write', {
    patientId: inserted.patient_id,
    resource: resource(inserted.id),
    detail: { libraryVersionId: inserted.library_version_id },
  });
  return inserted;
}

export async function findPlan(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
): Promise<PlanRow | undefined> {
  const row = await trx.selectFrom('plan').selectAll().where('id', '=', id).executeTakeFirst();
  await audit(trx, context, 'plan.read', {
    patientId: row?.patient_id ?? null,
    resource: resource(id),
    detail: { found: row !== undefined },
  });
  return row;
}

export async function listPlans(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<PlanRow[]> {
  const rows = await trx
    .selectFrom('plan')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('created_at', 'desc')
    .execute();
  await audit(trx, context, 'plan.read', { patientId, detail: { count: rows.length } });
  return rows;
}

export interface PlanClosure {
  readonly id: string;
  readonly by: string;
  readonly at: Date;
  readonly reason: PlanCloseReason;
  readonly note?: string;
}

/** Closes an open plan; undefined when it is unknown or already closed. */
export async function closePlan(
  trx: Transaction<Database>,
  context: AuditContext,
  closure: PlanClosure,
): Promise<PlanRow | undefined> {
  const row = await trx
    .updateTable('plan')
    .set({
      closed_by: closure.by,
      closed_at: closure.at,
      close_reason: closure.reason,
      close_note: closure.note ?? null,
    })
    .where('id', '=', closure.id)
    .where('closed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'plan.close', {
      patientId: row.patient_id,
      resource: resource(row.id),
      detail: { reason: closure.reason },
    });
  }
  return row;
}
