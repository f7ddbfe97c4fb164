// Row types of ozone_order (a signed order, frozen with the findings and library version it was checked against)
// and detected_issue (each warning passed with its coded override reason, for an order or a session).

import type { Finding, Severity } from '../clinical/findings.ts';
import type { GoalCode } from '../clinical/goals.ts';
import type { RuleId } from '../clinical/rule-catalog.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import type { Fixed, FixedJson, FixedNullable, SetOnce } from './column-types.ts';

/** Override reasons, code system https://o3care.org/fhir/CodeSystem/override-reason (SPEC-INTEROP §1). */
export const OVERRIDE_REASONS = [
  'titration-plan',
  'prior-tolerance',
  'specialist-advice',
  'patient-informed-choice',
  'data-error-corrected',
  'other',
] as const;

export type OverrideReason = (typeof OVERRIDE_REASONS)[number];

export interface OzoneOrderTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  plan_id: Fixed<string>;
  technique: Fixed<TechniqueCode>;
  goal_code: FixedNullable<GoalCode>;
  goal_text: FixedNullable<string>;
  concentration_ug_per_ml: FixedNullable<number>;
  gas_volume_ml: FixedNullable<number>;
  blood_volume_ml: FixedNullable<number>;
  duration_min: FixedNullable<number>;
  library_version_id: Fixed<string>;
  findings: FixedJson<Finding[]>;
  checked_at: Fixed<Date>;
  signed_by: Fixed<string>;
  signed_at: Fixed<Date>;
  discontinued_by: SetOnce<string>;
  discontinued_at: SetOnce<Date>;
  discontinued_reason: SetOnce<string>;
}

export interface DetectedIssueTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  /** Exactly one of order_id and session_id. */
  order_id: FixedNullable<string>;
  session_id: FixedNullable<string>;
  rule_id: Fixed<RuleId>;
  severity: Fixed<Severity>;
  library_version_id: Fixed<string>;
  override_reason: FixedNullable<OverrideReason>;
  comment: FixedNullable<string>;
  /** For a session warning already overridden on its order: the order's detected issue. */
  carried_from: FixedNullable<string>;
  overridden_by: Fixed<string>;
  overridden_at: Fixed<Date>;
}
