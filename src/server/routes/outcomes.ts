// Outcome measures and the course review (DESIGN.md workflow step 7): a measure per goal at baseline, review point or
// follow-up (patients may record their own questionnaires), and the engine's continue / reassess / stop
// recommendation for a plan's course, from its goal's review point and MCID rules.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTCOME_PHASES } from '../../store/outcome.table.ts';
import { allow, owned, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { badRequest } from '../problem.ts';
import { courseRecommendation, recordOutcome } from '../services/outcomes.ts';
import { outcomeMeasureCode } from '../schemas/clinical.ts';
import { idParams, instantDate, uuid } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { courseReviewView, outcomeView } from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

/** A measure dated this far past the clock is refused as a typo. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const newOutcome = z.strictObject({
  /** The plan the measure reviews; leave out for a baseline taken before any plan. */
  planId: uuid.optional(),
  measure: outcomeMeasureCode,
  value: z.number().min(-1_000_000).max(1_000_000),
  phase: z.enum(OUTCOME_PHASES),
  /** When it was measured; defaults to now. */
  recordedAt: instantDate.optional(),
});

export const outcomeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/patients/:id/outcomes',
    {
      preValidation: allow('outcome.write', PATIENT_SCOPE),
      schema: {
        tags: ['outcomes'],
        summary: 'Record an outcome measure (baseline, review or follow-up)',
        params: idParams,
        body: newOutcome,
        response: withProblems({ 201: z.object({ outcome: outcomeView }) }),
      },
    },
    async (request, reply) => {
      const { recordedAt } = request.body;
      if (recordedAt && recordedAt.getTime() > app.now().getTime() + CLOCK_SKEW_MS)
        throw badRequest('$.body.recordedAt', 'a measure is not dated in the future');
      const outcome = await inCare(request, (trx, care) =>
        recordOutcome(trx, care, { patientId: request.params.id, ...request.body }),
      );
      return reply.status(201).send({ outcome });
    },
  );

  app.get(
    '/api/plans/:id/course',
    {
      preValidation: allow('patient.read', owned('plan', 'plan')),
      schema: {
        tags: ['outcomes'],
        summary:
          'The engine’s review of a plan’s course: review point, response per measure, continue / reassess / stop',
        params: idParams,
        response: withProblems({ 200: z.object({ review: courseReviewView }) }),
      },
    },
    async (request) => ({
      review: await inCare(request, (trx, care) => courseRecommendation(trx, care, request.params.id)),
    }),
  );
};
