// User administration (permission `user.manage`, admins only): list, create (with the TOTP secret shown once), and
// change role, patient link, display name, disabled, password or TOTP secret.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUserById, listUsers } from '../../store/users.repository.ts';
import { createAccount, toUser, updateAccount } from '../auth/accounts.ts';
import { auditContext } from '../auth/audit-context.ts';
import { hashPassword } from '../auth/password.ts';
import { allow } from '../auth/route-guard.ts';
import {
  displayNameSchema,
  newPasswordSchema,
  passwordWeakness,
  patientIdSchema,
  roleSchema,
  toUserView,
  totpEnrolmentView,
  usernameSchema,
  userView,
} from '../auth/schemas.ts';
import { badRequest, HttpProblem } from '../problem.ts';
import { withProblems } from '../schemas/problem-responses.ts';

const accountView = z.object({ user: userView, totp: totpEnrolmentView });

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  // Before validation: a caller without the right learns nothing about the body a route expects; refusals are
  // audited as denied.
  const admin = allow('user.manage');

  app.get(
    '/api/users',
    {
      preValidation: admin,
      schema: {
        tags: ['users'],
        summary: 'All user accounts',
        response: withProblems({ 200: z.object({ users: z.array(userView) }) }),
      },
    },
    async () => ({ users: (await listUsers(app.store.db)).map((row) => toUserView(toUser(row))) }),
  );

  app.post(
    '/api/users',
    {
      preValidation: admin,
      schema: {
        tags: ['users'],
        summary: 'Create a user; clinical roles get a TOTP secret, returned only in this response',
        body: z.object({
          username: usernameSchema,
          displayName: displayNameSchema,
          role: roleSchema,
          password: newPasswordSchema,
          patientId: patientIdSchema.nullable().optional(),
          enableTotp: z.boolean().optional(),
        }),
        response: withProblems({ 201: accountView }),
      },
    },
    async (request, reply) => {
      const { username, displayName, role, password, patientId, enableTotp } = request.body;
      const weakness = passwordWeakness(password, username);
      if (weakness) throw badRequest('$.body.password', weakness);
      const created = await createAccount(
        app.store.db,
        {
          username,
          displayName,
          role,
          patientId: patientId ?? null,
          passwordHash: await hashPassword(password),
          ...(enableTotp !== undefined ? { enableTotp } : {}),
        },
        auditContext(request),
      );
      return reply.status(201).send({ user: toUserView(created.user), totp: created.totp });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      preValidation: admin,
      schema: {
        tags: ['users'],
        summary:
          'Change a user; a new TOTP secret (resetTotp, or a move to a clinical role) is returned once',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            displayName: displayNameSchema.optional(),
            role: roleSchema.optional(),
            patientId: patientIdSchema.nullable().optional(),
            disabled: z.boolean().optional(),
            resetTotp: z.literal(true).optional(),
            password: newPasswordSchema.optional(),
          })
          .refine((body) => Object.values(body).some((value) => value !== undefined), 'nothing to change'),
        response: withProblems({ 200: accountView }),
      },
    },
    async (request) => {
      const { password, ...change } = request.body;
      let passwordHash: string | undefined;
      if (password !== undefined) {
        const existing = await findUserById(app.store.db, request.params.id);
        const weakness = existing ? passwordWeakness(password, existing.username) : null;
        if (weakness) throw badRequest('$.body.password', weakness);
        passwordHash = await hashPassword(password);
      }
      const updated = await updateAccount(
        app.store.db,
        request.params.id,
        { ...change, ...(passwordHash !== undefined ? { passwordHash } : {}) },
        auditContext(request),
      );
      if (!updated) throw new HttpProblem('not-found', 'no such user');
      return { user: toUserView(updated.user), totp: updated.totp };
    },
  );
};
