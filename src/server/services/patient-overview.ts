// Where each patient of a list stands: the goal of the current intake and one status, decided from the record in
// this order (a later line only when no earlier one holds): deceased; in treatment (an open plan); no ozone (the
// latest decision was against it); course closed; screened, awaiting a decision; registered, awaiting intake.

import type { Transaction } from 'kysely';
import type { GoalCode } from '../../clinical/goals.ts';
import type { PatientOverviewRow } from '../../store/patient-overview.repository.ts';
import { listPatientOverviews } from '../../store/patient-overview.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';

export const PATIENT_STATUSES = [
  'deceased',
  'in-treatment',
  'no-ozone',
  'course-closed',
  'awaiting-decision',
  'awaiting-intake',
] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];

export interface PatientOverview {
  readonly id: string;
  readonly goal?: GoalCode;
  readonly status: PatientStatus;
}

function statusOf(row: PatientOverviewRow): PatientStatus {
  if (row.deceased) return 'deceased';
  if (row.active_plans > 0) return 'in-treatment';
  if (row.latest_decision === 'no-ozone') return 'no-ozone';
  if (row.closed_plans > 0) return 'course-closed';
  if (row.screened && row.has_intake) return 'awaiting-decision';
  return 'awaiting-intake';
}

/** The overview of each listed patient that exists, in the order of `patientIds`. */
export async function patientOverviews(
  trx: Transaction<Database>,
  context: CareContext,
  patientIds: readonly string[],
): Promise<PatientOverview[]> {
  const rows = new Map(
    (await listPatientOverviews(trx, context, patientIds)).map((row) => [row.id, row] as const),
  );
  return patientIds.flatMap((id) => {
    const row = rows.get(id);
    if (!row) return [];
    return [{ id, ...(row.goal_code ? { goal: row.goal_code } : {}), status: statusOf(row) }];
  });
}
