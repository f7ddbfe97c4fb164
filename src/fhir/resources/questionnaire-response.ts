// Intake versions and outcome measures → QuestionnaireResponse. The intake answers o3care's intake questionnaire with
// the linkIds map-intake.ts reads back (goal, goal-text, fundamentals-assessed, expects-cure, oxidative-burden,
// unstable-medical-issues). An outcome measure answers `…/Questionnaire/outcome-measure`: one item whose linkId is
// the measure code (the value) and a `phase` item (baseline, review, follow-up).

import type { QuestionnaireResponse, QuestionnaireResponseItem } from '@medplum/fhirtypes';
import { GOAL_SYSTEM, API, INTAKE_QUESTIONNAIRE } from '../urls.ts';
import { coding, derivedId, patientReference, userReference } from './common.ts';
import type { IntakeEntry, OutcomeEntry } from './record.ts';

const FUNDAMENTAL_SYSTEM = API.fundamentalSystem;
const OXIDATIVE_BURDEN_SYSTEM = API.oxidativeBurdenSystem;

const booleanItem = (linkId: string, value: boolean | undefined): QuestionnaireResponseItem[] =>
  value === undefined ? [] : [{ linkId, answer: [{ valueBoolean: value }] }];

export function intakeResponseResource(patientId: string, entry: IntakeEntry): QuestionnaireResponse {
  const { intake } = entry;
  const item: QuestionnaireResponseItem[] = [
    ...(intake.goal?.code === undefined
      ? []
      : [{ linkId: 'goal', answer: [{ valueCoding: coding(GOAL_SYSTEM, intake.goal.code) }] }]),
    ...(intake.goal?.text === undefined
      ? []
      : [{ linkId: 'goal-text', answer: [{ valueString: intake.goal.text }] }]),
    ...(intake.fundamentalsAssessed.length === 0
      ? []
      : [
          {
            linkId: 'fundamentals-assessed',
            answer: intake.fundamentalsAssessed.map((code) => ({
              valueCoding: coding(FUNDAMENTAL_SYSTEM, code),
            })),
          },
        ]),
    ...booleanItem('expects-cure', intake.expectsCure),
    ...(intake.oxidativeBurden === undefined
      ? []
      : [
          {
            linkId: 'oxidative-burden',
            answer: [{ valueCoding: coding(OXIDATIVE_BURDEN_SYSTEM, intake.oxidativeBurden) }],
          },
        ]),
    ...booleanItem('unstable-medical-issues', intake.unstableMedicalIssues),
  ];
  return {
    resourceType: 'QuestionnaireResponse',
    id: entry.id,
    identifier: { system: INTAKE_QUESTIONNAIRE, value: `version-${entry.version}` },
    questionnaire: INTAKE_QUESTIONNAIRE,
    status: 'completed',
    subject: patientReference(patientId),
    authored: entry.recordedAt,
    ...(item.length > 0 ? { item } : {}),
  };
}

/** The id of an outcome measure's QuestionnaireResponse (its Observation has the measure's own id). */
export const outcomeResponseId = (outcomeId: string): string => derivedId('outcome', outcomeId);

export function outcomeResponseResource(patientId: string, outcome: OutcomeEntry): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id: outcomeResponseId(outcome.id),
    questionnaire: API.outcomeQuestionnaire,
    status: 'completed',
    subject: patientReference(patientId),
    authored: outcome.recordedAt,
    author: userReference(outcome.recordedBy),
    ...(outcome.planId === undefined ? {} : { basedOn: [{ reference: `CarePlan/${outcome.planId}` }] }),
    item: [
      { linkId: outcome.measure, answer: [{ valueDecimal: outcome.value }] },
      { linkId: 'phase', answer: [{ valueCoding: coding(API.outcomePhaseSystem, outcome.phase) }] },
    ],
  };
}
