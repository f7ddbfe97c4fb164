// Reading the audit trail: the search administrators and the medical director use, the chain check, and a patient's
// own access log (who did what to their record). Each read is itself audited. The access log shows who and what,
// not from where: source addresses and request ids stay in the trail for those who may read it.

import type { Kysely } from 'kysely';
import type { AuditQuery, AuditRecord, PatientAccess, VerifyResult } from '../../store/audit.repository.ts';
import {
  appendAudit,
  listAuditEvents,
  listPatientAccess,
  verifyAuditChain,
} from '../../store/audit.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';

export interface AuditPage<T> {
  readonly events: readonly T[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  readonly next?: number;
}

function paged<T extends { readonly seq: number }>(rows: readonly T[], limit: number): AuditPage<T> {
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return { events, ...(rows.length > limit && last ? { next: last.seq } : {}) };
}

function record(db: Kysely<Database>, context: CareContext, action: string, detail: Record<string, unknown>) {
  return db.transaction().execute((trx) =>
    appendAudit(
      trx,
      {
        actorId: context.actorId,
        actorRole: context.actorRole,
        sourceIp: context.sourceIp ?? null,
        requestId: context.requestId ?? null,
        action,
        outcome: 'success',
        detail,
      },
      context.at,
    ),
  );
}

export async function searchAudit(
  db: Kysely<Database>,
  context: CareContext,
  query: AuditQuery,
): Promise<AuditPage<AuditRecord>> {
  const rows = await listAuditEvents(db, { ...query, limit: query.limit + 1 });
  const page = paged(rows, query.limit);
  await record(db, context, 'audit.read', {
    filters: {
      patientId: query.patientId ?? null,
      actorId: query.actorId ?? null,
      action: query.action ?? null,
      from: query.from?.toISOString() ?? null,
      to: query.to?.toISOString() ?? null,
    },
    count: page.events.length,
  });
  return page;
}

export async function verifyTrail(db: Kysely<Database>, context: CareContext): Promise<VerifyResult> {
  const result = await verifyAuditChain(db);
  await record(db, context, 'audit.verify', {
    ok: result.ok,
    rows: result.rows,
    ...(result.ok ? {} : { brokenAt: result.brokenAt }),
  });
  return result;
}

/** The patient's access log, newest first; reading it is recorded in it. */
export async function accessLog(
  db: Kysely<Database>,
  context: CareContext,
  patientId: string,
  page: { readonly beforeSeq?: number; readonly limit: number },
): Promise<AuditPage<PatientAccess>> {
  return db.transaction().execute(async (trx) => {
    const rows = await listPatientAccess(trx, patientId, { ...page, limit: page.limit + 1 });
    await appendAudit(
      trx,
      {
        actorId: context.actorId,
        actorRole: context.actorRole,
        sourceIp: context.sourceIp ?? null,
        requestId: context.requestId ?? null,
        action: 'access-log.read',
        outcome: 'success',
        patientId,
        detail: { count: Math.min(rows.length, page.limit) },
      },
      context.at,
    );
    return paged(rows, page.limit);
  });
}
