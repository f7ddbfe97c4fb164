// Response schemas of the clinical record (services/record-types.ts as the API shows it). Every field is listed on
// purpose: the serializer keeps only these, so a column added to a row or a field added to a record object never
// reaches a client by accident (STYLE.md, Fastify).

import { z } from 'zod';
import {
  evaluationView,
  findingView,
  goalCode,
  libraryView,
  noOzoneReason,
  outcomeMeasureCode,
  overrideReason,
  severity,
  techniqueCode,
} from './clinical.ts';

const doseView = {
  concentrationUgPerMl: z.number().optional(),
  gasVolumeMl: z.number().optional(),
  bloodVolumeMl: z.number().optional(),
  durationMin: z.number().optional(),
};

const goalView = z.object({ code: goalCode.optional(), text: z.string().optional() });

export const patientView = z.object({
  id: z.string(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  birthDate: z.string().optional(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  identifiers: z.array(z.object({ system: z.string(), value: z.string() })).readonly(),
  email: z.string().optional(),
  phone: z.string().optional(),
  preferredLanguage: z.string().optional(),
  stay: z.object({ arrival: z.string().optional(), departure: z.string().optional() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const intakeView = z.object({
  goal: goalView.optional(),
  fundamentalsAssessed: z.array(z.string()).readonly(),
  expectsCure: z.boolean().optional(),
  oxidativeBurden: z.enum(['low', 'moderate', 'high']).optional(),
  unstableMedicalIssues: z.boolean().optional(),
});

export const intakeVersionView = z.object({
  id: z.string(),
  patientId: z.string(),
  version: z.number().int(),
  intake: intakeView,
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const recordedFactView = z.object({
  id: z.string(),
  kind: z.string(),
  value: z.unknown(),
  effective: z.string().optional(),
  source: z.enum(['clinic', 'import']),
  provenance: z.object({ resource: z.string(), code: z.string().optional() }),
  intakeId: z.string().optional(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const screeningView = z.object({
  id: z.string(),
  patientId: z.string(),
  intakeId: z.string().optional(),
  libraryVersionId: z.string(),
  asOf: z.string(),
  findings: z.array(findingView).readonly(),
  eligibility: evaluationView.shape.eligibility,
});

export const citationView = z.object({
  id: z.string(),
  citation: z.string(),
  confidence: z.array(z.string()).readonly(),
  reference: z.string(),
});

export const goalEvidenceView = z.object({
  code: goalCode,
  name: z.string(),
  evidenceGrade: z.enum(['moderate-low', 'low-moderate', 'low', 'very-low', 'insufficient']),
  evidenceSummary: z.string(),
  citations: z.array(citationView).readonly(),
});

export const libraryVersionSummaryView = z.object({
  id: z.string(),
  version: z.string(),
  status: z.enum(['template', 'draft', 'approved']),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
  changeNote: z.string().optional(),
  basedOn: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const libraryVersionView = z.object({
  id: z.string(),
  library: libraryView,
  changeNote: z.string().optional(),
  basedOn: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const decisionView = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: z.enum(['plan', 'no-ozone']),
  reason: noOzoneReason.optional(),
  comment: z.string().optional(),
  screeningResultId: z.string().optional(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});

export const planView = z.object({
  id: z.string(),
  patientId: z.string(),
  decisionId: z.string(),
  goal: goalView,
  technique: techniqueCode,
  libraryVersionId: z.string(),
  escalationSchedule: z.array(z.object(doseView)).readonly(),
  courseSessions: z.number().int(),
  reviewPoint: z
    .union([
      z.object({ kind: z.literal('after-sessions'), sessions: z.number() }),
      z.object({ kind: z.literal('after-weeks'), weeks: z.number() }),
    ])
    .optional(),
  programme: z
    .array(z.object({ component: z.string(), timing: z.string(), note: z.string().optional() }))
    .readonly(),
  stepFindings: z
    .array(z.object({ step: z.number().int(), findings: z.array(findingView).readonly() }))
    .readonly(),
  checkedAt: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  status: z.enum(['active', 'completed', 'stopped']),
  closed: z.object({ by: z.string(), at: z.string(), note: z.string().optional() }).optional(),
});

export const orderView = z.object({
  id: z.string(),
  patientId: z.string(),
  planId: z.string(),
  technique: techniqueCode,
  goal: goalView.optional(),
  ...doseView,
  libraryVersionId: z.string(),
  findings: z.array(findingView).readonly(),
  checkedAt: z.string(),
  status: z.enum(['signed', 'discontinued']),
  signedBy: z.string(),
  signedAt: z.string(),
  discontinued: z.object({ by: z.string(), at: z.string(), reason: z.string().optional() }).optional(),
});

export const detectedIssueView = z.object({
  id: z.string(),
  patientId: z.string(),
  orderId: z.string().optional(),
  sessionId: z.string().optional(),
  ruleId: z.string(),
  severity,
  libraryVersionId: z.string(),
  overrideReason: overrideReason.optional(),
  comment: z.string().optional(),
  carriedFrom: z.string().optional(),
  overriddenBy: z.string(),
  overriddenAt: z.string(),
});

export const consentTemplateView = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number().int(),
  language: z.string(),
  title: z.string(),
  body: z.string(),
  techniques: z.array(techniqueCode).readonly(),
  discussionItems: z.array(z.string()).readonly(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const consentView = z.object({
  id: z.string(),
  patientId: z.string(),
  templateId: z.string(),
  techniques: z.array(techniqueCode).readonly(),
  patientSignature: z.object({
    name: z.string(),
    signedAt: z.string(),
    method: z.enum(['wet-ink', 'electronic', 'portal']),
  }),
  countersignature: z.object({ by: z.string(), at: z.string() }).optional(),
  validUntil: z.string(),
  withdrawn: z.object({ at: z.string(), recordedBy: z.string(), reason: z.string().optional() }).optional(),
  recordedBy: z.string(),
});

const vitalsView = z.object({
  systolicMmHg: z.number().optional(),
  diastolicMmHg: z.number().optional(),
  heartRateBpm: z.number().optional(),
  spo2Percent: z.number().optional(),
  temperatureC: z.number().optional(),
  respiratoryRatePerMin: z.number().optional(),
  glucoseMgPerDl: z.number().optional(),
});

export const sessionView = z.object({
  id: z.string(),
  patientId: z.string(),
  orderId: z.string(),
  technique: techniqueCode,
  status: z.enum(['draft', 'signed']),
  scheduledAt: z.string().optional(),
  startedAt: z.string().optional(),
  vitals: vitalsView,
  consentId: z.string().optional(),
  checklist: z.record(z.string(), z.boolean()),
  generatorReading: z
    .object({
      deviceId: z.string().optional(),
      concentrationUgPerMl: z.number(),
      readAt: z.string().optional(),
    })
    .optional(),
  administered: z.object(doseView),
  operator: z.object({ id: z.string(), credentials: z.array(z.string()).readonly() }).optional(),
  supervisingPhysicianId: z.string().optional(),
  imageGuidance: z.boolean().optional(),
  notes: z.string().optional(),
  /** The engine's day-of check stored with the session (pre-check, or the check it was signed on). */
  rescreening: z.object({ asOf: z.string(), evaluation: evaluationView }).optional(),
  libraryVersionId: z.string().optional(),
  signedBy: z.string().optional(),
  signedAt: z.string().optional(),
  amendmentCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const amendmentView = z.object({
  id: z.string(),
  sessionId: z.string(),
  field: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
  reason: z.string(),
  amendedBy: z.string(),
  amendedAt: z.string(),
});

export const adverseEventView = z.object({
  id: z.string(),
  sessionId: z.string(),
  patientId: z.string(),
  grade: z.number().int(),
  description: z.string(),
  onsetAt: z.string().optional(),
  reportedBy: z.string(),
  reportedAt: z.string(),
  review: z.object({ by: z.string(), at: z.string(), note: z.string().optional() }).optional(),
});

export const outcomeView = z.object({
  id: z.string(),
  patientId: z.string(),
  planId: z.string().optional(),
  measure: outcomeMeasureCode,
  value: z.number(),
  phase: z.enum(['baseline', 'review', 'follow-up']),
  recordedAt: z.string(),
  recordedBy: z.string(),
});

export const courseReviewView = z.object({
  reviewPointReached: z.boolean(),
  reachedAt: z.string().optional(),
  outcomeSinceReview: z.boolean(),
  responses: z
    .array(
      z.object({
        measure: outcomeMeasureCode,
        baseline: z.number(),
        latest: z.number(),
        change: z.number(),
        changePercent: z.number().optional(),
        metMcid: z.boolean(),
      }),
    )
    .readonly(),
  response: z.enum(['responder', 'non-responder', 'not-evaluable']),
  recommendation: z.enum(['continue', 'reassess', 'stop']),
});

export const timelineEventView = z.object({
  at: z.string(),
  kind: z.string(),
  id: z.string(),
  by: z.string().optional(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export const auditEventView = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  patientId: z.string().nullable(),
  resource: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'error']),
  sourceIp: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

/** What a patient sees of an access to their record: who (name and role), what, when, and the outcome. */
export const accessView = z.object({
  at: z.string(),
  actorRole: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  resource: z.string().nullable(),
  outcome: z.enum(['success', 'denied', 'error']),
});
