// Adverse events: graded 1-5 against a session; the physician review is filled in once.

import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { AdverseEventTable } from './ozone-session.table.ts';
import type { Database } from './schema.ts';

export type AdverseEventRow = Selectable<AdverseEventTable>;
export type NewAdverseEventRow = Insertable<AdverseEventTable>;

const resource = (id: string) => `adverse_event/${id}`;

export async function insertAdverseEvent(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewAdverseEventRow,
): Promise<AdverseEventRow> {
  const inserted = await trx.insertInto('adverse_event').values(row).returningAll().executeTakeFirstOrThrow();
  await audit(trx, context, 'adverse-event.write', {
    patientId: inserted.patient_id,
    resource: resource(inserted.id),
    detail: { sessionId: inserted.session_id, grade: inserted.grade },
  });
  return inserted;
}

/** Records the physician's review; undefined when the event is unknown or already reviewed. */
export async function reviewAdverseEvent(
  trx: Transaction<Database>,
  context: AuditContext,
  review: { readonly id: string; readonly by: string; readonly at: Date; readonly note?: string },
): Promise<AdverseEventRow | undefined> {
  const row = await trx
    .updateTable('adverse_event')
    .set({ reviewed_by: review.by, reviewed_at: review.at, review_note: review.note ?? null })
    .where('id', '=', review.id)
    .where('reviewed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'adverse-event.review', {
      patientId: row.patient_id,
      resource: resource(row.id),
    });
  }
  return row;
}

export async function listAdverseEvents(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<AdverseEventRow[]> {
  const rows = await trx
    .selectFrom('adverse_event')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('reported_at')
    .execute();
  await audit(trx, context, 'adverse-event.read', { patientId, detail: { count: rows.length } });
  return rows;
}

export async function findAdverseEvent(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
): Promise<AdverseEventRow | undefined> {
  const row = await trx.selectFrom('adverse_event').selectAll().where('id', '=', id).executeTakeFirst();
  await audit(trx, context, 'adverse-event.read', {
    patientId: row?.patient_id ?? null,
    resource: resource(id),
    detail: { found: row !== undefined },
  });
  return row;
}
