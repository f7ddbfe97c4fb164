// `GET /api/patients/overview?ids=…`: for the patients a list shows, the goal and where each stands (awaiting intake,
// awaiting a decision, in treatment, no ozone, course closed, deceased), without reading every chart.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow } from '../auth/route-guard.ts';
import { PATIENT_STATUSES, patientOverviews } from '../services/patient-overview.ts';
import { goalCode } from '../schemas/clinical.ts';
import { uuid } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { inCare } from './care-route.ts';

const overviewQuery = z.strictObject({
  /** Comma-separated patient ids: one list page (at most 100). */
  ids: z
    .string()
    .max(100 * 37)
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()))])
    .pipe(z.array(uuid).min(1).max(100)),
});

const overviewView = z.object({
  id: z.string(),
  goal: goalCode.optional(),
  status: z.enum(PATIENT_STATUSES),
});

export const patientOverviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/patients/overview',
    {
      preValidation: allow('patient.list'),
      schema: {
        tags: ['patients'],
        summary: 'For listed patients: the current goal and where each stands; unknown ids are left out',
        querystring: overviewQuery,
        response: withProblems({ 200: z.object({ overviews: z.array(overviewView).readonly() }) }),
      },
    },
    async (request) => ({
      overviews: await inCare(request, (trx, care) => patientOverviews(trx, care, request.query.ids)),
    }),
  );
};
