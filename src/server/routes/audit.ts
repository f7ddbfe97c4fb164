// The audit trail over HTTP: search (administrators and the medical director), the chain check, and a patient's own
// access log — who opened or changed their record, and when (DESIGN.md, Audit).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditRecord, PatientAccess } from '../../store/audit.repository.ts';
import { allow, ownPatientId } from '../auth/route-guard.ts';
import { accessLog, searchAudit, verifyTrail } from '../services/audit-trail.ts';
import { instantDate, pageLimit, uuid } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { accessView, auditEventView } from '../schemas/record-views.ts';
import { careContext } from './care-route.ts';

const before = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional();

const auditQuery = z
  .strictObject({
    patientId: uuid.optional(),
    /** A user id (or another actor id the trail holds). */
    actorId: z.string().trim().min(1).max(200).optional(),
    /** One action, e.g. `patient.read` or `order.write`. */
    action: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'an action such as patient.read')
      .optional(),
    /** From this instant on. */
    from: instantDate.optional(),
    /** Before this instant. */
    to: instantDate.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    /** The `next` of the previous page. */
    before,
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from is before to', path: ['to'] });

const auditEventOf = (record: AuditRecord): z.infer<typeof auditEventView> => ({
  seq: record.seq,
  id: record.id,
  at: record.at.toISOString(),
  actorId: record.actorId,
  actorRole: record.actorRole,
  action: record.action,
  patientId: record.patientId,
  resource: record.resource,
  outcome: record.outcome,
  sourceIp: record.sourceIp,
  requestId: record.requestId,
  detail: record.detail,
});

const accessOf = (access: PatientAccess): z.infer<typeof accessView> => ({
  at: access.at.toISOString(),
  actorRole: access.actorRole,
  actorName: access.actorName,
  action: access.action,
  resource: access.resource,
  outcome: access.outcome,
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      preValidation: allow('audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail by patient, actor and time, newest first',
        querystring: auditQuery,
        response: withProblems({
          200: z.object({ events: z.array(auditEventView), next: z.number().int().optional() }),
        }),
      },
    },
    async (request) => {
      const { before: beforeSeq, ...query } = request.query;
      const page = await searchAudit(app.store.db, careContext(request), {
        ...query,
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      });
      return {
        events: page.events.map(auditEventOf),
        ...(page.next !== undefined ? { next: page.next } : {}),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    {
      preValidation: allow('audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain and name the first broken link, if any',
        response: withProblems({
          200: z.object({
            ok: z.boolean(),
            rows: z.number().int(),
            headHash: z.string().optional(),
            brokenAt: z.number().int().optional(),
            reason: z.string().optional(),
          }),
        }),
      },
    },
    async (request) => verifyTrail(app.store.db, careContext(request)),
  );

  app.get(
    '/api/me/access-log',
    {
      preValidation: allow('access-log.read-own'),
      schema: {
        tags: ['audit'],
        summary: 'Who accessed my record: every read and change, newest first',
        querystring: z.strictObject({ limit: pageLimit, before }),
        response: withProblems({
          200: z.object({ accesses: z.array(accessView), next: z.number().int().optional() }),
        }),
      },
    },
    async (request) => {
      const { limit, before: beforeSeq } = request.query;
      const page = await accessLog(app.store.db, careContext(request), ownPatientId(request), {
        limit,
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      });
      return { accesses: page.events.map(accessOf), ...(page.next !== undefined ? { next: page.next } : {}) };
    },
  );
};
