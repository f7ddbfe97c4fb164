// Clinical goals with honest evidence grades (SPEC-CLINICAL §4). An evidence grade summarises CLINICAL-REFERENCE §7;
// it is shown with its citations and never presented as proof of efficacy.
// Code system: https://o3care.org/fhir/CodeSystem/ozone-goal.

import type { SourceId } from './sources.ts';
import type { TechniqueCode } from './techniques.ts';

export const GOAL_SYSTEM = 'https://o3care.org/fhir/CodeSystem/ozone-goal';

export const GOAL_CODES = [
  'low-back-pain',
  'knee-osteoarthritis',
  'musculoskeletal-pain',
  'diabetic-foot-ulcer',
  'ischemic-wound',
  'peripheral-arterial-disease',
  'recovery-support',
  'other',
] as const;

export type GoalCode = (typeof GOAL_CODES)[number];

export type EvidenceGrade = 'moderate-low' | 'low-moderate' | 'low' | 'very-low' | 'insufficient';

export type OutcomeMeasureCode =
  | 'pain-nrs'
  | 'odi'
  | 'koos-subscale'
  | 'womac'
  | 'pgic'
  | 'wound-area'
  | 'pain-free-walking-time'
  | 'peak-walking-time'
  | 'goal-specific';

/**
 * A minimal clinically important difference. `direction` says which way is better. A measure meets it when the
 * change reaches `absolute` (in the measure's unit) or, where given, `relativePercent` of the baseline.
 */
export interface Mcid {
  readonly direction: 'decrease' | 'increase';
  readonly absolute?: number;
  readonly relativePercent?: number;
  readonly source: SourceId;
}

export interface OutcomeMeasure {
  readonly code: OutcomeMeasureCode;
  readonly name: string;
  readonly unit: string;
  /** Licensed instruments are recorded as a clinician-entered total; their items are never reproduced. */
  readonly licensed: boolean;
  readonly mcid: Mcid | undefined;
}

export type ReviewPoint =
  | { readonly kind: 'after-sessions'; readonly sessions: number }
  | { readonly kind: 'after-weeks'; readonly weeks: number };

export interface Goal {
  readonly code: GoalCode;
  readonly name: string;
  readonly evidenceGrade: EvidenceGrade;
  readonly evidenceSummary: string;
  readonly fittingTechniques: readonly TechniqueCode[];
  readonly outcomeMeasures: readonly OutcomeMeasureCode[];
  readonly reviewPoint: ReviewPoint | undefined;
  readonly sources: readonly SourceId[];
}

export const OUTCOME_MEASURES: Readonly<Record<OutcomeMeasureCode, OutcomeMeasure>> = {
  'pain-nrs': {
    code: 'pain-nrs',
    name: 'Pain numeric rating scale (0–10)',
    unit: 'points',
    licensed: false,
    mcid: { direction: 'decrease', absolute: 2, relativePercent: 30, source: 'farrar-2001' },
  },
  odi: {
    code: 'odi',
    name: 'Oswestry Disability Index total (0–100)',
    unit: 'points',
    licensed: true,
    mcid: { direction: 'decrease', absolute: 10, source: 'ostelo-2008' },
  },
  'koos-subscale': {
    code: 'koos-subscale',
    name: 'KOOS subscale (0–100)',
    unit: 'points',
    licensed: false,
    mcid: { direction: 'increase', absolute: 10, source: 'koos-mic' },
  },
  womac: {
    code: 'womac',
    name: 'WOMAC total (clinician-entered)',
    unit: 'points',
    licensed: true,
    // The WOMAC MCID depends on the format (0–10 NRS, 100 mm VAS, 0–100); CLINICAL-REFERENCE §8 gives several.
    // Without a format the engine does not judge response on it.
    mcid: undefined,
  },
  pgic: {
    code: 'pgic',
    name: 'Patient Global Impression of Change (1–7, 1 = very much improved)',
    unit: 'category',
    licensed: false,
    // "Much improved" (2) or better is the usual responder anchor (Farrar 2001 used PGIC as its anchor).
    mcid: undefined,
  },
  'wound-area': {
    code: 'wound-area',
    name: 'Wound area',
    unit: 'cm2',
    licensed: false,
    mcid: { direction: 'decrease', relativePercent: 50, source: 'sheehan-2003' },
  },
  'pain-free-walking-time': {
    code: 'pain-free-walking-time',
    name: 'Pain-free (claudication onset) walking time',
    unit: 's',
    licensed: false,
    mcid: { direction: 'increase', absolute: 35, source: 'gardner-2018' },
  },
  'peak-walking-time': {
    code: 'peak-walking-time',
    name: 'Peak walking time',
    unit: 's',
    licensed: false,
    mcid: { direction: 'increase', absolute: 38, source: 'gardner-2018' },
  },
  'goal-specific': {
    code: 'goal-specific',
    name: 'Goal-specific measure (defined in the plan)',
    unit: 'as defined',
    licensed: false,
    mcid: undefined,
  },
};

/** Pain goals review after session 6, wound goals at 4 weeks, vascular goals after 10 sessions (SPEC-CLINICAL §7). */
const PAIN_REVIEW: ReviewPoint = { kind: 'after-sessions', sessions: 6 };
const WOUND_REVIEW: ReviewPoint = { kind: 'after-weeks', weeks: 4 };
const VASCULAR_REVIEW: ReviewPoint = { kind: 'after-sessions', sessions: 10 };

export const GOALS: Readonly<Record<GoalCode, Goal>> = {
  'low-back-pain': {
    code: 'low-back-pain',
    name: 'Low back pain',
    evidenceGrade: 'moderate-low',
    evidenceSummary:
      'Short-term benefit in meta-analyses of trials with a high risk of bias; effects fade by 6 months.',
    fittingTechniques: ['paravertebral-im', 'intradiscal'],
    outcomeMeasures: ['pain-nrs', 'odi'],
    reviewPoint: PAIN_REVIEW,
    sources: ['llombart-blanco-2024', 'braz-j-anesthesiol-2019', 'ostelo-2008'],
  },
  'knee-osteoarthritis': {
    code: 'knee-osteoarthritis',
    name: 'Knee osteoarthritis',
    evidenceGrade: 'moderate-low',
    evidenceSummary:
      'One placebo-controlled RCT (n=98) showed less pain at 8 weeks; 20 and 40 µg/mL did not differ.',
    fittingTechniques: ['intra-articular'],
    outcomeMeasures: ['pain-nrs', 'koos-subscale', 'womac'],
    reviewPoint: PAIN_REVIEW,
    sources: ['lopes-de-jesus-2017', 'adv-rheumatol-2025'],
  },
  'musculoskeletal-pain': {
    code: 'musculoskeletal-pain',
    name: 'Musculoskeletal pain',
    evidenceGrade: 'low-moderate',
    evidenceSummary: 'Reviews suggest less pain and better function; more and better studies are needed.',
    fittingTechniques: ['paravertebral-im', 'intra-articular', 'subcutaneous'],
    outcomeMeasures: ['pain-nrs', 'pgic'],
    reviewPoint: PAIN_REVIEW,
    sources: ['de-sire-2021'],
  },
  'diabetic-foot-ulcer': {
    code: 'diabetic-foot-ulcer',
    name: 'Diabetic foot ulcer',
    evidenceGrade: 'low',
    evidenceSummary:
      'Cochrane review: 3 trials, 212 patients, high or unclear risk of bias. Systemic ozone only beside local wound care.',
    fittingTechniques: ['bagging', 'ozonated-oil', 'mah', 'rectal-insufflation'],
    outcomeMeasures: ['wound-area'],
    reviewPoint: WOUND_REVIEW,
    sources: ['cochrane-dfu-2015', 'sheehan-2003'],
  },
  'ischemic-wound': {
    code: 'ischemic-wound',
    name: 'Ischaemic wound',
    evidenceGrade: 'low',
    evidenceSummary: 'Low-level and observational evidence only.',
    fittingTechniques: ['bagging', 'ozonated-oil', 'mah', 'rectal-insufflation'],
    outcomeMeasures: ['wound-area'],
    reviewPoint: WOUND_REVIEW,
    sources: ['cochrane-dfu-2015', 'sheehan-2003'],
  },
  'peripheral-arterial-disease': {
    code: 'peripheral-arterial-disease',
    name: 'Peripheral arterial disease',
    evidenceGrade: 'very-low',
    evidenceSummary:
      'No confirmatory randomised trial; a related oxidised-blood therapy (Vasogen IMT) failed with a safety signal.',
    fittingTechniques: ['mah', 'rectal-insufflation'],
    outcomeMeasures: ['pain-free-walking-time', 'peak-walking-time'],
    reviewPoint: VASCULAR_REVIEW,
    sources: ['bocci-pad-2011', 'gardner-2018'],
  },
  'recovery-support': {
    code: 'recovery-support',
    name: 'Recovery support',
    evidenceGrade: 'very-low',
    evidenceSummary: 'No controlled evidence for recovery or longevity goals.',
    fittingTechniques: ['mah', 'rectal-insufflation'],
    outcomeMeasures: ['pgic', 'goal-specific'],
    reviewPoint: VASCULAR_REVIEW,
    sources: ['serra-2023-egm'],
  },
  other: {
    code: 'other',
    name: 'Other (free-text goal)',
    evidenceGrade: 'insufficient',
    evidenceSummary: 'No evidence grade: the goal must be described in free text and is flagged.',
    fittingTechniques: [],
    outcomeMeasures: ['goal-specific'],
    reviewPoint: undefined,
    sources: ['seed-stance'],
  },
};

export const isGoalCode = (code: unknown): code is GoalCode =>
  typeof code === 'string' && (GOAL_CODES as readonly string[]).includes(code);

export const isWeakEvidence = (grade: EvidenceGrade): boolean =>
  grade === 'very-low' || grade === 'insufficient';
