// Ozone sessions (DESIGN.md workflow step 6): scheduled from a signed order, filled in on the day (vitals, consent
// checked, checklist, generator reading, administered values, operator, supervising physician, notes), pre-checked by
// the engine, and signed only when the engine finds no hard stop (422 with the findings otherwise, audited as denied).
// A signed session is frozen: corrections are amendments. Adverse events are graded and reviewed by a physician.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CHECKLIST_ITEMS } from '../../store/ozone-session.table.ts';
import { findRecordOwner } from '../../store/record-owner.repository.ts';
import type { Database } from '../../store/schema.ts';
import { findUserById } from '../../store/users.repository.ts';
import type { Role } from '../auth/permissions.ts';
import { CLINICAL_ROLES } from '../auth/permissions.ts';
import { allow, owned } from '../auth/route-guard.ts';
import { badRequest } from '../problem.ts';
import type { AmendableField } from '../services/record-types.ts';
import {
  amendSession,
  preSessionCheck,
  recordAdverseEvent,
  reviewAdverseEvent,
  scheduleSession,
  sessionRecord,
  signSession,
  updateSessionDraft,
} from '../services/sessions.ts';
import { doseValues, evaluationView, overrides } from '../schemas/clinical.ts';
import { idParams, instant, instantDate, noBody, uuid } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { adverseEventView, amendmentView, detectedIssueView, sessionView } from '../schemas/record-views.ts';
import { inCare, inCareRefusable } from './care-route.ts';

const vital = (min: number, max: number) => z.number().min(min).max(max).optional();

const vitals = z.strictObject({
  systolicMmHg: vital(0, 400),
  diastolicMmHg: vital(0, 300),
  heartRateBpm: vital(0, 400),
  spo2Percent: vital(0, 100),
  temperatureC: vital(20, 50),
  respiratoryRatePerMin: vital(0, 120),
  glucoseMgPerDl: vital(0, 3000),
});

const generatorReading = z.strictObject({
  deviceId: z.string().trim().min(1).max(100).optional(),
  concentrationUgPerMl: z.number().min(0).max(1000),
  readAt: instant.optional(),
});

const operator = z.strictObject({
  /** The operator's user id. */
  id: uuid,
  /** Credentials verified for this session (e.g. `ozone-therapy`). */
  credentials: z.array(z.string().trim().min(1).max(100)).max(20),
});

const notes = z.string().trim().min(1).max(20_000);

/** A present key changes (null clears it), an absent key stays. */
const draftChange = z
  .strictObject({
    scheduledAt: instantDate.nullable().optional(),
    startedAt: instantDate.nullable().optional(),
    vitals: vitals.optional(),
    consentId: uuid.nullable().optional(),
    checklist: z.partialRecord(z.enum(CHECKLIST_ITEMS), z.boolean()).optional(),
    generatorReading: generatorReading.nullable().optional(),
    /** Replaces all administered values. */
    administered: doseValues.optional(),
    operator: operator.nullable().optional(),
    supervisingPhysicianId: uuid.nullable().optional(),
    imageGuidance: z.boolean().nullable().optional(),
    notes: notes.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');

const AMENDABLE_FIELDS = [
  'startedAt',
  'notes',
  'vitals',
  'checklist',
  'generatorReading',
  'concentrationUgPerMl',
  'gasVolumeMl',
  'bloodVolumeMl',
  'durationMin',
  'supervisingPhysicianId',
  'imageGuidance',
] as const satisfies readonly AmendableField[];
type NeverMissing<T extends never> = T;
export type EveryAmendableFieldListed = NeverMissing<
  Exclude<AmendableField, (typeof AMENDABLE_FIELDS)[number]>
>;

/**
 * What each field may be corrected to: the shape a draft takes for it, null where a draft may clear it (vitals and
 * checklist are corrected to `{}` instead). The value stays free JSON in the body schema (its shape depends on
 * `field`), so the route checks it here: an amendment stored with a shape the session view cannot show made every
 * later read of the session a 500 (found by routes/hostile-input.test.ts).
 */
const AMENDMENT_VALUES: Readonly<Record<AmendableField, z.ZodType>> = {
  startedAt: instant.nullable(),
  notes: notes.nullable(),
  vitals,
  checklist: z.partialRecord(z.enum(CHECKLIST_ITEMS), z.boolean()),
  generatorReading: generatorReading.nullable(),
  concentrationUgPerMl: doseValues.shape.concentrationUgPerMl.unwrap().nullable(),
  gasVolumeMl: doseValues.shape.gasVolumeMl.unwrap().nullable(),
  bloodVolumeMl: doseValues.shape.bloodVolumeMl.unwrap().nullable(),
  durationMin: doseValues.shape.durationMin.unwrap().nullable(),
  supervisingPhysicianId: uuid.nullable(),
  imageGuidance: z.boolean().nullable(),
};

const amendment = z.strictObject({
  field: z.enum(AMENDABLE_FIELDS),
  /** The corrected value (null clears the field); checked against the field by the service. */
  value: z.json(),
  reason: z.string().trim().min(1).max(2000),
});

const adverseEvent = z.strictObject({
  /** CTCAE-style grade 1-5. */
  grade: z.number().int().min(1).max(5),
  description: z.string().trim().min(1).max(5000),
  onsetAt: instantDate.optional(),
});

const PHYSICIANS: readonly Role[] = ['medical-director', 'physician'];

/** The named user must be an enabled account with one of `roles` (a session records real staff, not free text). */
async function assertStaff(
  db: Kysely<Database>,
  id: string,
  roles: readonly Role[],
  path: string,
  what: string,
) {
  const user = await findUserById(db, id);
  if (!user || user.disabled || !(roles as readonly string[]).includes(user.role))
    throw badRequest(path, `not the id of an enabled ${what} account`);
}

const sessionResponse = z.object({ session: sessionView });

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/orders/:id/sessions',
    {
      preValidation: allow('session.write', owned('ozone_order', 'order')),
      schema: {
        tags: ['sessions'],
        summary: 'Schedule a session of a signed order (a draft holding the ordered values)',
        params: idParams,
        body: z.strictObject({ scheduledAt: instantDate.optional() }).nullish(),
        response: withProblems({ 201: sessionResponse }),
      },
    },
    async (request, reply) => {
      const session = await inCare(request, (trx, care) =>
        scheduleSession(trx, care, { orderId: request.params.id, ...request.body }),
      );
      return reply.status(201).send({ session });
    },
  );

  app.get(
    '/api/sessions/:id',
    {
      preValidation: allow('patient.read', owned('ozone_session', 'session')),
      schema: {
        tags: ['sessions'],
        summary:
          'A session as recorded (amendments applied), with its amendments, adverse events and overrides',
        params: idParams,
        response: withProblems({
          200: z.object({
            session: sessionView,
            amendments: z.array(amendmentView).readonly(),
            adverseEvents: z.array(adverseEventView).readonly(),
            overrides: z.array(detectedIssueView).readonly(),
          }),
        }),
      },
    },
    async (request) => inCare(request, (trx, care) => sessionRecord(trx, care, request.params.id)),
  );

  app.patch(
    '/api/sessions/:id',
    {
      preValidation: allow('session.write', owned('ozone_session', 'session')),
      schema: {
        tags: ['sessions'],
        summary: 'Fill in a draft session; a field sent as null is cleared (a signed session answers 409)',
        params: idParams,
        body: draftChange,
        response: withProblems({ 200: sessionResponse }),
      },
    },
    async (request) => {
      const { supervisingPhysicianId, operator: staff } = request.body;
      if (supervisingPhysicianId)
        await assertStaff(
          app.store.db,
          supervisingPhysicianId,
          PHYSICIANS,
          '$.body.supervisingPhysicianId',
          'physician',
        );
      if (staff) await assertStaff(app.store.db, staff.id, CLINICAL_ROLES, '$.body.operator.id', 'clinical');
      return {
        session: await inCare(request, (trx, care) =>
          updateSessionDraft(trx, care, request.params.id, request.body),
        ),
      };
    },
  );

  app.post(
    '/api/sessions/:id/pre-check',
    {
      preValidation: allow('session.write', owned('ozone_session', 'session')),
      schema: {
        tags: ['sessions'],
        summary:
          'The engine’s day-of check of a draft (re-screening, dose, consent, oversight), stored on the draft',
        params: idParams,
        body: noBody,
        response: withProblems({ 200: z.object({ evaluation: evaluationView }) }),
      },
    },
    async (request) => ({
      evaluation: await inCare(request, (trx, care) => preSessionCheck(trx, care, request.params.id)),
    }),
  );

  app.post(
    '/api/sessions/:id/sign',
    {
      preValidation: allow('session.sign', owned('ozone_session', 'session')),
      schema: {
        tags: ['sessions'],
        summary:
          'Sign a draft in the name of the signed-in physician: any hard stop refuses (422), each warning needs an override or carries the order’s',
        params: idParams,
        body: z.strictObject({ overrides: overrides.optional() }).nullish(),
        response: withProblems({
          200: z.object({ session: sessionView, overrides: z.array(detectedIssueView).readonly() }),
        }),
      },
    },
    async (request) => {
      const sessionId = request.params.id;
      const signed = await inCareRefusable(
        request,
        {
          action: 'session.sign',
          resource: `ozone_session/${sessionId}`,
          patientId: () => findRecordOwner(app.store.db, 'ozone_session', sessionId),
        },
        (trx, care) => signSession(trx, care, { sessionId, ...request.body }),
      );
      return { session: signed.session, overrides: signed.detectedIssues };
    },
  );

  app.post(
    '/api/sessions/:id/amendments',
    {
      preValidation: allow('session.amend', owned('ozone_session', 'session')),
      schema: {
        tags: ['sessions'],
        summary: 'Correct a signed session by appending an amendment (the signed row never changes)',
        params: idParams,
        body: amendment,
        response: withProblems({ 201: z.object({ amendment: amendmentView }) }),
      },
    },
    async (request, reply) => {
      const { field, value } = request.body;
      const checked = AMENDMENT_VALUES[field].safeParse(value);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const at = (issue?.path ?? []).map((key) =>
          typeof key === 'number' ? `[${key}]` : `.${String(key)}`,
        );
        throw badRequest(
          `$.body.value${at.join('')}`,
          `not a valid ${field}: ${issue?.message ?? 'invalid'}`,
        );
      }
      if (field === 'supervisingPhysicianId' && typeof value === 'string')
        await assertStaff(app.store.db, value, PHYSICIANS, '$.body.value', 'physician');
      const saved = await inCare(request, (trx, care) =>
        amendSession(trx, care, { sessionId: request.params.id, ...request.body }),
      );
      return reply.status(201).send({ amendment: saved });
    },
  );

  app.post(
    '/api/sessions/:id/adverse-events',
    {
      preValidation: allow('session.write', owned('ozone_session', 'session')),
      schema: {
        tags: ['sessions'],
        summary:
          'Report an adverse event of a session, graded 1-5 (the next order waits for a physician’s review)',
        params: idParams,
        body: adverseEvent,
        response: withProblems({ 201: z.object({ adverseEvent: adverseEventView }) }),
      },
    },
    async (request, reply) => {
      const saved = await inCare(request, (trx, care) =>
        recordAdverseEvent(trx, care, { sessionId: request.params.id, ...request.body }),
      );
      return reply.status(201).send({ adverseEvent: saved });
    },
  );

  app.post(
    '/api/adverse-events/:id/review',
    {
      preValidation: allow('adverse-event.review', owned('adverse_event', 'adverse event')),
      schema: {
        tags: ['sessions'],
        summary: 'Record the signed-in physician’s review of an adverse event (once)',
        params: idParams,
        body: z.strictObject({ note: z.string().trim().min(1).max(5000).optional() }).nullish(),
        response: withProblems({ 200: z.object({ adverseEvent: adverseEventView }) }),
      },
    },
    async (request) => ({
      adverseEvent: await inCare(request, (trx, care) =>
        reviewAdverseEvent(trx, care, { adverseEventId: request.params.id, ...request.body }),
      ),
    }),
  );
};
