// Intake rules: fundamentals first, honest expectations, and resilience before an oxidative challenge.
// They fire only when an intake is known (o3care's own, or a QuestionnaireResponse to its intake questionnaire);
// records from elsewhere leave them silent (SPEC-CLINICAL §6).

import { FUNDAMENTALS } from '../facts.ts';
import { isInjection, isSystemic } from '../techniques.ts';
import type { Rule } from './rule.ts';
import { finding } from './rule.ts';

/** `fundamentals.unaddressed` — seed stance: sleep, metabolic health, movement, diagnostics, rehabilitation and inflammatory drivers come first. */
export const fundamentalsUnaddressed: Rule = ({ facts, techniques }) => {
  const intake = facts.intake;
  if (!intake || techniques.length === 0) return [];
  const missing = FUNDAMENTALS.filter((fundamental) => !intake.fundamentalsAssessed.includes(fundamental));
  if (missing.length === 0) return [];
  return [
    finding('fundamentals.unaddressed', 'warning', {
      techniques,
      message: `Fundamentals not assessed at intake: ${missing.join(', ')}.`,
      params: { missing: missing.join(', ') },
      evidence: missing.map((fundamental) => ({
        fact: 'fundamental-not-assessed',
        value: fundamental,
        resource: 'intake',
      })),
    }),
  ];
};

/** `expectations.unrealistic` — seed stance: ozone is an adjunct, never a cure. */
export const expectationsUnrealistic: Rule = ({ facts, techniques }) => {
  if (facts.intake?.expectsCure !== true || techniques.length === 0) return [];
  return [
    finding('expectations.unrealistic', 'warning', {
      techniques,
      message: 'The patient expects a cure: discuss that ozone is an adjunct with modest, uncertain benefit.',
      evidence: [{ fact: 'expects-cure', value: true, resource: 'intake' }],
    }),
  ];
};

/** `resilience.high-oxidative-burden` — the low-dose concept assumes the antioxidant capacity to answer the challenge (Viebahn-Hänsler 2012 [V]; Bocci 2011 [V]). */
export const resilienceHighOxidativeBurden: Rule = ({ facts, techniques }) => {
  const intake = facts.intake;
  if (!intake) return [];
  const high = intake.oxidativeBurden === 'high';
  if (!high && intake.unstableMedicalIssues !== true) return [];
  const affected = techniques.filter((technique) => isSystemic(technique) || isInjection(technique));
  if (affected.length === 0) return [];
  return [
    finding('resilience.high-oxidative-burden', 'warning', {
      techniques: affected,
      message: high
        ? 'High oxidative-stress burden recorded: build resilience first, start low and go slow.'
        : 'Unstable medical issues recorded: stabilise them before an oxidative challenge.',
      variant: high ? undefined : 'unstable',
      evidence: [
        ...(high ? [{ fact: 'oxidative-burden', value: 'high', resource: 'intake' }] : []),
        ...(intake.unstableMedicalIssues === true
          ? [{ fact: 'unstable-medical-issues', value: true, resource: 'intake' }]
          : []),
      ],
    }),
  ];
};
