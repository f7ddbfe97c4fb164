// The guard every clinical-record route runs before its input is even validated (preValidation), so that a caller
// without the right learns nothing about the route's schema or the record: 401 when signed out; 403 when the role
// may not perform the action (permissions.ts); and, for a patient, 404 unless the record is in their own compartment.
// The compartment answer is exactly the answer for a record that does not exist, so a patient cannot learn whether
// another patient's record exists. Each refusal is audited as `denied`, in its own transaction.

import type { FastifyRequest } from 'fastify';
import type { OwnedTable } from '../../store/record-owner.repository.ts';
import { findRecordOwner } from '../../store/record-owner.repository.ts';
import { appendAudit } from '../../store/audit.repository.ts';
import { HttpProblem } from '../problem.ts';
import type { Actor } from './actor.ts';
import { actorOf } from './actor.ts';
import { auditContext, auditEntry } from './audit-context.ts';
import type { Action } from './permissions.ts';
import { can } from './permissions.ts';

/** Which patient's record a route touches, found from its `:id` parameter. */
export type RecordScope =
  /** `:id` is the patient's id. */
  | { readonly kind: 'patient' }
  /** `:id` is a row of `table` (a plan, a session…), named `entity` in a 404. */
  | { readonly kind: 'owned'; readonly table: OwnedTable; readonly entity: string };

export const PATIENT_SCOPE: RecordScope = { kind: 'patient' };
export const owned = (table: OwnedTable, entity: string): RecordScope => ({ kind: 'owned', table, entity });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RESOURCE_TYPE: Readonly<Record<OwnedTable, string>> = {
  plan: 'plan',
  ozone_order: 'ozone_order',
  ozone_session: 'ozone_session',
  consent: 'consent',
  adverse_event: 'adverse_event',
};

/** The `:id` of the request, only when it is a UUID (anything else is not written to the audit trail). */
function idParam(request: FastifyRequest): string | undefined {
  const id = (request.params as Record<string, unknown> | undefined)?.id;
  return typeof id === 'string' && UUID.test(id) ? id : undefined;
}

function resourceOf(scope: RecordScope | undefined, id: string | undefined): string | null {
  if (!scope || id === undefined) return null;
  return scope.kind === 'patient' ? `patient/${id}` : `${RESOURCE_TYPE[scope.table]}/${id}`;
}

/** Audits a refused request as `denied`, in a transaction of its own; `extra` joins the row's detail. */
export async function auditDenied(
  request: FastifyRequest,
  actor: Actor,
  action: Action,
  reason: 'forbidden' | 'compartment',
  target: { readonly patientId: string | null; readonly resource: string | null },
  extra: Readonly<Record<string, string>> = {},
): Promise<void> {
  const context = auditContext(request);
  await request.server.store.db.transaction().execute((trx) =>
    appendAudit(
      trx,
      auditEntry(context, {
        actorId: actor.userId,
        actorRole: actor.role,
        action,
        outcome: 'denied',
        patientId: target.patientId,
        resource: target.resource,
        detail: { reason, route: `${request.method} ${request.routeOptions.url ?? ''}`, ...extra },
      }),
      context.at,
    ),
  );
}

/**
 * The preValidation hook of a route performing `action`, within `scope` when the route touches one patient's record.
 *
 *   app.get('/api/patients/:id/plans', { preValidation: allow('patient.read', PATIENT_SCOPE), schema }, handler)
 */
export function allow(action: Action, scope?: RecordScope) {
  return async function guard(request: FastifyRequest): Promise<void> {
    const actor = actorOf(request);
    const id = idParam(request);
    if (!can(actor.role, action)) {
      // A patient's refused attempt on another record is not written into that record's access log: it would
      // show one patient's name to another.
      const patientId =
        scope?.kind === 'patient' && id !== undefined && (actor.role !== 'patient' || id === actor.patientId)
          ? id
          : null;
      await auditDenied(request, actor, action, 'forbidden', { patientId, resource: resourceOf(scope, id) });
      throw new HttpProblem('forbidden', `role ${actor.role} may not ${action}`);
    }
    if (actor.role !== 'patient' || !scope) return;
    const owner =
      id === undefined
        ? undefined
        : scope.kind === 'patient'
          ? id
          : await findRecordOwner(request.server.store.db, scope.table, id);
    if (owner !== undefined && owner === actor.patientId) return;
    await auditDenied(request, actor, action, 'compartment', {
      patientId: null,
      resource: resourceOf(scope, id),
    });
    throw new HttpProblem('not-found', `no such ${scope.kind === 'patient' ? 'patient' : scope.entity}`);
  };
}

/** For routes about the signed-in patient themselves (`/api/me/…`): their patient id. */
export function ownPatientId(request: FastifyRequest): string {
  const actor = actorOf(request);
  if (actor.patientId === null) throw new HttpProblem('not-found', 'no such patient');
  return actor.patientId;
}
