// The clinical record's /api routes, all behind sign-in: each route names its action (auth/permissions.ts) and, for a
// patient's record, its compartment (auth/route-guard.ts). A sibling of the public routes (health, sign-in).

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditRoutes } from './audit.ts';
import { consentRoutes } from './consents.ts';
import { intakeRoutes } from './intake.ts';
import { libraryRoutes } from './library.ts';
import { orderCheckRoutes } from './order-check.ts';
import { orderRoutes } from './orders.ts';
import { outcomeRoutes } from './outcomes.ts';
import { patientFactRoutes } from './patient-facts.ts';
import { patientImportRoutes } from './patient-import.ts';
import { patientOverviewRoutes } from './patient-overview.ts';
import { patientRoutes } from './patients.ts';
import { planRoutes } from './plans.ts';
import { safetyReportRoutes } from './safety-reports.ts';
import { sessionRoutes } from './sessions.ts';
import { staffRoutes } from './staff.ts';
import { timelineRoutes } from './timeline.ts';
import { todayRoutes } from './today.ts';

export const clinicalRecordRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(patientRoutes);
  await app.register(patientOverviewRoutes);
  await app.register(patientImportRoutes);
  await app.register(intakeRoutes);
  await app.register(patientFactRoutes);
  await app.register(planRoutes);
  await app.register(libraryRoutes);
  await app.register(orderRoutes);
  await app.register(orderCheckRoutes);
  await app.register(consentRoutes);
  await app.register(sessionRoutes);
  await app.register(staffRoutes);
  await app.register(outcomeRoutes);
  await app.register(timelineRoutes);
  await app.register(todayRoutes);
  await app.register(auditRoutes);
  await app.register(safetyReportRoutes);
};
