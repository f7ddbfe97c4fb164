// The clinical record's /api routes, all behind sign-in: each route names its action (auth/permissions.ts) and, for a
// patient's record, its compartment (auth/route-guard.ts). A sibling of the public routes (health, sign-in).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditRoutes } from './audit.ts';
import { consentRoutes } from './consents.ts';
import { intakeRoutes } from './intake.ts';
import { libraryRoutes } from './library.ts';
import { orderRoutes } from './orders.ts';
import { outcomeRoutes } from './outcomes.ts';
import { patientImportRoutes } from './patient-import.ts';
import { patientRoutes } from './patients.ts';
import { planRoutes } from './plans.ts';
import { sessionRoutes } from './sessions.ts';
import { timelineRoutes } from './timeline.ts';

export const clinicalRecordRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(patientRoutes);
  await app.register(patientImportRoutes);
  await app.register(intakeRoutes);
  await app.register(planRoutes);
  await app.register(libraryRoutes);
  await app.register(orderRoutes);
  await app.register(consentRoutes);
  await app.register(sessionRoutes);
  await app.register(outcomeRoutes);
  await app.register(timelineRoutes);
  await app.register(auditRoutes);
};
