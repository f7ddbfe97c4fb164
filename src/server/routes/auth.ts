// Signing in and out (DESIGN.md Auth): password, then TOTP for clinical roles; the session; the first admin; one's own
// password. Sign-in routes are rate limited per IP here, and per username in the database (auth/login.ts).

import rateLimit from '@fastify/rate-limit';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../store/audit.repository.ts';
import { deleteSession } from '../../store/sessions.repository.ts';
import type { User } from '../auth/accounts.ts';
import { actorOf } from '../auth/actor.ts';
import { auditContext, auditEntry } from '../auth/audit-context.ts';
import { redeemBootstrap } from '../auth/bootstrap.ts';
import type { LoginResult } from '../auth/login.ts';
import { changeOwnPassword, passwordLogin, totpLogin } from '../auth/login.ts';
import { hashPassword } from '../auth/password.ts';
import {
  displayNameSchema,
  newPasswordSchema,
  passwordWeakness,
  SIGNED_OUT,
  sessionView,
  toSessionView,
  toUserView,
  usernameSchema,
  userView,
} from '../auth/schemas.ts';
import type { SessionView } from '../auth/schemas.ts';
import { badRequest, HttpProblem } from '../problem.ts';
import { withProblems } from '../schemas/problem-responses.ts';

/** Per client IP; the per-username lock (5 failures) is the tighter limit for any one account. */
export const SIGN_IN_RATE_LIMIT = { max: 10, timeWindow: 60_000 } as const;

const WRONG_CREDENTIALS = 'the username or password is not correct';

function throttled(reply: FastifyReply, until: Date, now: Date): HttpProblem {
  reply.header('retry-after', String(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))));
  return new HttpProblem('too-many-requests', 'too many failed sign-ins for this username; try again later');
}

const viewOf = (result: Extract<LoginResult, { kind: 'session' }>): SessionView => {
  const user: User = result.user;
  return toSessionView(result.session, { ...user, userId: user.id });
};

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // Registered in this plugin's scope only: it limits the routes below that ask for it, and nothing else.
  await app.register(rateLimit, { global: false });
  const limited = { rateLimit: SIGN_IN_RATE_LIMIT };
  const userAgent = (value: string | undefined) => value ?? null;

  app.post(
    '/api/auth/login',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password',
        body: z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) }),
        response: withProblems({ 200: sessionView }),
      },
    },
    async (request, reply) => {
      const context = auditContext(request);
      const result = await passwordLogin(
        app.store.db,
        {
          username: request.body.username,
          password: request.body.password,
          previousSessionId: request.authSession?.id ?? null,
          userAgent: userAgent(request.headers['user-agent']),
        },
        context,
      );
      switch (result.kind) {
        case 'refused':
          throw new HttpProblem('unauthenticated', WRONG_CREDENTIALS);
        case 'throttled':
          throw throttled(reply, result.until, context.at);
        case 'session':
          reply.setSessionCookie(result.session.token);
          return viewOf(result);
      }
    },
  );

  app.post(
    '/api/auth/totp',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Complete sign-in with the 6-digit code from the authenticator app',
        body: z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }),
        response: withProblems({ 200: sessionView }),
      },
    },
    async (request, reply) => {
      const pending = request.authSession;
      if (!pending) throw new HttpProblem('unauthenticated', 'sign in with your password first');
      if (pending.secondFactorDone)
        throw new HttpProblem('conflict', 'this session is fully signed in already');
      const context = auditContext(request);
      const result = await totpLogin(
        app.store.db,
        pending,
        request.body.code,
        userAgent(request.headers['user-agent']),
        context,
      );
      switch (result.kind) {
        case 'refused':
          throw new HttpProblem('unauthenticated', 'the code is not correct');
        case 'throttled':
          reply.clearSessionCookie();
          throw throttled(reply, result.until, context.at);
        case 'session':
          reply.setSessionCookie(result.session.token);
          return viewOf(result);
      }
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: withProblems({ 200: sessionView }) } },
    async (request, reply) => {
      const session = request.authSession;
      if (session) {
        const context = auditContext(request);
        await app.store.db.transaction().execute(async (trx) => {
          await deleteSession(trx, session.id);
          await appendAudit(
            trx,
            auditEntry(context, {
              actorId: session.userId,
              actorRole: session.role,
              action: 'logout',
              outcome: 'success',
            }),
            context.at,
          );
        });
      }
      reply.clearSessionCookie();
      return SIGNED_OUT;
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session',
        response: withProblems({ 200: sessionView }),
      },
    },
    async (request) => toSessionView(request.authSession, request.authSession),
  );

  app.post(
    '/api/auth/bootstrap',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Create the first administrator with the one-time code printed at first start',
        body: z.object({
          code: z.string().min(1).max(100),
          username: usernameSchema,
          password: newPasswordSchema,
          displayName: displayNameSchema.optional(),
        }),
        response: withProblems({ 201: z.object({ user: userView }) }),
      },
    },
    async (request, reply) => {
      const { code, username, password, displayName } = request.body;
      const weakness = passwordWeakness(password, username);
      if (weakness) throw badRequest('$.body.password', weakness);
      const user = await redeemBootstrap(
        app.store.db,
        { code, username, displayName: displayName ?? username, passwordHash: await hashPassword(password) },
        auditContext(request),
      );
      if (!user) throw new HttpProblem('forbidden', 'the code is not valid, has been used, or has expired');
      return reply.status(201).send({ user: toUserView(user) });
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: limited,
      // Signed in first (401), before the body is even validated.
      preValidation: async (request) => {
        actorOf(request);
      },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; your other sessions end',
        body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: newPasswordSchema }),
        response: withProblems({ 200: z.object({ changed: z.literal(true) }) }),
      },
    },
    async (request) => {
      actorOf(request);
      const session = request.authSession!;
      const { currentPassword, newPassword } = request.body;
      if (newPassword === currentPassword)
        throw badRequest('$.body.newPassword', 'the new password must differ from the current one');
      const weakness = passwordWeakness(newPassword, session.username);
      if (weakness) throw badRequest('$.body.newPassword', weakness);
      const context = auditContext(request);
      const result = await changeOwnPassword(
        app.store.db,
        session,
        { current: currentPassword, next: newPassword },
        context,
      );
      switch (result) {
        case 'wrong-password':
          throw badRequest('$.body.currentPassword', 'the current password is not correct');
        case 'throttled':
          throw new HttpProblem('too-many-requests', 'too many failed attempts; try again later');
        case 'changed':
          return { changed: true as const };
      }
    },
  );
};
