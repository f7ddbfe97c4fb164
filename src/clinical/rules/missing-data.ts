// Screening rules that fire when a fact the technique needs is unknown: the patient is not contraindicated, the
// record is incomplete, and the finding says which test to order (SPEC-CLINICAL §2 "needs-data").

import { ageInYears, latestFresh } from '../facts.ts';
import { isInjection, isSystemic } from '../techniques.ts';
import type { Rule } from './rule.ts';
import { findingsBySeverity, orderStopElseWarning } from './rule.ts';
import { currentPregnancy } from './systemic-risk.ts';

/** `screening.g6pd-unknown` — G6PD deficiency is absolute for systemic ozone (ISS 2020 [S]), so its status must be known. */
export const g6pdUnknown: Rule = ({ facts, techniques, asOf, library, mode }) => {
  if (latestFresh(facts.g6pd, asOf, library.settings.freshnessDays.g6pd) !== undefined) return [];
  return findingsBySeverity(
    'screening.g6pd-unknown',
    techniques,
    (t) => (isSystemic(t) ? orderStopElseWarning(mode) : undefined),
    {
      message:
        'G6PD status unknown: order a G6PD activity test (LOINC 2357-2 or 32546-4) before systemic ozone.',
      params: { test: 'G6PD activity' },
      evidence: [{ fact: 'g6pd', value: 'unknown' }],
    },
  );
};

/**
 * `screening.pregnancy-unknown` — a female patient of 12–55 (or of unknown age) without a pregnancy status or test
 * inside its window. An unknown age cannot rule pregnancy out, so it counts as inside the range.
 */
export const pregnancyUnknown: Rule = (input) => {
  const { facts, asOf, library, mode, techniques } = input;
  if (facts.sex !== 'female') return [];
  const [minAge, maxAge] = library.settings.pregnancyAgeRange;
  const age = ageInYears(facts.birthDate, asOf);
  if (age !== undefined && (age < minAge || age > maxAge)) return [];
  if (currentPregnancy(input) !== undefined) return [];
  const days = library.settings.freshnessDays.pregnancyTest;
  return findingsBySeverity(
    'screening.pregnancy-unknown',
    techniques,
    (t) => (isSystemic(t) || isInjection(t) ? orderStopElseWarning(mode) : undefined),
    {
      message: `No pregnancy status or test in the last ${days} days: order an hCG test (LOINC 2106-3 or 2118-8).`,
      params: { days, test: 'hCG' },
      evidence: [
        { fact: 'age', value: age ?? 'unknown' },
        { fact: 'pregnancy-status', value: 'unknown' },
      ],
    },
  );
};
