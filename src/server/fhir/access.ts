// Who may read what through the FHIR API, with the /api's rules (docs/decisions/0009 §1–3): a signed-in session or
// a system client's bearer token (system-clients.ts) → 401 otherwise; the role's permission (permissions.ts) → 403,
// audited as denied; and a patient only inside their own compartment → 404, the answer for a record that does not
// exist, audited as denied without the other patient's id.

import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import type { Action } from '../auth/permissions.ts';
import { can } from '../auth/permissions.ts';
import { auditDenied } from '../auth/route-guard.ts';
import { forbidden, notFound, unauthenticated } from './outcome.ts';
import { clientActor } from './system-clients.ts';

/**
 * The request's actor. With an Authorization header only a live system-client token counts (the auth plugin left
 * the header to this route); without one, the session the auth plugin found.
 */
export async function fhirActor(request: FastifyRequest): Promise<Actor> {
  if (request.headers.authorization !== undefined) {
    const actor = await clientActor(request);
    if (actor === null) throw unauthenticated('the bearer token is not a live system-client token');
    request.actor = actor;
    return actor;
  }
  if (!request.actor) throw unauthenticated();
  return request.actor;
}

/** 403 (audited) unless the actor's role may perform `action`. */
export async function requireAction(
  request: FastifyRequest,
  actor: Actor,
  action: Action,
  target: { readonly patientId?: string; readonly resource?: string } = {},
): Promise<void> {
  if (can(actor.role, action)) return;
  // As in route-guard.ts: a patient's refused attempt never carries another patient's id.
  const patientId =
    target.patientId !== undefined && (actor.role !== 'patient' || target.patientId === actor.patientId)
      ? target.patientId
      : null;
  await auditDenied(
    request,
    actor,
    action,
    'forbidden',
    { patientId, resource: target.resource ?? null },
    { api: 'fhir' },
  );
  throw forbidden(`role ${actor.role} may not ${action}`);
}

/** 404 (audited) when a patient reaches outside their own compartment; staff pass. */
export async function requireCompartment(
  request: FastifyRequest,
  actor: Actor,
  patientId: string | undefined,
  what: { readonly resource?: string; readonly entity: string },
): Promise<void> {
  if (actor.role !== 'patient') return;
  if (patientId !== undefined && patientId === actor.patientId) return;
  await auditDenied(
    request,
    actor,
    'patient.read',
    'compartment',
    { patientId: null, resource: what.resource ?? null },
    { api: 'fhir' },
  );
  throw notFound(`no such ${what.entity}`);
}
