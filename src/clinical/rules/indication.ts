// Indication rules: a plan needs a defined goal, a technique that fits it, and honesty about the evidence
// (SPEC-CLINICAL §4). The goal comes from the order (its ozone-goal extension) or from the intake.

import type { GoalStatement } from '../facts.ts';
import { GOALS, isWeakEvidence } from '../goals.ts';
import type { Rule, RuleInput } from './rule.ts';
import { finding, orderStopElseWarning } from './rule.ts';

/** The goal in force: the order's own goal first, then the intake's. */
export function goalOf(input: Pick<RuleInput, 'order' | 'facts'>): GoalStatement | undefined {
  const fromOrder = input.order?.goal;
  if (fromOrder?.code !== undefined) return fromOrder;
  return input.facts.intake?.goal ?? fromOrder;
}

const hasText = (text: string | undefined): boolean => text !== undefined && text.trim().length > 0;

/** `indication.undefined` — seed stance: no goal, or `other` without words, means there is nothing to aim at. */
export const indicationUndefined: Rule = (input) => {
  const goal = goalOf(input);
  const undefinedGoal = goal?.code === undefined || (goal.code === 'other' && !hasText(goal.text));
  if (!undefinedGoal || input.techniques.length === 0) return [];
  return [
    finding('indication.undefined', orderStopElseWarning(input.mode), {
      techniques: input.techniques,
      message:
        goal?.code === 'other'
          ? 'The goal is "other" but the patient\'s goal is not described.'
          : 'No treatment goal is recorded: define the goal before choosing a technique.',
      variant: goal?.code === 'other' ? 'other-without-text' : undefined,
      evidence: [{ fact: 'goal', value: goal?.code ?? 'none' }],
    }),
  ];
};

/** `indication.route-mismatch` — the technique is not among those that fit the goal (SPEC-CLINICAL §4). */
export const indicationRouteMismatch: Rule = (input) => {
  const code = goalOf(input)?.code;
  if (code === undefined || code === 'other') return [];
  const goal = GOALS[code];
  const mismatched = input.techniques.filter((technique) => !goal.fittingTechniques.includes(technique));
  if (mismatched.length === 0) return [];
  return [
    finding('indication.route-mismatch', 'warning', {
      techniques: mismatched,
      message: `Not a technique that fits the goal "${goal.name}" (fitting: ${goal.fittingTechniques.join(', ')}).`,
      params: { goal: code, fitting: goal.fittingTechniques.join(', ') },
      evidence: [{ fact: 'goal', value: code }],
    }),
  ];
};

/** `indication.weak-evidence` — the goal's evidence grade is very low or insufficient (CLINICAL-REFERENCE §7). */
export const indicationWeakEvidence: Rule = (input) => {
  const code = goalOf(input)?.code;
  if (code === undefined || input.techniques.length === 0) return [];
  const goal = GOALS[code];
  if (!isWeakEvidence(goal.evidenceGrade)) return [];
  return [
    finding('indication.weak-evidence', 'info', {
      techniques: input.techniques,
      message: `Evidence for "${goal.name}" is ${goal.evidenceGrade.replace('-', ' ')}: ${goal.evidenceSummary}`,
      params: { goal: code, grade: goal.evidenceGrade },
      evidence: [{ fact: 'goal', value: code }],
    }),
  ];
};
