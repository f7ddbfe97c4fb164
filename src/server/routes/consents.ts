// Consent (DESIGN.md workflow step 5): versioned templates per technique carrying the required discussion (adjunct
// not cure, the FDA position, never inhaled, uncertainty, alternatives, right to stop); a patient's signature, given in
// the portal or recorded by staff from paper; a physician's countersignature; and withdrawal, which the patient may
// record themselves (the right to stop). Whether a consent stands for a session is the engine's call at signing.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SIGNATURE_METHODS } from '../../store/consent.table.ts';
import { actorOf } from '../auth/actor.ts';
import { allow, owned, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { badRequest } from '../problem.ts';
import {
  countersignConsent,
  createConsentTemplate,
  currentConsentTemplates,
  patientConsents,
  recordConsent,
  withdrawConsent,
} from '../services/consent.ts';
import { techniqueCode } from '../schemas/clinical.ts';
import { idParams, instantDate, noBody, uuid } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { consentTemplateView, consentView } from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

/** A signature dated this far past the clock is refused as a typo. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const newTemplate = z.strictObject({
  /** The template family, usually the technique code: a new template with an existing key is its next version. */
  key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ -'),
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as es or en-GB'),
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(100_000),
  techniques: z.array(techniqueCode).min(1).max(20),
  /** Items the clinic discusses beyond the required ones (which every template carries). */
  extraDiscussionItems: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/))
    .max(30)
    .optional(),
});

const newConsent = z.strictObject({
  templateId: uuid,
  /** Defaults to every technique the template covers. */
  techniques: z.array(techniqueCode).min(1).max(20).optional(),
  patientSignature: z.strictObject({
    name: z.string().trim().min(1).max(300),
    /** When the patient signed (paper signed earlier); defaults to now. Not in the future. */
    signedAt: instantDate.optional(),
    method: z.enum(SIGNATURE_METHODS),
  }),
});

const consentResponse = z.object({ consent: consentView });

export const consentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/consent-templates',
    {
      preValidation: allow('consent.sign-as-patient'),
      schema: {
        tags: ['consent'],
        summary: 'The current version of every consent template',
        response: withProblems({ 200: z.object({ templates: z.array(consentTemplateView) }) }),
      },
    },
    async () => ({ templates: await currentConsentTemplates(app.store.db) }),
  );

  app.post(
    '/api/consent-templates',
    {
      preValidation: allow('consent.write'),
      schema: {
        tags: ['consent'],
        summary: 'A new consent template, or the next version of one (same key and language)',
        body: newTemplate,
        response: withProblems({ 201: z.object({ template: consentTemplateView }) }),
      },
    },
    async (request, reply) => {
      const template = await inCare(request, (trx, care) => createConsentTemplate(trx, care, request.body));
      return reply.status(201).send({ template });
    },
  );

  app.post(
    '/api/patients/:id/consents',
    {
      preValidation: allow('consent.sign-as-patient', PATIENT_SCOPE),
      schema: {
        tags: ['consent'],
        summary:
          'The patient signs a consent (in the portal, or recorded by staff from paper); it stands once countersigned',
        params: idParams,
        body: newConsent,
        response: withProblems({ 201: consentResponse }),
      },
    },
    async (request, reply) => {
      const { patientSignature } = request.body;
      const now = app.now();
      if (actorOf(request).role === 'patient') {
        // In the portal the patient signs now, by the portal: no other date or method is theirs to give.
        if (patientSignature.method !== 'portal')
          throw badRequest('$.body.patientSignature.method', 'a patient signs in the portal: method portal');
        if (patientSignature.signedAt !== undefined)
          throw badRequest('$.body.patientSignature.signedAt', 'a patient signs now: leave signedAt out');
      } else if (patientSignature.method === 'portal') {
        // Staff record a signature given on paper or on the clinic's device; only the patient's account signs by portal.
        throw badRequest(
          '$.body.patientSignature.method',
          'only the patient signs by portal, from their account',
        );
      }
      if (patientSignature.signedAt && patientSignature.signedAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
        throw badRequest('$.body.patientSignature.signedAt', 'a signature is not dated in the future');
      const consent = await inCare(request, (trx, care) =>
        recordConsent(trx, care, { patientId: request.params.id, ...request.body }),
      );
      return reply.status(201).send({ consent });
    },
  );

  app.post(
    '/api/consents/:id/countersign',
    {
      preValidation: allow('consent.countersign', owned('consent', 'consent')),
      schema: {
        tags: ['consent'],
        summary: 'Countersign a consent in the name of the signed-in physician',
        params: idParams,
        body: noBody,
        response: withProblems({ 200: consentResponse }),
      },
    },
    async (request) => ({
      consent: await inCare(request, (trx, care) => countersignConsent(trx, care, request.params.id)),
    }),
  );

  app.post(
    '/api/consents/:id/withdraw',
    {
      preValidation: allow('consent.sign-as-patient', owned('consent', 'consent')),
      schema: {
        tags: ['consent'],
        summary: 'Record the patient’s withdrawal of a consent (from now on it no longer stands)',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(2000).optional() }).nullish(),
        response: withProblems({ 200: consentResponse }),
      },
    },
    async (request) => ({
      consent: await inCare(request, (trx, care) =>
        withdrawConsent(trx, care, { consentId: request.params.id, ...request.body }),
      ),
    }),
  );

  app.get(
    '/api/patients/:id/consents',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['consent'],
        summary: 'The patient’s consents, oldest first',
        params: idParams,
        response: withProblems({ 200: z.object({ consents: z.array(consentView).readonly() }) }),
      },
    },
    async (request) => ({
      consents: await inCare(request, (trx, care) => patientConsents(trx, care, request.params.id)),
    }),
  );
};
