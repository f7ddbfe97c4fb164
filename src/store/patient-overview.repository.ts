// Where each patient of a list stands, in one query: the current intake's goal and a status from the newest rows of
// plan, decision, screening and facts. The list shows it beside each name, so the clinic sees who waits for what
// without opening (and auditing a read of) every chart.

import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { GoalCode } from '../clinical/goals.ts';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { Database } from './schema.ts';

export interface PatientOverviewRow {
  readonly id: string;
  readonly goal_code: GoalCode | null;
  readonly deceased: boolean;
  readonly active_plans: number;
  readonly closed_plans: number;
  readonly latest_decision: 'plan' | 'no-ozone' | null;
  readonly screened: boolean;
  readonly has_intake: boolean;
}

/** One row per patient id that exists (unknown ids are left out), in no particular order. */
export async function listPatientOverviews(
  trx: Transaction<Database>,
  context: AuditContext,
  patientIds: readonly string[],
): Promise<PatientOverviewRow[]> {
  if (patientIds.length === 0) return [];
  const { rows } = await sql<PatientOverviewRow>`
    select p.id::text as id,
      (select i.goal_code from intake i where i.patient_id = p.id order by i.version desc limit 1) as goal_code,
      exists (select 1 from clinical_fact f
        where f.patient_id = p.id and f.kind = 'deceased' and f.entered_in_error_at is null) as deceased,
      (select count(*)::int from plan pl where pl.patient_id = p.id and pl.closed_at is null) as active_plans,
      (select count(*)::int from plan pl where pl.patient_id = p.id and pl.closed_at is not null) as closed_plans,
      (select d.kind from decision d where d.patient_id = p.id order by d.decided_at desc, d.id desc limit 1)
        as latest_decision,
      exists (select 1 from screening_result s where s.patient_id = p.id) as screened,
      exists (select 1 from intake i where i.patient_id = p.id) as has_intake
    from patient p
    where p.id = any(${sql.val([...patientIds])}::uuid[])`.execute(trx);
  await audit(trx, context, 'patient.list', { detail: { count: rows.length, overview: true } });
  return rows;
}
