// Which outcome questionnaires a patient answers themselves, and in which phase an answer is recorded. Licensed
// instruments (ODI, WOMAC) and measurements (wound area, walking times) are taken by the clinic; the patient reports
// pain, a KOOS subscale total and their impression of change.
import type { GoalCode, OutcomeMeasureCode } from '../../../../clinical/goals.ts';
import { GOALS, isGoalCode } from '../../../../clinical/goals.ts';
import type { Plan } from '../api/my-record.ts';

export const PATIENT_REPORTED: readonly OutcomeMeasureCode[] = ['pain-nrs', 'koos-subscale', 'pgic'];

/** The plan the questionnaires review: the active one, else the most recent. */
export const reviewedPlan = (plans: readonly Plan[]): Plan | undefined =>
  plans.find((plan) => plan.status === 'active') ?? plans[0];

export function questionnairesFor(goal: GoalCode | undefined, plan: Plan | undefined): OutcomeMeasureCode[] {
  const measures = goal && isGoalCode(goal) ? GOALS[goal].outcomeMeasures : [];
  const mine = measures.filter((measure) => PATIENT_REPORTED.includes(measure));
  // An impression of change needs a course under way.
  if (plan && !mine.includes('pgic')) mine.push('pgic');
  return mine;
}

export type Phase = 'baseline' | 'review' | 'follow-up';

/** Before any answer on this measure it is the baseline; during a plan a review; after it a follow-up. */
export function phaseFor(
  measure: OutcomeMeasureCode,
  plan: Plan | undefined,
  answered: readonly { readonly measure: string }[],
): Phase {
  if (plan && plan.status !== 'active') return 'follow-up';
  if (measure === 'pgic' && plan) return 'review';
  return answered.some((outcome) => outcome.measure === measure) && plan ? 'review' : 'baseline';
}
