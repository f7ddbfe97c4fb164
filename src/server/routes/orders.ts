// Ozone orders (DESIGN.md workflow step 4): the engine checks the values against the patient's record and the
// current approved library. A hard stop refuses the order (422 `clinical-hard-stop` with the findings, nothing
// stored, the attempt audited as denied); each warning needs a coded override reason (422 `override-required` naming
// the warnings until it has one). A stored order keeps its findings, library version and overrides.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findRecordOwner } from '../../store/record-owner.repository.ts';
import { allow, owned, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { checkAndSaveOrder, patientOrders } from '../services/orders.ts';
import { doseValues, overrides, techniqueCode } from '../schemas/clinical.ts';
import { idParams } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { detectedIssueView, orderView } from '../schemas/record-views.ts';
import { inCare, inCareRefusable } from './care-route.ts';

const newOrder = z.strictObject({
  /** Defaults to the plan's technique; another one is refused. */
  technique: techniqueCode.optional(),
  values: doseValues,
  /** One coded reason per warning: [{ ruleId, reason, comment }] (reason `other` needs a comment). */
  overrides: overrides.optional(),
});

export const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/plans/:id/orders',
    {
      preValidation: allow('order.write', owned('plan', 'plan')),
      schema: {
        tags: ['orders'],
        summary: 'Check and sign an order under a plan; hard stops refuse it, warnings need a coded override',
        params: idParams,
        body: newOrder,
        response: withProblems({
          201: z.object({ order: orderView, overrides: z.array(detectedIssueView).readonly() }),
        }),
      },
    },
    async (request, reply) => {
      const planId = request.params.id;
      const saved = await inCareRefusable(
        request,
        { action: 'order.write', patientId: () => findRecordOwner(app.store.db, 'plan', planId) },
        (trx, care) => checkAndSaveOrder(trx, care, { planId, ...request.body }),
      );
      return reply.status(201).send({ order: saved.order, overrides: saved.detectedIssues });
    },
  );

  app.get(
    '/api/patients/:id/orders',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['orders'],
        summary: 'The patient’s orders, oldest first, each with the warnings overridden when it was signed',
        params: idParams,
        response: withProblems({
          200: z.object({
            orders: z
              .array(z.object({ order: orderView, overrides: z.array(detectedIssueView).readonly() }))
              .readonly(),
          }),
        }),
      },
    },
    async (request) => ({
      orders: await inCare(request, (trx, care) => patientOrders(trx, care, request.params.id)),
    }),
  );
};
