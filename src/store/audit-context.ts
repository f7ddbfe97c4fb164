// Who is acting, from where: every repository function that reads or writes patient data takes this and appends
// its audit row in the caller's transaction (DESIGN.md, Audit), so the change and its record commit together.
//
// A request's transaction may defer its rows (withDeferredAudit): they are collected as the work runs and appended
// together just before it commits. The rows, their order and their transaction are the same; what changes is when
// the audit chain's head row is locked. Appended one by one, the first audited read takes the lock and holds it
// until commit, so every transaction that touches patient data ran one at a time for its whole length (measured by
// bench/api-load.ts: an order wrote 11 audit rows in 33 statements). Deferred, the lock is taken once, last, and held
// only for the append and the commit; being the last lock a transaction takes, it cannot join a deadlock cycle.

import type { Transaction } from 'kysely';
import type { TimedAuditEntry } from './audit.repository.ts';
import { appendAudit, appendAuditBatch } from './audit.repository.ts';
import type { Database } from './schema.ts';

export interface AuditContext {
  readonly actorId: string;
  /** The actor's role (`physician`, `nurse`, …), or `system` for work the server does on its own. */
  readonly actorRole: string;
  readonly sourceIp?: string | null;
  readonly requestId?: string | null;
}

export interface AuditTarget {
  readonly patientId?: string | null;
  /** `type/id` of the record touched, e.g. `ozone_order/6f1c…`. */
  readonly resource?: string | null;
  /** Ids and counts only; never clinical content. */
  readonly detail?: Record<string, unknown>;
}

/** The rows waiting for their transaction's commit, per transaction that defers them. */
const deferred = new WeakMap<Transaction<Database>, TimedAuditEntry[]>();

/**
 * Runs `work` in `trx` with its audit rows deferred, then appends them all (in order) before returning, so the caller
 * commits them with the work. When `work` throws, nothing is appended: the transaction rolls back anyway.
 */
export async function withDeferredAudit<T>(trx: Transaction<Database>, work: () => Promise<T>): Promise<T> {
  const entries: TimedAuditEntry[] = [];
  deferred.set(trx, entries);
  let result: T;
  try {
    result = await work();
  } finally {
    deferred.delete(trx);
  }
  await appendAuditBatch(trx, entries);
  return result;
}

/** Appends one successful `action` by the context's actor to the audit trail, inside `trx` (or defers it). */
export async function audit(
  trx: Transaction<Database>,
  context: AuditContext,
  action: string,
  target: AuditTarget = {},
): Promise<void> {
  const entry = {
    action,
    outcome: 'success',
    actorId: context.actorId,
    actorRole: context.actorRole,
    sourceIp: context.sourceIp ?? null,
    requestId: context.requestId ?? null,
    patientId: target.patientId ?? null,
    resource: target.resource ?? null,
    detail: target.detail ?? null,
  } as const;
  const entries = deferred.get(trx);
  if (entries) entries.push({ entry, at: new Date() });
  else await appendAudit(trx, entry);
}
