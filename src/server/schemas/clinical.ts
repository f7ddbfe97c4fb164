// Schemas for the engine's vocabulary at the HTTP edge: codes (techniques, goals, rules, reasons), dose values,
// findings and evaluations, and the protocol library document. The lists come from src/clinical and src/store, so
// a code added there is accepted here without a second edit.

import { z } from 'zod';
import { FUNDAMENTALS } from '../../clinical/facts.ts';
import type { GoalCode, OutcomeMeasureCode } from '../../clinical/goals.ts';
import { GOAL_CODES, OUTCOME_MEASURES } from '../../clinical/goals.ts';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import { RULE_IDS } from '../../clinical/rule-catalog.ts';
import type { SourceId } from '../../clinical/sources.ts';
import { SOURCES } from '../../clinical/sources.ts';
import { TECHNIQUE_CODES } from '../../clinical/techniques.ts';
import type { DrugClass } from '../../clinical/value-sets.ts';
import { NO_OZONE_REASONS } from '../../store/decision.table.ts';
import { OVERRIDE_REASONS } from '../../store/order.table.ts';
import { PROGRAMME_COMPONENTS, PROGRAMME_TIMINGS } from '../../store/plan.table.ts';

type NonEmpty<T> = readonly [T, ...T[]];

export const techniqueCode = z.enum(TECHNIQUE_CODES);
export const goalCode = z.enum(GOAL_CODES as unknown as NonEmpty<GoalCode>);
export const ruleId = z.enum(RULE_IDS as unknown as NonEmpty<RuleId>);
export const sourceId = z.enum([...SOURCES.keys()] as unknown as NonEmpty<SourceId>);
export const outcomeMeasureCode = z.enum(
  Object.keys(OUTCOME_MEASURES) as unknown as NonEmpty<OutcomeMeasureCode>,
);
export const confidence = z.enum(['V', 'S', 'U', 'C']);
export const severity = z.enum(['hard-stop', 'warning', 'info']);
export const fundamental = z.enum(FUNDAMENTALS);
export const overrideReason = z.enum(OVERRIDE_REASONS);
export const noOzoneReason = z.enum(NO_OZONE_REASONS);

const DRUG_CLASSES = [
  'vka',
  'anticoagulant',
  'antiplatelet',
  'ace-inhibitor',
  'insulin',
  'sulfonylurea',
] as const satisfies readonly DrugClass[];
// Compile-time proof that the list above names every DrugClass.
type NeverMissing<T extends never> = T;
export type EveryDrugClassListed = NeverMissing<Exclude<DrugClass, (typeof DRUG_CLASSES)[number]>>;
export const drugClass = z.enum(DRUG_CLASSES);

const amount = z.number().min(0).max(1_000_000);

/** The values of one session or order; units in the names (µg/mL, mL, min). */
export const doseValues = z.strictObject({
  concentrationUgPerMl: amount.optional(),
  gasVolumeMl: amount.optional(),
  bloodVolumeMl: amount.optional(),
  durationMin: amount.optional(),
});

export const goalStatement = z.strictObject({
  code: goalCode,
  /** The patient's words; required by the engine for `other`. */
  text: z.string().trim().min(1).max(2000).optional(),
});

/** Each warning answered with a coded reason (SPEC-INTEROP §1); `other` needs a comment. */
export const overrideInput = z.strictObject({
  ruleId,
  reason: overrideReason,
  comment: z.string().trim().min(1).max(2000).optional(),
});
export const overrides = z.array(overrideInput).max(50);

export const reviewPoint = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('after-sessions'), sessions: z.number().int().min(1).max(100) }),
  z.strictObject({ kind: z.literal('after-weeks'), weeks: z.number().int().min(1).max(104) }),
]);

export const programmeComponent = z.strictObject({
  component: z.enum(PROGRAMME_COMPONENTS),
  timing: z.enum(PROGRAMME_TIMINGS),
  note: z.string().trim().min(1).max(2000).optional(),
});

// ---------------------------------------------------------------- what the engine returns

export const evidenceView = z.object({
  fact: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  unit: z.string().optional(),
  date: z.string().optional(),
  resource: z.string().optional(),
});

export const findingView = z.object({
  ruleId: z.string(),
  severity,
  techniques: z.array(z.string()).readonly(),
  /** i18n key: clients render the message by key (and `params`), never by re-deciding. */
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** English, for logs and command lines. */
  message: z.string(),
  evidence: z.array(evidenceView).readonly(),
  source: z.string(),
  suggestion: z
    .object({ field: z.enum(['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl']), value: z.number() })
    .optional(),
});

export const eligibilityView = z.partialRecord(
  techniqueCode,
  z.enum(['prohibited', 'disabled', 'contraindicated', 'needs-data', 'caution', 'eligible']),
);

export const evaluationView = z.object({
  findings: z.array(findingView).readonly(),
  eligibility: eligibilityView,
  /** The library version the check ran against. */
  library: z.string(),
  /** False when any finding is a hard stop. */
  signable: z.boolean(),
});

// ---------------------------------------------------------------- the protocol library

const limit = z.number().min(0).max(1_000_000);
export const range = z.strictObject({ softMin: limit, softMax: limit, hardMax: limit });

export const libraryEntryEdit = z.strictObject({
  concentrationUgPerMl: range.optional(),
  gasVolumeMl: range.optional(),
  bloodVolumeMl: range.optional(),
  durationMin: range.optional(),
  totalUg: z.strictObject({ softMax: limit, hardMax: limit }).optional(),
  courseMaxSessions: z.number().int().min(0).max(1000).optional(),
  minIntervalHours: limit.optional(),
  maxStepUgPerMl: limit.optional(),
  sources: z.array(sourceId).max(50).readonly().optional(),
  confidence: z.array(confidence).max(4).readonly().optional(),
});

const days = z.number().int().min(0).max(36_500);
const threshold = z.number().min(0).max(1_000_000);

export const settingsEdit = z.strictObject({
  plateletsMinE9PerL: threshold.optional(),
  inrMax: threshold.optional(),
  vkaInrMaxForDeepInjection: threshold.optional(),
  vkaInrRecentDays: days.optional(),
  haemoglobinMinGPerDl: threshold.optional(),
  tshSuppressedBelowMiuPerL: threshold.optional(),
  recentMiDays: days.optional(),
  pregnancyAgeRange: z.tuple([z.number().int().min(0).max(120), z.number().int().min(0).max(120)]).optional(),
  bloodWithdrawalMaxFractionOfEbv: z.number().min(0).max(1).optional(),
  consentValidityMonths: z.number().int().min(1).max(120).optional(),
  freshnessDays: z
    .strictObject({
      pregnancyTest: days.optional(),
      pregnancyDiagnosis: days.optional(),
      platelets: days.optional(),
      haemoglobin: days.optional(),
      g6pd: days.optional(),
      thyroidLabs: days.optional(),
      inr: days.optional(),
      weight: days.optional(),
      height: days.optional(),
      intoxicationHours: z.number().int().min(0).max(8760).optional(),
    })
    .optional(),
});

const rangeView = z.object({ softMin: z.number(), softMax: z.number(), hardMax: z.number() });

export const libraryEntryView = z.object({
  technique: techniqueCode,
  concentrationUgPerMl: rangeView.optional(),
  gasVolumeMl: rangeView.optional(),
  bloodVolumeMl: rangeView.optional(),
  durationMin: rangeView.optional(),
  totalUg: z.object({ softMax: z.number(), hardMax: z.number() }).optional(),
  courseMaxSessions: z.number().optional(),
  minIntervalHours: z.number().optional(),
  maxStepUgPerMl: z.number().optional(),
  sources: z.array(z.string()).readonly(),
  confidence: z.array(confidence).readonly(),
});

const freshness = z.number().optional();

export const settingsView = z.object({
  plateletsMinE9PerL: z.number(),
  inrMax: z.number(),
  vkaInrMaxForDeepInjection: z.number(),
  vkaInrRecentDays: z.number(),
  haemoglobinMinGPerDl: z.number(),
  tshSuppressedBelowMiuPerL: z.number(),
  recentMiDays: z.number(),
  pregnancyAgeRange: z.tuple([z.number(), z.number()]).readonly(),
  bloodWithdrawalMaxFractionOfEbv: z.number(),
  consentValidityMonths: z.number(),
  freshnessDays: z.object({
    pregnancyTest: z.number(),
    pregnancyDiagnosis: z.number(),
    platelets: z.number(),
    haemoglobin: z.number(),
    g6pd: freshness,
    thyroidLabs: z.number(),
    inr: z.number(),
    weight: z.number(),
    height: freshness,
    intoxicationHours: z.number(),
  }),
});

export const libraryView = z.object({
  version: z.string(),
  status: z.enum(['template', 'draft', 'approved']),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
  enabledTechniques: z.array(techniqueCode).readonly(),
  entries: z.partialRecord(techniqueCode, libraryEntryView),
  settings: settingsView,
});
