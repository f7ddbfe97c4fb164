// Row type of intake: one row per version, never updated (the highest version is the current intake).

import type { Fundamental, Intake } from '../clinical/facts.ts';
import type { GoalCode } from '../clinical/goals.ts';
import type { Fixed, FixedJson, FixedNullable } from './column-types.ts';

export interface IntakeTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  version: Fixed<number>;
  goal_code: FixedNullable<GoalCode>;
  /** The patient's own words. */
  goal_text: FixedNullable<string>;
  expects_cure: FixedNullable<boolean>;
  fundamentals_assessed: FixedJson<Fundamental[]>;
  oxidative_burden: FixedNullable<NonNullable<Intake['oxidativeBurden']>>;
  unstable_medical_issues: FixedNullable<boolean>;
  recorded_by: Fixed<string>;
  recorded_at: Fixed<Date>;
}
