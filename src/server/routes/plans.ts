// The physician's decision after screening (DESIGN.md workflow steps 3-4): a documented decision not to use ozone with
// a coded reason, or a plan inside the wider programme whose every schedule step the engine checks (a hard stop in
// any step refuses the plan: 422, audited as denied). Plans are listed per patient and closed once.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PlanCloseReason } from '../../store/plan.table.ts';
import { allow, owned, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { closePlan, createPlan, decideNoOzone, patientPlans } from '../services/plans.ts';
import {
  doseValues,
  goalStatement,
  noOzoneReason,
  programmeComponent,
  reviewPoint,
  techniqueCode,
} from '../schemas/clinical.ts';
import { idParams } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { decisionView, planView } from '../schemas/record-views.ts';
import { inCare, inCareRefusable } from './care-route.ts';

const comment = z.string().trim().min(1).max(2000);

const noOzoneDecision = z.strictObject({
  reason: noOzoneReason,
  /** Required for reason `other`. */
  comment: comment.optional(),
});

const newPlan = z.strictObject({
  goal: goalStatement,
  technique: techniqueCode,
  /** Values per session; the last step holds for the rest of the course. */
  escalationSchedule: z.array(doseValues).min(1).max(100),
  courseSessions: z.number().int().min(1).max(100),
  /** Defaults to the goal's review point. */
  reviewPoint: reviewPoint.optional(),
  /** The rest of the programme (rehabilitation, hyperbaric oxygen…) and when it runs relative to ozone. */
  programme: z.array(programmeComponent).max(20).optional(),
});

const CLOSE_REASONS = ['completed', 'stopped'] as const satisfies readonly PlanCloseReason[];
const closing = z.strictObject({ reason: z.enum(CLOSE_REASONS), note: comment.optional() });

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/patients/:id/decisions',
    {
      preValidation: allow('decision.write', PATIENT_SCOPE),
      schema: {
        tags: ['decisions'],
        summary: 'Record a decision not to use ozone, with its coded reason (reason other needs a comment)',
        params: idParams,
        body: noOzoneDecision,
        response: withProblems({ 201: z.object({ decision: decisionView }) }),
      },
    },
    async (request, reply) => {
      const decision = await inCare(request, (trx, care) =>
        decideNoOzone(trx, care, { patientId: request.params.id, ...request.body }),
      );
      return reply.status(201).send({ decision });
    },
  );

  app.post(
    '/api/patients/:id/plans',
    {
      preValidation: allow('plan.write', PATIENT_SCOPE),
      schema: {
        tags: ['plans'],
        summary:
          'Make a plan; every schedule step is dose-checked and a hard stop in any step refuses the plan',
        params: idParams,
        body: newPlan,
        response: withProblems({ 201: z.object({ plan: planView, decision: decisionView }) }),
      },
    },
    async (request, reply) => {
      const patientId = request.params.id;
      const { plan, decision } = await inCareRefusable(
        request,
        { action: 'plan.write', patientId: async () => patientId },
        (trx, care) => createPlan(trx, care, { patientId, ...request.body }),
      );
      return reply.status(201).send({ plan, decision });
    },
  );

  app.get(
    '/api/patients/:id/plans',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['plans'],
        summary: 'The patient’s plans, newest first',
        params: idParams,
        response: withProblems({ 200: z.object({ plans: z.array(planView).readonly() }) }),
      },
    },
    async (request) => ({
      plans: await inCare(request, (trx, care) => patientPlans(trx, care, request.params.id)),
    }),
  );

  app.post(
    '/api/plans/:id/close',
    {
      preValidation: allow('plan.write', owned('plan', 'plan')),
      schema: {
        tags: ['plans'],
        summary: 'Close a plan as completed or stopped (once)',
        params: idParams,
        body: closing,
        response: withProblems({ 200: z.object({ plan: planView }) }),
      },
    },
    async (request) => ({
      plan: await inCare(request, (trx, care) =>
        closePlan(trx, care, { planId: request.params.id, ...request.body }),
      ),
    }),
  );
};
