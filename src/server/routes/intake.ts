// Intake and screening (DESIGN.md workflow steps 1-2): the current intake with the facts screening reads; a new
// intake version (with new facts, and facts found wrong marked entered-in-error), which screens the patient again at
// once; and the latest screening with the library version and the goal's evidence grade and citations.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FactKind } from '../../store/clinical-fact.table.ts';
import { actorOf } from '../auth/actor.ts';
import { allow, PATIENT_SCOPE } from '../auth/route-guard.ts';
import type { FieldError } from '../problem.ts';
import { HttpProblem } from '../problem.ts';
import { currentIntake, saveIntake } from '../services/intake.ts';
import { latestScreening } from '../services/screening.ts';
import { drugClass, fundamental, goalCode } from '../schemas/clinical.ts';
import { effectiveTime, idParams, uuid } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import {
  goalEvidenceView,
  intakeVersionView,
  recordedFactView,
  screeningView,
} from '../schemas/record-views.ts';
import { inCare } from './care-route.ts';

const factFields = {
  /** When it was observed or began; a clinic fact without one is dated when entered. */
  effective: effectiveTime.optional(),
  source: z.enum(['clinic', 'import']).optional(),
  provenance: z
    .strictObject({ resource: z.string().trim().min(1).max(300), code: z.string().max(300).optional() })
    .optional(),
};

const fact = <K extends FactKind, V extends z.ZodType>(kind: K, value: V) =>
  z.strictObject({ kind: z.literal(kind), value, ...factFields });

const present = z.literal(true);
const measured = (max: number) => z.number().min(0).max(max);

/** One fact per PatientFacts field the engine reads (store/clinical-fact.table.ts), its value typed as it reads it. */
const factInput = z.discriminatedUnion('kind', [
  fact('deceased', present),
  fact('weightKg', measured(700)),
  fact('heightCm', measured(300)),
  fact('haemoglobinGPerDl', measured(30)),
  fact('g6pd', z.enum(['deficient', 'normal'])),
  fact(
    'pregnancy',
    z.strictObject({ pregnant: z.boolean(), basis: z.enum(['diagnosis', 'status', 'test']) }),
  ),
  fact('hyperthyroidism', z.strictObject({ crisis: z.boolean() })),
  fact('tshMiuPerL', measured(1000)),
  fact('freeT4AboveRange', z.boolean()),
  fact('plateletsE9PerL', measured(10_000)),
  fact('thrombocytopenia', present),
  fact('coagulationDisorder', present),
  fact('inr', measured(30)),
  fact('medications', z.strictObject({ drugClass, name: z.string().trim().min(1).max(200) })),
  fact('cardiovascularInstability', present),
  fact('myocardialInfarction', present),
  fact('seizureDisorder', present),
  fact('alcoholIntoxication', present),
  fact('ozoneIntolerance', present),
]);
// Compile-time proof that every fact kind can be recorded through the API.
type NeverMissing<T extends never> = T;
export type EveryFactKindAccepted = NeverMissing<Exclude<FactKind, z.infer<typeof factInput>['kind']>>;

const intakeInput = z.strictObject({
  goal: z
    .strictObject({ code: goalCode.optional(), text: z.string().trim().min(1).max(2000).optional() })
    .transform(({ code, text }) => ({ code, ...(text !== undefined ? { text } : {}) }))
    .optional(),
  /** Clinician-assessed; none when left out. */
  fundamentalsAssessed: z.array(fundamental).max(20).default([]),
  expectsCure: z.boolean().optional(),
  /** Clinician-rated. */
  oxidativeBurden: z.enum(['low', 'moderate', 'high']).optional(),
  unstableMedicalIssues: z.boolean().optional(),
});

const intakeChange = z.strictObject({
  /** The whole intake as it now stands: the new version replaces the previous one. */
  intake: intakeInput,
  /** Facts learnt with this change (history, medications, labs, vitals). */
  facts: z.array(factInput).max(200).optional(),
  /** Facts found wrong: kept on record, no longer read by screening. */
  enteredInError: z
    .array(z.strictObject({ factId: uuid, reason: z.string().trim().min(1).max(1000) }))
    .max(200)
    .optional(),
});

/** The parts of an intake only the clinic records. */
const CLINIC_PARTS = [
  ['intake', 'fundamentalsAssessed'],
  ['intake', 'oxidativeBurden'],
  ['intake', 'unstableMedicalIssues'],
  ['facts'],
  ['enteredInError'],
] as const;

/**
 * A patient's own intake (the portal) states their goal and expectations. Facts (labs, history, medications) and the
 * clinician's assessment feed the engine's hard stops, so they are recorded by the clinic: a patient sending them is
 * told so (400) rather than having them silently dropped.
 */
function refuseClinicParts(body: z.output<typeof intakeChange>): void {
  const errors: FieldError[] = CLINIC_PARTS.filter((path) => {
    const value = path.length === 1 ? body[path[0]] : body.intake[path[1]];
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
  }).map((path) => ({
    path: `$.body.${path.join('.')}`,
    message: 'recorded by the clinic, not in the portal',
  }));
  if (errors.length > 0)
    throw new HttpProblem('invalid-request', 'a patient’s intake states the goal and expectations', {
      errors,
    });
}

export const intakeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/patients/:id/intake',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['intake'],
        summary: 'The current intake version and the facts screening reads now',
        params: idParams,
        response: withProblems({
          200: z.object({ intake: intakeVersionView, facts: z.array(recordedFactView).readonly() }),
        }),
      },
    },
    async (request) => inCare(request, (trx, care) => currentIntake(trx, care, request.params.id)),
  );

  app.put(
    '/api/patients/:id/intake',
    {
      preValidation: allow('intake.write', PATIENT_SCOPE),
      schema: {
        tags: ['intake'],
        summary: 'Save a new intake version; the patient is screened again and the new screening returned',
        params: idParams,
        body: intakeChange,
        response: withProblems({
          200: z.object({ intakeId: z.string(), version: z.number().int(), screening: screeningView }),
        }),
      },
    },
    async (request) => {
      const byPatient = actorOf(request).role === 'patient';
      if (byPatient) refuseClinicParts(request.body);
      return inCare(request, (trx, care) =>
        saveIntake(trx, care, {
          patientId: request.params.id,
          ...request.body,
          keepClinicianAssessment: byPatient,
        }),
      );
    },
  );

  app.get(
    '/api/patients/:id/screening',
    {
      preValidation: allow('patient.read', PATIENT_SCOPE),
      schema: {
        tags: ['intake'],
        summary:
          'The latest screening: findings, eligibility per technique, the library version, and the goal’s evidence grade with its citations',
        params: idParams,
        response: withProblems({
          200: z.object({
            screening: screeningView,
            library: z.object({
              id: z.string(),
              version: z.string(),
              status: z.enum(['template', 'draft', 'approved']),
            }),
            goal: goalEvidenceView.optional(),
          }),
        }),
      },
    },
    async (request) => inCare(request, (trx, care) => latestScreening(trx, care, request.params.id)),
  );
};
