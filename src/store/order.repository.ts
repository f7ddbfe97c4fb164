// Ozone orders and detected issues. An order is inserted only after the engine's check passed (the service's job);
// here it is stored, read, and discontinued once.

import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { DetectedIssueTable, OzoneOrderTable } from './order.table.ts';
import type { Database } from './schema.ts';

export type OrderRow = Selectable<OzoneOrderTable>;
export type NewOrderRow = Insertable<OzoneOrderTable>;
export type DetectedIssueRow = Selectable<DetectedIssueTable>;
export type NewDetectedIssueRow = Insertable<DetectedIssueTable>;

const resource = (id: string) => `ozone_order/${id}`;

export async function insertOrder(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewOrderRow,
): Promise<OrderRow> {
  const inserted = await trx.insertInto('ozone_order').values(row).returningAll().executeTakeFirstOrThrow();
  await audit(trx, context, 'order.write', {
    patientId: inserted.patient_id,
    resource: resource(inserted.id),
    detail: { planId: inserted.plan_id, libraryVersionId: inserted.library_version_id },
  });
  return inserted;
}

export async function findOrder(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
): Promise<OrderRow | undefined> {
  const row = await trx.selectFrom('ozone_order').selectAll().where('id', '=', id).executeTakeFirst();
  await audit(trx, context, 'order.read', {
    patientId: row?.patient_id ?? null,
    resource: resource(id),
    detail: { found: row !== undefined },
  });
  return row;
}

export async function listOrders(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<OrderRow[]> {
  const rows = await trx
    .selectFrom('ozone_order')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('signed_at')
    .execute();
  await audit(trx, context, 'order.read', { patientId, detail: { count: rows.length } });
  return rows;
}

export interface OrderDiscontinuation {
  readonly id: string;
  readonly by: string;
  readonly at: Date;
  readonly reason: string;
}

export async function discontinueOrder(
  trx: Transaction<Database>,
  context: AuditContext,
  stop: OrderDiscontinuation,
): Promise<OrderRow | undefined> {
  const row = await trx
    .updateTable('ozone_order')
    .set({ discontinued_by: stop.by, discontinued_at: stop.at, discontinued_reason: stop.reason })
    .where('id', '=', stop.id)
    .where('discontinued_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'order.discontinue', { patientId: row.patient_id, resource: resource(row.id) });
  }
  return row;
}

export async function insertDetectedIssues(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
  rows: readonly Omit<NewDetectedIssueRow, 'patient_id'>[],
): Promise<DetectedIssueRow[]> {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto('detected_issue')
    .values(rows.map((row) => ({ ...row, patient_id: patientId })))
    .returningAll()
    .execute();
  await audit(trx, context, 'detected-issue.write', {
    patientId,
    detail: { count: inserted.length, rules: inserted.map((i) => i.rule_id) },
  });
  return inserted;
}

export async function listDetectedIssues(
  trx: Transaction<Database>,
  context: AuditContext,
  of: { readonly orderId: string } | { readonly sessionId: string },
): Promise<DetectedIssueRow[]> {
  const rows = await trx
    .selectFrom('detected_issue')
    .selectAll()
    .where((eb) => ('orderId' in of ? eb('order_id', '=', of.orderId) : eb('session_id', '=', of.sessionId)))
    .orderBy('rule_id')
    .execute();
  await audit(trx, context, 'detected-issue.read', {
    patientId: rows[0]?.patient_id ?? null,
    resource: 'orderId' in of ? resource(of.orderId) : `ozone_session/${of.sessionId}`,
    detail: { count: rows.length },
  });
  return rows;
}

/** Every detected issue of the patient (orders' and sessions'), oldest first. */
export async function listDetectedIssuesForPatient(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<DetectedIssueRow[]> {
  const rows = await trx
    .selectFrom('detected_issue')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('overridden_at')
    .orderBy('rule_id')
    .execute();
  await audit(trx, context, 'detected-issue.read', { patientId, detail: { count: rows.length } });
  return rows;
}
