// Appends to and verifies the hash-chained audit trail. Each row's hash is SHA-256 over the previous hash and the
// row's canonical JSON; changing, removing or reordering any row breaks every link after it.

import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AuditEventTable } from './audit.table.ts';
import type { Database } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  readonly actorId?: string | null;
  readonly actorRole?: string | null;
  /** What was done, as `area.verb`: `patient.read`, `session.sign`, `login.failure`. */
  readonly action: string;
  readonly patientId?: string | null;
  readonly resource?: string | null;
  readonly outcome: 'success' | 'denied' | 'error';
  readonly sourceIp?: string | null;
  readonly requestId?: string | null;
  /** Small, non-clinical context (ids, counts); never patient data. */
  readonly detail?: Record<string, unknown> | null;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'detail'>> {
  readonly seq: number;
  readonly id: string;
  readonly at: Date;
  readonly detail: Record<string, unknown> | null;
  readonly prevHash: string;
  readonly hash: string;
}

/** JSON with object keys sorted at every depth, so jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

type Linkable = Omit<AuditRecord, 'hash'>;

export function linkHash(row: Linkable): string {
  const canonical = canonicalJson([
    row.seq,
    row.id,
    row.at.toISOString(),
    row.actorId,
    row.actorRole,
    row.action,
    row.patientId,
    row.resource,
    row.outcome,
    row.sourceIp,
    row.requestId,
    row.detail,
  ]);
  return createHash('sha256').update(row.prevHash).update(canonical).digest('hex');
}

/**
 * Appends one audit row inside the caller's transaction, so the audit row and the change it records commit or fail
 * together. Locking the head row serialises appends across transactions and app servers.
 */
export async function appendAudit(
  trx: Transaction<Database>,
  entry: AuditEntry,
  at: Date = new Date(),
): Promise<AuditRecord> {
  const [record] = await appendAuditBatch(trx, [{ entry, at }]);
  return record!;
}

export interface TimedAuditEntry {
  readonly entry: AuditEntry;
  readonly at: Date;
}

/** Rows per INSERT: 14 columns each, well under PostgreSQL's 65,535 bind parameters. */
const INSERT_CHUNK = 500;

/**
 * Appends rows in order inside the caller's transaction: one lock of the head row, one INSERT per 500 rows, one
 * update of the head. The chain is the same as appending them one by one.
 */
export async function appendAuditBatch(
  trx: Transaction<Database>,
  entries: readonly TimedAuditEntry[],
): Promise<AuditRecord[]> {
  if (entries.length === 0) return [];
  const head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const records = entries.map(({ entry, at }): AuditRecord => {
    seq += 1;
    const row: Linkable = {
      seq,
      id: randomUUID(),
      at: new Date(Math.floor(at.getTime())),
      actorId: entry.actorId ?? null,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      patientId: entry.patientId ?? null,
      resource: entry.resource ?? null,
      outcome: entry.outcome,
      sourceIp: entry.sourceIp ?? null,
      requestId: entry.requestId ?? null,
      detail: entry.detail ?? null,
      prevHash,
    };
    prevHash = linkHash(row);
    return { ...row, hash: prevHash };
  });
  for (let i = 0; i < records.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('audit_event')
      .values(
        records.slice(i, i + INSERT_CHUNK).map((row) => ({
          seq: row.seq,
          id: row.id,
          at: row.at,
          actor_id: row.actorId,
          actor_role: row.actorRole,
          action: row.action,
          patient_id: row.patientId,
          resource: row.resource,
          outcome: row.outcome,
          source_ip: row.sourceIp,
          request_id: row.requestId,
          detail: row.detail === null ? null : JSON.stringify(row.detail),
          prev_hash: row.prevHash,
          hash: row.hash,
        })),
      )
      .execute();
  }
  await trx.updateTable('audit_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
  return records;
}

export type VerifyResult =
  | { readonly ok: true; readonly rows: number; readonly headHash: string }
  | { readonly ok: false; readonly rows: number; readonly brokenAt: number; readonly reason: string };

const PAGE = 1000;

/** Walks the chain in order and names the first row whose link does not hold. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq)
        return {
          ok: false,
          rows,
          brokenAt: expectedSeq,
          reason: `row ${expectedSeq} is missing (next is ${seq})`,
        };
      if (r.prev_hash !== prevHash)
        return { ok: false, rows, brokenAt: seq, reason: `row ${seq} does not link to row ${seq - 1}` };
      const recomputed = linkHash({
        seq,
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        patientId: r.patient_id,
        resource: r.resource,
        outcome: r.outcome,
        sourceIp: r.source_ip,
        requestId: r.request_id,
        detail: r.detail,
        prevHash: r.prev_hash,
      });
      if (recomputed !== r.hash)
        return { ok: false, rows, brokenAt: seq, reason: `row ${seq} was changed after it was written` };
      prevHash = r.hash;
      expectedSeq = seq + 1;
      rows += 1;
    }
    if (page.length < PAGE) break;
  }
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!head || Number(head.seq) !== rows || head.hash !== prevHash) {
    return {
      ok: false,
      rows,
      brokenAt: rows + 1,
      reason: `the chain head does not match the last row (rows were removed from the end)`,
    };
  }
  return { ok: true, rows, headHash: prevHash };
}

type AuditEventRow = Selectable<AuditEventTable>;

export function auditRecordFromRow(row: AuditEventRow): AuditRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    patientId: row.patient_id,
    resource: row.resource,
    outcome: row.outcome,
    sourceIp: row.source_ip,
    requestId: row.request_id,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditQuery {
  readonly patientId?: string;
  readonly actorId?: string;
  /** One action, e.g. `patient.read`. */
  readonly action?: string;
  /** Rows at or after this time. */
  readonly from?: Date;
  /** Rows before this time. */
  readonly to?: Date;
  /** Rows older than this sequence number (the previous page's last `seq`). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/** Audit rows matching the query, newest first. */
export async function listAuditEvents(db: Kysely<Database>, query: AuditQuery): Promise<AuditRecord[]> {
  let select = db.selectFrom('audit_event').selectAll();
  if (query.patientId !== undefined) select = select.where('patient_id', '=', query.patientId);
  if (query.actorId !== undefined) select = select.where('actor_id', '=', query.actorId);
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  if (query.from !== undefined) select = select.where('at', '>=', query.from);
  if (query.to !== undefined) select = select.where('at', '<', query.to);
  if (query.beforeSeq !== undefined) select = select.where('seq', '<', query.beforeSeq);
  const rows = await select.orderBy('seq', 'desc').limit(query.limit).execute();
  return rows.map(auditRecordFromRow);
}

export interface PatientAccess {
  readonly seq: number;
  readonly at: Date;
  readonly actorRole: string | null;
  /** The account's display name, when the actor was a user (null for the system). */
  readonly actorName: string | null;
  readonly action: string;
  readonly resource: string | null;
  readonly outcome: AuditRecord['outcome'];
}

/** Who did what to one patient's record, newest first: the patient's access log. */
export async function listPatientAccess(
  db: Kysely<Database>,
  patientId: string,
  page: { readonly beforeSeq?: number; readonly limit: number },
): Promise<PatientAccess[]> {
  let select = db
    .selectFrom('audit_event as e')
    .leftJoin('app_user as u', (join) => join.on(sql<boolean>`u.id::text = e.actor_id`))
    .select(['e.seq', 'e.at', 'e.actor_role', 'u.display_name', 'e.action', 'e.resource', 'e.outcome'])
    .where('e.patient_id', '=', patientId);
  if (page.beforeSeq !== undefined) select = select.where('e.seq', '<', page.beforeSeq);
  const rows = await select.orderBy('e.seq', 'desc').limit(page.limit).execute();
  return rows.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    actorRole: row.actor_role,
    actorName: row.display_name,
    action: row.action,
    resource: row.resource,
    outcome: row.outcome,
  }));
}
