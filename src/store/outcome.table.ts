// Row type of outcome_measure: a measure per goal (SPEC-CLINICAL §4) at baseline, review point or follow-up.

import type { OutcomeMeasureCode } from '../clinical/goals.ts';
import type { Fixed, FixedNullable, SetOnce } from './column-types.ts';

export const OUTCOME_PHASES = ['baseline', 'review', 'follow-up'] as const;

export type OutcomePhase = (typeof OUTCOME_PHASES)[number];

export interface OutcomeMeasureTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  plan_id: FixedNullable<string>;
  measure: Fixed<OutcomeMeasureCode>;
  value: Fixed<number>;
  phase: Fixed<OutcomePhase>;
  recorded_at: Fixed<Date>;
  recorded_by: Fixed<string>;
  entered_in_error_by: SetOnce<string>;
  entered_in_error_at: SetOnce<Date>;
  entered_in_error_reason: SetOnce<string>;
}
