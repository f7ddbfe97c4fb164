// The rules the engine runs, in the order their findings are gathered (output is sorted afterwards).

import { aceInhibitor, anemia, hypoglycemiaRisk } from './cautions.ts';
import { anticoagulant, coagulopathy, g6pdDeficiency, thrombocytopenia } from './blood-and-bleeding.ts';
import { adverseEventUnreviewed, courseReview } from './course.ts';
import { bloodVolume, doseRanges, doseTotal, libraryUnapproved, requiredValueMissing } from './dose.ts';
import { escalation, intervalTooShort, sessionsExceeded } from './history.ts';
import { indicationRouteMismatch, indicationUndefined, indicationWeakEvidence } from './indication.ts';
import { expectationsUnrealistic, fundamentalsUnaddressed, resilienceHighOxidativeBurden } from './intake.ts';
import { g6pdUnknown, pregnancyUnknown } from './missing-data.ts';
import { routeDisabledByClinic, routeProhibited } from './route.ts';
import type { Rule } from './rule.ts';
import { consent, imageGuidance, oversight } from './session.ts';
import {
  acuteIntoxication,
  cardiovascularInstability,
  hyperthyroidism,
  ozoneIntolerance,
  patientDeceased,
  pregnancy,
  recentMi,
  seizureDisorder,
} from './systemic-risk.ts';

/** The rules that answer an order for a technique that can never be given here. */
export const ROUTE_RULES: readonly Rule[] = [routeProhibited, routeDisabledByClinic];

/** Patient-level rules: they run for screening and again for every order and session. */
export const SCREENING_RULES: readonly Rule[] = [
  ...ROUTE_RULES,
  patientDeceased,
  indicationUndefined,
  indicationRouteMismatch,
  indicationWeakEvidence,
  fundamentalsUnaddressed,
  expectationsUnrealistic,
  resilienceHighOxidativeBurden,
  g6pdDeficiency,
  g6pdUnknown,
  pregnancy,
  pregnancyUnknown,
  hyperthyroidism,
  thrombocytopenia,
  coagulopathy,
  anticoagulant,
  recentMi,
  cardiovascularInstability,
  seizureDisorder,
  acuteIntoxication,
  ozoneIntolerance,
  aceInhibitor,
  anemia,
  hypoglycemiaRisk,
];

/** Order and session rules: they need a technique, its library entry, the ordered values and the history. */
export const ORDER_RULES: readonly Rule[] = [
  libraryUnapproved,
  requiredValueMissing,
  doseRanges,
  doseTotal,
  bloodVolume,
  escalation,
  intervalTooShort,
  sessionsExceeded,
  courseReview,
  adverseEventUnreviewed,
  consent,
  oversight,
  imageGuidance,
];
