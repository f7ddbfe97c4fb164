// Who did something, from where, and when: the fields every audit row of a request shares.

import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../store/audit.repository.ts';

export interface AuditContext {
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly sourceIp: string | null;
  readonly requestId: string | null;
  readonly at: Date;
}

export function auditContext(request: FastifyRequest): AuditContext {
  return {
    actorId: request.actor?.userId ?? null,
    actorRole: request.actor?.role ?? null,
    sourceIp: request.ip,
    requestId: request.id,
    at: request.server.now(),
  };
}

/** An audit entry in this context; `entry` may name a different actor (e.g. the user signing in). */
export function auditEntry(
  context: AuditContext,
  entry: Omit<AuditEntry, 'sourceIp' | 'requestId'>,
): AuditEntry {
  return {
    actorId: context.actorId,
    actorRole: context.actorRole,
    sourceIp: context.sourceIp,
    requestId: context.requestId,
    ...entry,
  };
}
