// The auth plugin: on every request, finds the session behind the `o3care_session` cookie, ends it when idle or too
// old, checks the CSRF header on state-changing requests, and sets `request.actor` (actor.ts) for the routes.
// Cookie-authenticated requests carry ambient authority, hence CSRF; a request without a session cookie has none.

import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../problem.ts';
import type { CurrentSession } from './sessions.ts';
import { findCurrentSession, touchIfDue } from './sessions.ts';
import { safeEqual } from './tokens.ts';

export const SESSION_COOKIE = 'o3care_session';
export const CSRF_HEADER = 'x-csrf-token';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route authenticates a request's Authorization header itself (and sets `request.actor`); the session
     * cookie is then not read. Routes without it refuse any Authorization header with a 401.
     */
    ownAuthorization?: boolean;
    /**
     * The route takes no session at all: cookies are not read and CSRF does not apply, so a cookie can neither grant
     * access nor change the answer (CDS Hooks, whose every call carries its own signed JWT).
     */
    noSession?: boolean;
  }
  interface FastifyRequest {
    /** The session behind the cookie, including one still waiting for its second factor; null when none. */
    authSession: CurrentSession | null;
  }
  interface FastifyReply {
    setSessionCookie(token: string): FastifyReply;
    clearSessionCookie(): FastifyReply;
  }
}

export interface AuthPluginOptions {
  /** Behind TLS: the cookie gets `Secure`. */
  readonly secureCookies: boolean;
}

async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.routeOptions.config.noSession === true) return;
  // Routes for other systems verify their own bearer credentials (the FHIR API's system clients); everywhere else
  // an Authorization header is refused rather than silently ignored.
  if (request.headers.authorization !== undefined) {
    if (request.routeOptions.config.ownAuthorization === true) return;
    throw new HttpProblem('unauthenticated', 'Authorization headers are not accepted; sign in for a session');
  }

  const token = request.cookies[SESSION_COOKIE];
  if (token === undefined) return;
  const app = request.server;
  const now = app.now();
  const session = await findCurrentSession(app.store.db, token, now);
  if (!session) {
    reply.clearSessionCookie();
    return;
  }
  if (STATE_CHANGING.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken))
      throw new HttpProblem('forbidden', `missing or wrong ${CSRF_HEADER} header`);
  }
  await touchIfDue(app.store.db, session, now);
  request.authSession = session;
  if (session.secondFactorDone) {
    request.actor = {
      userId: session.userId,
      username: session.username,
      role: session.role,
      patientId: session.patientId,
      sessionId: session.id,
    };
  }
}

export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthPluginOptions) => {
    const cookieOptions = {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: options.secureCookies,
    } as const;
    await app.register(cookie);
    app.decorateRequest('actor', null);
    app.decorateRequest('authSession', null);
    app.decorateReply('setSessionCookie', function (this: FastifyReply, token: string) {
      return this.setCookie(SESSION_COOKIE, token, cookieOptions);
    });
    app.decorateReply('clearSessionCookie', function (this: FastifyReply) {
      return this.clearCookie(SESSION_COOKIE, cookieOptions);
    });
    app.addHook('onRequest', authenticate);
  },
  { name: 'o3care-auth', dependencies: ['o3care-store'] },
);
