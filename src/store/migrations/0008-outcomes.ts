// Outcome measures per goal (SPEC-CLINICAL §4) at baseline, review point and follow-ups (DESIGN.md workflow step
// 7). A wrong value is marked entered-in-error, never edited.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table outcome_measure (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      plan_id uuid references plan (id),
      measure text not null,
      value double precision not null,
      phase text not null check (phase in ('baseline', 'review', 'follow-up')),
      recorded_at timestamptz not null,
      recorded_by text not null,
      entered_in_error_by text,
      entered_in_error_at timestamptz,
      entered_in_error_reason text,
      check ((entered_in_error_at is null) = (entered_in_error_by is null))
    )`.execute(db);
  await sql`
    create index outcome_measure_patient on outcome_measure (patient_id, recorded_at)
    where entered_in_error_at is null`.execute(db);
  await sql`
    create trigger outcome_measure_guard before update or delete on outcome_measure for each row
    execute function o3care_guard_update('entered_in_error_by', 'entered_in_error_at', 'entered_in_error_reason')`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('the clinical record is never rolled back');
}
