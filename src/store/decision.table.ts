// Row type of decision: the physician's decision after screening, a plan or a documented decision not to use
// ozone with a coded reason (these feed the declines-by-reason report). Never updated: a new decision supersedes.

import type { Fixed, FixedNullable } from './column-types.ts';

export const NO_OZONE_REASONS = [
  'contraindicated',
  'insufficient-evidence',
  'fundamentals-first',
  'patient-declined',
  'other',
] as const;

export type NoOzoneReason = (typeof NO_OZONE_REASONS)[number];

export type DecisionKind = 'plan' | 'no-ozone';

export interface DecisionTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  kind: Fixed<DecisionKind>;
  /** Required for `no-ozone`, NULL for `plan`; `other` needs a comment. */
  reason_code: FixedNullable<NoOzoneReason>;
  comment: FixedNullable<string>;
  /** The screening the decision was taken on. */
  screening_result_id: FixedNullable<string>;
  decided_by: Fixed<string>;
  decided_at: Fixed<Date>;
}
