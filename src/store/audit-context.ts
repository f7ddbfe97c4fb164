// Who is acting, from where: every repository function that reads or writes patient data takes this and appends
// its audit row in the caller's transaction (DESIGN.md, Audit), so the change and its record commit together.

import type { Transaction } from 'kysely';
import type { AuditRecord } from './audit.repository.ts';
import { appendAudit } from './audit.repository.ts';
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

/** Appends one successful `action` by the context's actor to the audit trail, inside `trx`. */
export function audit(
  trx: Transaction<Database>,
  context: AuditContext,
  action: string,
  target: AuditTarget = {},
): Promise<AuditRecord> {
  return appendAudit(trx, {
    action,
    outcome: 'success',
    actorId: context.actorId,
    actorRole: context.actorRole,
    sourceIp: context.sourceIp ?? null,
    requestId: context.requestId ?? null,
    patientId: target.patientId ?? null,
    resource: target.resource ?? null,
    detail: target.detail ?? null,
  });
}
