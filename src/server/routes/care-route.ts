// What every clinical-record route handler does around its service call: build the CareContext from the signed-in
// actor and the app clock, run the service in one transaction (its audit rows commit or roll back with it), and when
// the engine refuses with a hard stop, log the refused attempt as a `denied` audit row in a transaction of its own,
// after the service's has rolled back (docs/decisions/0006 §5, 0007 §3). Mapping errors to problems is the error
// handler's job (plugins/error-handler.ts).

import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { withDeferredAudit } from '../../store/audit-context.ts';
import type { Database } from '../../store/schema.ts';
import { actorOf } from '../auth/actor.ts';
import type { CareContext } from '../services/care-context.ts';
import { isClinicalHardStop } from '../services/errors.ts';
import { recordRefusal } from '../services/refusals.ts';

export function careContext(request: FastifyRequest): CareContext {
  const actor = actorOf(request);
  return {
    actorId: actor.userId,
    actorRole: actor.role,
    sourceIp: request.ip,
    requestId: request.id,
    at: request.server.now(),
  };
}

type Work<T> = (trx: Transaction<Database>, care: CareContext) => Promise<T>;

/** Runs `work` in one transaction, its audit rows appended together at the end (store/audit-context.ts). */
function inTransaction<T>(request: FastifyRequest, care: CareContext, work: Work<T>): Promise<T> {
  return request.server.store.db
    .transaction()
    .execute((trx) => withDeferredAudit(trx, () => work(trx, care)));
}

/** Runs a service call in one transaction as the request's actor. */
export function inCare<T>(request: FastifyRequest, work: Work<T>): Promise<T> {
  return inTransaction(request, careContext(request), work);
}

export interface Attempt {
  /** The audit action the attempt would have written: `plan.write`, `order.write`, `session.sign`. */
  readonly action: string;
  /** The patient concerned, found after the refusal (the attempt's own reads were rolled back). */
  readonly patientId: () => Promise<string | undefined>;
  /** `type/id` of the record concerned, when there is one (the session being signed). */
  readonly resource?: string;
}

/** As inCare, for a service call the engine may refuse: a hard stop is audited as `denied`, then rethrown. */
export async function inCareRefusable<T>(
  request: FastifyRequest,
  attempt: Attempt,
  work: Work<T>,
): Promise<T> {
  const care = careContext(request);
  try {
    return await inTransaction(request, care, work);
  } catch (error) {
    if (isClinicalHardStop(error)) {
      const patientId = await attempt.patientId();
      if (patientId !== undefined) {
        await recordRefusal(request.server.store.db, care, {
          action: attempt.action,
          patientId,
          ...(attempt.resource !== undefined ? { resource: attempt.resource } : {}),
          error,
        });
      }
    }
    throw error;
  }
}
