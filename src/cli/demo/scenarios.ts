// The demo clinic's patients, in the order the demo records them. Together they show every rule id of the
// catalogue somewhere in the stored record; the builder checks each scenario's claims against what was stored.

import {
  beatrizRecoveryGradeThreeReaction,
  franciscoKneeNonResponder,
  karimFootUlcerReassessmentDue,
  pedroClaudicationUnreviewedReaction,
  rosaHeelUlcerExpiredConsent,
  tomasBackPainResponder,
} from './patients-in-treatment.ts';
import {
  diegoBackPainWithdrewConsent,
  lauraNeckPainConsentDoesNotCover,
  liamDiscHerniationIntradiscal,
  luisBackPainIntoxicated,
  ramonKneeConsentNotCountersigned,
} from './patients-on-the-day.ts';
import {
  antonioBackPainOnWarfarin,
  carmenWellnessNoGoal,
  ernestoClaudicationDied,
  hectorPostCovidFatigueExpectsCure,
  javierClaudicationHyperthyroid,
  luciaPregnantBackPain,
  manuelAfterInfarctionUnstableAngina,
  mariaKneeNoRecentPregnancyTest,
} from './patients-turned-away.ts';
import type { PatientScenario } from './scenario.ts';

export const SCENARIOS: readonly PatientScenario[] = [
  // On a course over the past weeks
  tomasBackPainResponder,
  franciscoKneeNonResponder,
  karimFootUlcerReassessmentDue,
  rosaHeelUlcerExpiredConsent,
  pedroClaudicationUnreviewedReaction,
  beatrizRecoveryGradeThreeReaction,
  // Stopped on the day of a session
  lauraNeckPainConsentDoesNotCover,
  diegoBackPainWithdrewConsent,
  liamDiscHerniationIntradiscal,
  ramonKneeConsentNotCountersigned,
  luisBackPainIntoxicated,
  // Screened: not now, or not at all
  mariaKneeNoRecentPregnancyTest,
  luciaPregnantBackPain,
  carmenWellnessNoGoal,
  hectorPostCovidFatigueExpectsCure,
  javierClaudicationHyperthyroid,
  antonioBackPainOnWarfarin,
  manuelAfterInfarctionUnstableAngina,
  ernestoClaudicationDied,
];
