// The signed-in user behind a request, and the guards routes use: permission by role, and the patient compartment.

import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem.ts';
import type { Action, Role } from './permissions.ts';
import { can } from './permissions.ts';

export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  /** For role `patient`: the patient record this account belongs to. */
  readonly patientId: string | null;
  readonly sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin from the session cookie (or a bearer token); null when not signed in. */
    actor: Actor | null;
  }
}

/** The actor, or a 401 problem. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new HttpProblem('unauthenticated');
  return request.actor;
}

/** Throws 401 when signed out, 403 when the role may not perform the action. */
export function authorize(request: FastifyRequest, action: Action): Actor {
  const actor = actorOf(request);
  if (!can(actor.role, action)) throw new HttpProblem('forbidden', `role ${actor.role} may not ${action}`);
  return actor;
}

/**
 * A patient sees only their own compartment. Answers 404, not 403, for another patient's record so that a patient
 * cannot learn whether a record exists.
 */
export function assertCompartment(actor: Actor, patientId: string): void {
  if (actor.role === 'patient' && actor.patientId !== patientId)
    throw new HttpProblem('not-found', 'no such patient');
}

/** A preHandler form of `authorize` for route options. */
export const requirePermission = (action: Action) => async (request: FastifyRequest) => {
  authorize(request, action);
};
