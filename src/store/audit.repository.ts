// Appends to and verifies the hash-chained audit trail. Each row's hash is SHA-256 over the previous hash and the
// row's canonical JSON; changing, removing or reordering any row breaks every link after it.

import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
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
  const head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const row: Linkable = {
    seq: Number(head.seq) + 1,
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
    prevHash: head.hash,
  };
  const hash = linkHash(row);
  await trx
    .insertInto('audit_event')
    .values({
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
      hash,
    })
    .execute();
  await trx.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
  return { ...row, hash };
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
