// `GET /api/patients/:id/facts`: the patient's current clinical facts, each with its source (the clinic, or an
// imported document) and provenance, whether or not an intake has been recorded yet.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { currentFacts } from '../services/recorded-facts.ts';
import { idParams } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { recordedFactView } from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

export const patientFactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/patients/:id/facts',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['intake'],
        summary:
          'The facts screening reads now (labs, vitals, medications, conditions), with source and provenance, oldest first',
        params: idParams,
        response: withProblems({ 200: z.object({ facts: z.array(recordedFactView).readonly() }) }),
      },
    },
    async (request) => ({
      facts: await inCare(request, (trx, care) => currentFacts(trx, care, request.params.id)),
    }),
  );
};
