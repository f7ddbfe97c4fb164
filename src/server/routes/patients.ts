// Patients: search (by name or identifier, paged), register, read, and change demographics, identifiers, contact,
// preferred language and the medical-travel stay window.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allow, PATIENT_SCOPE } from '../auth/route-guard.ts';
import { changePatient, getPatient, registerPatient, searchPatients } from '../services/patients.ts';
import { calendarDate, idParams, pageLimit, partialDate } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { patientView } from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

const name = z.string().trim().min(1).max(200);
const identifier = z.strictObject({
  system: z.string().trim().min(1).max(300),
  value: z.string().trim().min(1).max(200),
});
const stay = z
  .strictObject({ arrival: calendarDate.optional(), departure: calendarDate.optional() })
  .refine((s) => !s.arrival || !s.departure || s.departure >= s.arrival, {
    message: 'the departure is on or after the arrival',
    path: ['departure'],
  });

const fields = {
  givenName: name,
  familyName: name,
  birthDate: partialDate,
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  identifiers: z.array(identifier).max(20),
  email: z.email().max(254),
  phone: z
    .string()
    .trim()
    .regex(/^[+0-9 ().-]{3,40}$/, 'digits, spaces and + ( ) . -'),
  /** BCP 47, e.g. `es` or `en-GB`. */
  preferredLanguage: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag such as es or en-GB'),
  stay,
};

const newPatient = z.strictObject({
  givenName: fields.givenName.optional(),
  familyName: fields.familyName.optional(),
  birthDate: fields.birthDate.optional(),
  sex: fields.sex.optional(),
  identifiers: fields.identifiers.optional(),
  email: fields.email.optional(),
  phone: fields.phone.optional(),
  preferredLanguage: fields.preferredLanguage.optional(),
  stay: fields.stay.optional(),
});

/** A present key changes (null clears it), an absent key stays. */
const patientChange = z
  .strictObject({
    givenName: fields.givenName.nullable().optional(),
    familyName: fields.familyName.nullable().optional(),
    birthDate: fields.birthDate.nullable().optional(),
    sex: fields.sex.nullable().optional(),
    identifiers: fields.identifiers.nullable().optional(),
    email: fields.email.nullable().optional(),
    phone: fields.phone.nullable().optional(),
    preferredLanguage: fields.preferredLanguage.nullable().optional(),
    stay: fields.stay.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change')
  .refine((body) => !(body.givenName === null && body.familyName === null), {
    message: 'a patient keeps a given or a family name',
    path: ['familyName'],
  });

const searchQuery = z.strictObject({
  /** The start of a given or family name, any case. */
  name: z.string().trim().min(1).max(200).optional(),
  /** `system|value`, or a bare value to match any identifier system. */
  identifier: z.string().trim().min(1).max(500).optional(),
  limit: pageLimit,
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

function parseIdentifier(token: string): { system?: string; value: string } {
  const bar = token.indexOf('|');
  if (bar < 0) return { value: token };
  const system = token.slice(0, bar).trim();
  const value = token.slice(bar + 1).trim();
  return system === '' ? { value } : { system, value };
}

const patientResponse = z.object({ patient: patientView });

export const patientRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/patients',
    {
      preValidation: allow('patient.list'),
      schema: {
        tags: ['patients'],
        summary: 'Find patients by the start of a name or by an identifier, paged',
        querystring: searchQuery,
        response: withProblems({ 200: z.object({ patients: z.array(patientView) }) }),
      },
    },
    async (request) => {
      const { name: prefix, identifier: token, limit, offset } = request.query;
      const patients = await inCare(request, (trx, care) =>
        searchPatients(trx, care, {
          limit,
          offset,
          ...(prefix !== undefined ? { name: prefix } : {}),
          ...(token !== undefined ? { identifier: parseIdentifier(token) } : {}),
        }),
      );
      return { patients };
    },
  );

  app.post(
    '/api/patients',
    {
      preValidation: allow('patient.create'),
      schema: {
        tags: ['patients'],
        summary: 'Register a patient (a given or a family name is required)',
        body: newPatient,
        response: withProblems({ 201: patientResponse }),
      },
    },
    async (request, reply) => {
      const patient = await inCare(request, (trx, care) => registerPatient(trx, care, request.body));
      return reply.status(201).send({ patient });
    },
  );

  app.get(
    '/api/patients/:id',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['patients'],
        summary: 'A patient’s demographics, identifiers, contact and stay window',
        params: idParams,
        response: withProblems({ 200: patientResponse }),
      },
    },
    async (request) => ({
      patient: await inCare(request, (trx, care) => getPatient(trx, care, request.params.id)),
    }),
  );

  app.patch(
    '/api/patients/:id',
    {
      preValidation: allow('patient.update', PATIENT_SCOPE),
      schema: {
        tags: ['patients'],
        summary: 'Change a patient; a field sent as null is cleared',
        params: idParams,
        body: patientChange,
        response: withProblems({ 200: patientResponse }),
      },
    },
    async (request) => ({
      patient: await inCare(request, (trx, care) =>
        changePatient(trx, care, request.params.id, request.body),
      ),
    }),
  );
};
