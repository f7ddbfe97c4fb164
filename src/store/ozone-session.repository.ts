// Ozone sessions and their amendments. A draft is edited in place; signing freezes it (a database trigger refuses
// any later UPDATE or DELETE) and corrections become appended amendments.

import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { OzoneSessionTable, SessionAmendmentTable } from './ozone-session.table.ts';
import type { Database } from './schema.ts';

export type SessionRow = Selectable<OzoneSessionTable>;
export type NewSessionRow = Insertable<OzoneSessionTable>;
export type SessionDraftChanges = Omit<
  Updateable<OzoneSessionTable>,
  | 'id'
  | 'patient_id'
  | 'order_id'
  | 'technique'
  | 'status'
  | 'signed_by'
  | 'signed_at'
  | 'created_by'
  | 'created_at'
>;
export type AmendmentRow = Selectable<SessionAmendmentTable>;
export type NewAmendmentRow = Insertable<SessionAmendmentTable>;

const resource = (id: string) => `ozone_session/${id}`;

export async function insertSession(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewSessionRow,
): Promise<SessionRow> {
  const inserted = await trx.insertInto('ozone_session').values(row).returningAll().executeTakeFirstOrThrow();
  await audit(trx, context, 'session.create', {
    patientId: inserted.patient_id,
    resource: resource(inserted.id),
    detail: { orderId: inserted.order_id },
  });
  return inserted;
}

/** Reads a session, locking it until the transaction ends when `lock` is set (signing, amending). */
export async function findSession(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
  options: { readonly lock?: boolean } = {},
): Promise<SessionRow | undefined> {
  const select = trx.selectFrom('ozone_session').selectAll().where('id', '=', id);
  const row = await (options.lock === true ? select.forUpdate() : select).executeTakeFirst();
  await audit(trx, context, 'session.read', {
    patientId: row?.patient_id ?? null,
    resource: resource(id),
    detail: { found: row !== undefined },
  });
  return row;
}

/** Changes a draft; undefined when the session is unknown or already signed. */
export async function updateDraftSession(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
  changes: SessionDraftChanges,
): Promise<SessionRow | undefined> {
  const row = await trx
    .updateTable('ozone_session')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'session.update', {
      patientId: row.patient_id,
      resource: resource(id),
      detail: { fields: Object.keys(changes).filter((k) => k !== 'updated_at') },
    });
  }
  return row;
}

export interface SessionSignature {
  readonly id: string;
  readonly by: string;
  readonly at: Date;
  readonly rescreening: string;
  readonly libraryVersionId: string;
}

/** Marks a draft signed with the check it passed; undefined when it is not a draft. */
export async function markSessionSigned(
  trx: Transaction<Database>,
  context: AuditContext,
  signature: SessionSignature,
): Promise<SessionRow | undefined> {
  const row = await trx
    .updateTable('ozone_session')
    .set({
      status: 'signed',
      signed_by: signature.by,
      signed_at: signature.at,
      rescreening: signature.rescreening,
      library_version_id: signature.libraryVersionId,
      updated_at: signature.at,
    })
    .where('id', '=', signature.id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'session.sign', {
      patientId: row.patient_id,
      resource: resource(row.id),
      detail: { libraryVersionId: signature.libraryVersionId },
    });
  }
  return row;
}

/** The patient's signed sessions, oldest first: the history the engine reads. */
export async function listSignedSessions(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<SessionRow[]> {
  const rows = await trx
    .selectFrom('ozone_session')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('status', '=', 'signed')
    .orderBy('started_at')
    .orderBy('signed_at')
    .execute();
  await audit(trx, context, 'session.read', { patientId, detail: { count: rows.length } });
  return rows;
}

/** Every session of the patient (drafts included), by start or schedule. */
export async function listSessions(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<SessionRow[]> {
  const rows = await trx
    .selectFrom('ozone_session')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy((eb) => eb.fn.coalesce('started_at', 'scheduled_at', 'created_at'))
    .execute();
  await audit(trx, context, 'session.read', { patientId, detail: { count: rows.length } });
  return rows;
}

export async function insertAmendment(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewAmendmentRow,
): Promise<AmendmentRow> {
  const inserted = await trx
    .insertInto('session_amendment')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, context, 'session.amend', {
    patientId: inserted.patient_id,
    resource: resource(inserted.session_id),
    detail: { amendmentId: inserted.id, field: inserted.field },
  });
  return inserted;
}

export async function listAmendments(
  trx: Transaction<Database>,
  context: AuditContext,
  sessionId: string,
): Promise<AmendmentRow[]> {
  const rows = await trx
    .selectFrom('session_amendment')
    .selectAll()
    .where('session_id', '=', sessionId)
    .orderBy('amended_at')
    .orderBy('id')
    .execute();
  await audit(trx, context, 'session.read-amendments', {
    patientId: rows[0]?.patient_id ?? null,
    resource: resource(sessionId),
    detail: { count: rows.length },
  });
  return rows;
}

/** Every amendment of the patient's sessions, oldest first (the history applies them). */
export async function listAmendmentsForPatient(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<AmendmentRow[]> {
  const rows = await trx
    .selectFrom('session_amendment')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('amended_at')
    .orderBy('id')
    .execute();
  await audit(trx, context, 'session.read-amendments', { patientId, detail: { count: rows.length } });
  return rows;
}
