// The clinic's clinical staff as a session names them: who may operate and who may supervise. A nurse filling in a
// session picks the supervising physician from this list (user administration itself stays with admins).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listUsers } from '../../store/users.repository.ts';
import type { Role } from '../auth/permissions.ts';
import { CLINICAL_ROLES } from '../auth/permissions.ts';
import { allow } from '../auth/route-guard.ts';
import { withProblems } from '../schemas/problem-responses.ts';

export const staffMemberView = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(CLINICAL_ROLES as unknown as readonly [Role, ...Role[]]),
});

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/staff',
    {
      preValidation: allow('session.write'),
      schema: {
        tags: ['sessions'],
        summary:
          'Enabled clinical staff (id, name, role): the operators and supervising physicians of a session',
        response: withProblems({ 200: z.object({ staff: z.array(staffMemberView).readonly() }) }),
      },
    },
    async () => ({
      staff: (await listUsers(app.store.db))
        .filter((row) => !row.disabled && (CLINICAL_ROLES as readonly string[]).includes(row.role))
        .map((row) => ({ id: row.id, displayName: row.display_name, role: row.role as Role })),
    }),
  );
};
