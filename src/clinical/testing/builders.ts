// Builders for engine tests: readable patients, orders and sessions with sensible defaults.
// Test-only; lives in src/clinical so it obeys the same purity rules as the engine.

import type {
  AdverseEventRecord,
  CareHistory,
  OutcomeRecord,
  OzoneOrder,
  SessionRecord,
  SessionStaff,
} from '../care.ts';
import { emptyHistory } from '../care.ts';
import type { Evaluation, EvaluationContext } from '../engine.ts';
import { checkOrder, checkSession, screenPatient } from '../engine.ts';
import type { ConsentRecord, Fact, PatientFacts } from '../facts.ts';
import { emptyFacts } from '../facts.ts';
import type { Finding, Severity } from '../findings.ts';
import type { GoalCode } from '../goals.ts';
import type { ProtocolLibrary } from '../library.ts';
import { TEMPLATE_LIBRARY } from '../library.ts';
import type { RuleId } from '../rule-catalog.ts';
import type { TechniqueCode } from '../techniques.ts';
import { MS_PER_DAY, MS_PER_HOUR } from '../units.ts';

export const AS_OF = new Date('2026-11-27T09:00:00Z');

export const APPROVED: ProtocolLibrary = {
  ...TEMPLATE_LIBRARY,
  version: 'clinic-1',
  status: 'approved',
  approvedBy: 'medical-director',
  approvedAt: '2026-11-01T00:00:00Z',
};

export const context = (library: ProtocolLibrary = APPROVED, asOf: Date = AS_OF): EvaluationContext => ({
  library,
  asOf,
});

export const daysAgo = (days: number, asOf: Date = AS_OF): string =>
  new Date(asOf.getTime() - days * MS_PER_DAY).toISOString();
export const hoursAgo = (h: number, asOf: Date = AS_OF): string =>
  new Date(asOf.getTime() - h * MS_PER_HOUR).toISOString();

export function fact<T>(value: T, effective?: string, resource = 'Observation/test'): Fact<T> {
  return { value, provenance: { resource }, ...(effective !== undefined ? { effective } : {}) };
}

/** A birth date that makes the patient `age` years old at AS_OF. */
export const bornYearsAgo = (age: number): string => `${AS_OF.getUTCFullYear() - age}-01-01`;

/**
 * A well-screened adult: known G6PD-normal, a fresh negative pregnancy test for women, weight and height, an intake
 * with every fundamental assessed and a goal. Rule tests start here and change one thing.
 */
export function screenedPatient(
  overrides: Partial<PatientFacts> = {},
  goal: GoalCode = 'low-back-pain',
): PatientFacts {
  return emptyFacts({
    patientId: 'p1',
    sex: 'male',
    birthDate: bornYearsAgo(50),
    g6pd: [fact('normal' as const, daysAgo(400), 'Observation/g6pd')],
    weightKg: [fact(80, daysAgo(10), 'Observation/weight')],
    heightCm: [fact(180, daysAgo(10), 'Observation/height')],
    haemoglobinGPerDl: [fact(14, daysAgo(10), 'Observation/hb')],
    intake: {
      goal: { code: goal },
      fundamentalsAssessed: [
        'sleep',
        'metabolic-health',
        'movement',
        'diagnostics',
        'rehabilitation',
        'inflammatory-drivers',
      ],
      expectsCure: false,
      oxidativeBurden: 'low',
      unstableMedicalIssues: false,
    },
    ...overrides,
  });
}

export function screenedWoman(
  age = 35,
  overrides: Partial<PatientFacts> = {},
  goal: GoalCode = 'low-back-pain',
): PatientFacts {
  return screenedPatient(
    {
      sex: 'female',
      birthDate: bornYearsAgo(age),
      pregnancy: [fact({ pregnant: false, basis: 'test' as const }, daysAgo(2), 'Observation/hcg')],
      ...overrides,
    },
    goal,
  );
}

/** An in-range order for each technique of the template (the middle of every soft range). */
export function typicalOrder(technique: TechniqueCode, overrides: Partial<OzoneOrder> = {}): OzoneOrder {
  const entry = TEMPLATE_LIBRARY.entries[technique];
  const mid = (r: { softMin: number; softMax: number } | undefined) =>
    r ? Math.round((r.softMin + r.softMax) / 2) : undefined;
  const conc = mid(entry?.concentrationUgPerMl);
  const gas = mid(entry?.gasVolumeMl);
  const blood = mid(entry?.bloodVolumeMl);
  const duration = mid(entry?.durationMin);
  return {
    technique,
    ...(conc !== undefined ? { concentrationUgPerMl: conc } : {}),
    ...(gas !== undefined ? { gasVolumeMl: gas } : {}),
    ...(blood !== undefined ? { bloodVolumeMl: blood } : {}),
    ...(duration !== undefined ? { durationMin: duration } : {}),
    ...overrides,
  };
}

export function pastSession(
  technique: TechniqueCode,
  performedAt: string,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  return { id: `s-${performedAt}`, technique, performedAt, adverseEvents: [], ...overrides };
}

export const adverseEvent = (grade: number | undefined, reviewed = false): AdverseEventRecord => ({
  grade,
  reviewed,
});

export const outcome = (
  measure: OutcomeRecord['measure'],
  value: number,
  recordedAt: string,
): OutcomeRecord => ({
  measure,
  value,
  recordedAt,
});

export const signedConsent = (
  techniques: TechniqueCode[],
  signedAt: string = daysAgo(30),
  extra: Partial<ConsentRecord> = {},
): ConsentRecord => ({
  id: 'c1',
  status: 'signed',
  techniques,
  signedAt,
  ...extra,
});

export const fullStaff = (
  credentials: string[] = ['ozone-therapy', 'intradiscal-procedures'],
): SessionStaff => ({
  supervisingPhysicianId: 'Practitioner/dr-a',
  operator: { id: 'Practitioner/nurse-b', credentials },
  imageGuidance: true,
});

export const screen = (
  facts: PatientFacts,
  history: CareHistory = emptyHistory(),
  library = APPROVED,
): Evaluation => screenPatient(facts, history, context(library));

export const order = (
  o: OzoneOrder,
  facts: PatientFacts,
  history: CareHistory = emptyHistory(),
  library = APPROVED,
): Evaluation => checkOrder(o, facts, history, context(library));

export const session = (
  o: OzoneOrder,
  facts: PatientFacts,
  history: CareHistory = emptyHistory(),
  staff: SessionStaff = fullStaff(),
  library = APPROVED,
): Evaluation => checkSession(o, staff, facts, history, context(library));

/** The findings of one rule. */
export const findingsOf = (evaluation: Evaluation, ruleId: RuleId): Finding[] =>
  evaluation.findings.filter((f) => f.ruleId === ruleId);

/** The severity a rule gives a technique in this evaluation, or undefined when it did not fire for it. */
export function severityFor(
  evaluation: Evaluation,
  ruleId: RuleId,
  technique: TechniqueCode,
): Severity | undefined {
  return findingsOf(evaluation, ruleId).find((f) => f.techniques.includes(technique))?.severity;
}

export const fired = (evaluation: Evaluation, ruleId: RuleId): boolean =>
  findingsOf(evaluation, ruleId).length > 0;

export { emptyHistory };
