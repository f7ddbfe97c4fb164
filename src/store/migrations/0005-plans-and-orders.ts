// Decisions (a plan, or a documented decision not to use ozone), plans inside the wider programme, signed ozone
// orders with the library version they were checked against, and detected issues: each overridden warning with
// its coded reason (DESIGN.md workflow steps 3-4, SPEC-INTEROP §1 override reasons).

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The database's last line behind the engine's `route.prohibited` hard stop (SPEC-CLINICAL §1, §3: no
 * configuration, role or override can allow these). The engine decides; this only makes a bypass impossible.
 */
export const NOT_PROHIBITED = sql.raw(
  `technique not in ('inhalation', 'direct-iv-gas', 'hbo3-multipass', 'high-dose-ozone', 'intraperitoneal')`,
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table decision (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      kind text not null check (kind in ('plan', 'no-ozone')),
      reason_code text check (reason_code in
        ('contraindicated', 'insufficient-evidence', 'fundamentals-first', 'patient-declined', 'other')),
      comment text,
      screening_result_id uuid references screening_result (id),
      decided_by text not null,
      decided_at timestamptz not null,
      check ((kind = 'no-ozone') = (reason_code is not null)),
      check (reason_code is distinct from 'other' or length(trim(coalesce(comment, ''))) > 0)
    )`.execute(db);
  await sql`create index decision_patient on decision (patient_id, decided_at desc)`.execute(db);

  await sql`
    create table plan (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      decision_id uuid not null unique references decision (id),
      goal_code text not null,
      goal_text text,
      technique text not null check (${NOT_PROHIBITED}),
      library_version_id uuid not null references protocol_library_version (id),
      escalation_schedule jsonb not null
        check (jsonb_typeof(escalation_schedule) = 'array' and jsonb_array_length(escalation_schedule) >= 1),
      course_sessions int not null check (course_sessions between 1 and 100),
      review_point jsonb,
      programme jsonb not null default '[]' check (jsonb_typeof(programme) = 'array'),
      step_findings jsonb not null check (jsonb_typeof(step_findings) = 'array'),
      checked_at timestamptz not null,
      created_by text not null,
      created_at timestamptz not null,
      closed_by text,
      closed_at timestamptz,
      close_reason text check (close_reason in ('completed', 'stopped')),
      close_note text,
      check (jsonb_array_length(escalation_schedule) <= course_sessions),
      check ((closed_at is null) = (closed_by is null) and (closed_at is null) = (close_reason is null))
    )`.execute(db);
  await sql`create index plan_patient on plan (patient_id, created_at desc)`.execute(db);

  await sql`
    create table ozone_order (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      plan_id uuid not null references plan (id),
      technique text not null check (${NOT_PROHIBITED}),
      goal_code text,
      goal_text text,
      concentration_ug_per_ml double precision check (concentration_ug_per_ml >= 0),
      gas_volume_ml double precision check (gas_volume_ml >= 0),
      blood_volume_ml double precision check (blood_volume_ml >= 0),
      duration_min double precision check (duration_min >= 0),
      library_version_id uuid not null references protocol_library_version (id),
      findings jsonb not null check (jsonb_typeof(findings) = 'array'),
      checked_at timestamptz not null,
      signed_by text not null,
      signed_at timestamptz not null,
      discontinued_by text,
      discontinued_at timestamptz,
      discontinued_reason text,
      check ((discontinued_at is null) = (discontinued_by is null))
    )`.execute(db);
  await sql`create index ozone_order_patient on ozone_order (patient_id, signed_at desc)`.execute(db);
  await sql`create index ozone_order_plan on ozone_order (plan_id)`.execute(db);

  // session_id gets its foreign key when ozone_session exists (0007-sessions).
  await sql`
    create table detected_issue (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      order_id uuid references ozone_order (id),
      session_id uuid,
      rule_id text not null,
      severity text not null check (severity in ('hard-stop', 'warning', 'info')),
      library_version_id uuid not null references protocol_library_version (id),
      override_reason text check (override_reason in
        ('titration-plan', 'prior-tolerance', 'specialist-advice', 'patient-informed-choice',
         'data-error-corrected', 'other')),
      comment text,
      carried_from uuid references detected_issue (id),
      overridden_by text not null,
      overridden_at timestamptz not null,
      check (num_nonnulls(order_id, session_id) = 1),
      check (severity <> 'warning' or override_reason is not null),
      check (override_reason is distinct from 'other' or length(trim(coalesce(comment, ''))) > 0)
    )`.execute(db);
  await sql`create index detected_issue_order on detected_issue (order_id) where order_id is not null`.execute(
    db,
  );
  await sql`
    create index detected_issue_session on detected_issue (session_id) where session_id is not null`.execute(
    db,
  );

  for (const table of ['decision', 'detected_issue']) {
    await sql`
      create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function o3care_refuse_change()`.execute(db);
  }
  // A checked plan or signed order is frozen: the values, findings and library version never change after the
  // check. It can only be closed or discontinued, once.
  await sql`
    create trigger plan_guard before update or delete on plan for each row
    execute function o3care_guard_update('closed_by', 'closed_at', 'close_reason', 'close_note')`.execute(db);
  await sql`
    create trigger ozone_order_guard before update or delete on ozone_order for each row
    execute function o3care_guard_update('discontinued_by', 'discontinued_at', 'discontinued_reason')`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('the clinical record is never rolled back');
}
