// A patient's timeline: everything that happened in the record (registration, intake versions, screenings,
// decisions, plans, orders, consents, sessions, amendments, adverse events, outcomes), newest first, keyset-paged.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { decodeCursor, patientTimeline } from '../services/timeline.ts';
import { idParams, pageLimit } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { timelineEventView } from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

export const timelineRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/patients/:id/timeline',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['patients'],
        summary:
          'Everything that happened in the record, newest first; pass `next` as `cursor` for older events',
        params: idParams,
        querystring: z.strictObject({
          limit: pageLimit,
          /** The `next` of the previous page. */
          cursor: z
            .string()
            .max(500)
            .transform((value, context) => {
              const position = decodeCursor(value);
              if (!position) context.addIssue({ code: 'custom', message: 'not a timeline cursor' });
              return position ?? z.NEVER;
            })
            .optional(),
        }),
        response: withProblems({
          200: z.object({ events: z.array(timelineEventView).readonly(), next: z.string().optional() }),
        }),
      },
    },
    async (request) =>
      inCare(request, (trx, care) =>
        patientTimeline(trx, care, request.params.id, {
          limit: request.query.limit,
          ...(request.query.cursor !== undefined ? { after: request.query.cursor } : {}),
        }),
      ),
  );
};
