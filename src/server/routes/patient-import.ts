// `POST /api/patients/import` (SPEC-INTEROP §5): an IPS document or another FHIR R4 Bundle in, a report out: the
// patient created or matched (and how), what each resource gave or why it was skipped, and the new screening. The
// Bundle is checked whole before anything is written; a malformed one is a 400 naming the first bad field.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORTABLE_BUNDLE_TYPES } from '../../fhir/import/bundle-shape.ts';
import { planImport } from '../../fhir/import/import-plan.ts';
import { SKIP_REASONS } from '../../fhir/import/skip-reasons.ts';
import { allow } from '../auth/route-guard.ts';
import { badRequest } from '../problem.ts';
import { importPatientRecord, sha256OfJson } from '../services/patient-import.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { screeningView } from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

/**
 * Largest import body: 20 MiB. The app's 1 MiB default fits every other request, but a traveller's summary with its
 * narrative, scanned attachments (base64) and years of results can pass it; 20 MiB is far above the example IPS
 * documents (15–92 kB) and still small enough to parse in memory (docs/decisions/0012).
 */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/** FHIR's own JSON media type (FHIR R4 §3.1.0.1.2); clients of FHIR servers send it rather than application/json. */
const FHIR_JSON = 'application/fhir+json';

const text = z.string();
const notes = z.array(z.object({ path: text, message: text })).readonly();

export const importReportView = z.object({
  importId: text,
  patient: z.object({
    id: text,
    outcome: z.enum(['created', 'matched']),
    matchedBy: z.enum(['identifier', 'name-and-birth-date']).optional(),
    identifier: text.optional(),
    added: z.array(text).readonly(),
  }),
  source: z.object({
    bundleType: z.enum(IMPORTABLE_BUNDLE_TYPES),
    system: text.optional(),
    documentIdentifier: text.optional(),
    date: text.optional(),
    title: text.optional(),
  }),
  documentSha256: text,
  imported: z
    .array(
      z.object({
        resource: text,
        type: text,
        facts: z
          .array(
            z.object({ kind: text, value: z.unknown(), effective: text.optional(), code: text.optional() }),
          )
          .readonly(),
        intakeVersion: z.number().int().optional(),
      }),
    )
    .readonly(),
  skipped: z
    .array(z.object({ resource: text, type: text, reason: z.enum(SKIP_REASONS), message: text }))
    .readonly(),
  notes,
  screening: screeningView,
});

/** A problem path from the Bundle's root (`$.entry[3].resource.birthDate`) as a path in the request. */
const inBody = (path: string): string => (path === '$' ? '$.body' : `$.body${path.slice(1)}`);

export const patientImportRoutes: FastifyPluginAsyncZod = async (app) => {
  if (!app.hasContentTypeParser(FHIR_JSON)) {
    app.addContentTypeParser(
      FHIR_JSON,
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      app.getDefaultJsonParser('error', 'error'),
    );
  }

  app.post(
    '/api/patients/import',
    {
      preValidation: allow('patient.import'),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['patients'],
        summary:
          'Import an IPS document or a FHIR R4 Bundle: creates or matches the patient, stores the facts with their provenance, screens again',
        body: z
          .unknown()
          .describe(
            'A FHIR R4 Bundle: document (Composition first), collection, transaction, batch or searchset',
          ),
        // 201 whether the patient was registered or matched: every import creates its import record.
        response: withProblems({ 201: importReportView }),
      },
    },
    async (request, reply) => {
      const planned = planImport(request.body);
      if (!planned.ok) throw badRequest(inBody(planned.problem.path), planned.problem.message);
      const documentSha256 = sha256OfJson(request.body);
      const report = await inCare(request, (trx, care) =>
        importPatientRecord(trx, care, planned.plan, documentSha256),
      );
      return reply.status(201).send(report);
    },
  );
};
