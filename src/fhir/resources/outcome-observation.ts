// An outcome measure → Observation coded from o3care's outcome-measure system (docs/decisions/0003), which
// map-observation.ts reads back into the care history; pain NRS also carries LOINC 72514-3. Measures with a physical
// unit (wound area, walking times) carry it in UCUM; scores are plain numbers.

import type { Coding, Observation, Quantity } from '@medplum/fhirtypes';
import type { OutcomeMeasureCode } from '../../clinical/goals.ts';
import { OUTCOME_MEASURES } from '../../clinical/goals.ts';
import { SYSTEMS } from '../../clinical/value-sets.ts';
import { OUTCOME_MEASURE_SYSTEM } from '../urls.ts';
import { coding, concept, patientReference, ucum, userReference } from './common.ts';
import type { OutcomeEntry } from './record.ts';

const UCUM_UNITS: Partial<Record<OutcomeMeasureCode, string>> = {
  'wound-area': 'cm2',
  'pain-free-walking-time': 's',
  'peak-walking-time': 's',
};

function valueOf(outcome: OutcomeEntry): Quantity {
  const unit = UCUM_UNITS[outcome.measure];
  if (unit !== undefined) return ucum(outcome.value, unit);
  return { value: outcome.value, unit: OUTCOME_MEASURES[outcome.measure].unit };
}

export function outcomeObservationResource(patientId: string, outcome: OutcomeEntry): Observation {
  const codings: Coding[] = [
    coding(OUTCOME_MEASURE_SYSTEM, outcome.measure, OUTCOME_MEASURES[outcome.measure].name),
    ...(outcome.measure === 'pain-nrs'
      ? [coding(SYSTEMS.loinc, '72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported')]
      : []),
  ];
  return {
    resourceType: 'Observation',
    id: outcome.id,
    status: 'final',
    category: [concept('http://terminology.hl7.org/CodeSystem/observation-category', 'survey')],
    code: { coding: codings },
    subject: patientReference(patientId),
    effectiveDateTime: outcome.recordedAt,
    performer: [userReference(outcome.recordedBy)],
    valueQuantity: valueOf(outcome),
    ...(outcome.planId === undefined ? {} : { basedOn: [{ reference: `CarePlan/${outcome.planId}` }] }),
  };
}
