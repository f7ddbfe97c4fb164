// Ozone sessions (DESIGN.md workflow step 6): the pre-session checks, the administered values and who gave them,
// graded adverse events, and amendments. A signed session is immutable (UPDATE, DELETE and TRUNCATE refused by
// triggers); a correction is an appended amendment row.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { NOT_PROHIBITED } from './0005-plans-and-orders.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table ozone_session (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      order_id uuid not null references ozone_order (id),
      technique text not null check (${NOT_PROHIBITED}),
      scheduled_at timestamptz,
      started_at timestamptz,
      vitals jsonb not null default '{}' check (jsonb_typeof(vitals) = 'object'),
      consent_id uuid references consent (id),
      checklist jsonb not null default '{}' check (jsonb_typeof(checklist) = 'object'),
      generator_reading jsonb,
      concentration_ug_per_ml double precision check (concentration_ug_per_ml >= 0),
      gas_volume_ml double precision check (gas_volume_ml >= 0),
      blood_volume_ml double precision check (blood_volume_ml >= 0),
      duration_min double precision check (duration_min >= 0),
      operator_id text,
      operator_credentials jsonb not null default '[]' check (jsonb_typeof(operator_credentials) = 'array'),
      supervising_physician_id text,
      image_guidance boolean,
      notes text,
      rescreening jsonb,
      library_version_id uuid references protocol_library_version (id),
      status text not null default 'draft' check (status in ('draft', 'signed')),
      signed_by text,
      signed_at timestamptz,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((status = 'signed') = (signed_by is not null and signed_at is not null)),
      check (status = 'draft' or (rescreening is not null and library_version_id is not null and started_at is not null))
    )`.execute(db);
  await sql`create index ozone_session_patient on ozone_session (patient_id, started_at)`.execute(db);
  await sql`create index ozone_session_order on ozone_session (order_id)`.execute(db);
  await sql`
    create function ozone_session_guard() returns trigger language plpgsql as $$
    begin
      if old.status = 'signed' then
        raise exception 'ozone_session % is signed and immutable: % refused (append an amendment)', old.id, tg_op
          using errcode = 'insufficient_privilege';
      end if;
      if tg_op = 'DELETE' then
        return old;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger ozone_session_signed_is_immutable before update or delete on ozone_session
    for each row execute function ozone_session_guard()`.execute(db);
  await sql`
    create trigger ozone_session_no_truncate before truncate on ozone_session
    for each statement execute function o3care_refuse_change()`.execute(db);

  await sql`
    alter table detected_issue add constraint detected_issue_session_fk
    foreign key (session_id) references ozone_session (id)`.execute(db);

  await sql`
    create table session_amendment (
      id uuid primary key,
      session_id uuid not null references ozone_session (id),
      patient_id uuid not null references patient (id),
      field text not null,
      old_value jsonb,
      new_value jsonb,
      reason text not null check (length(trim(reason)) > 0),
      amended_by text not null,
      amended_at timestamptz not null
    )`.execute(db);
  await sql`create index session_amendment_session on session_amendment (session_id, amended_at)`.execute(db);
  await sql`
    create trigger session_amendment_append_only before update or delete on session_amendment
    for each row execute function o3care_refuse_change()`.execute(db);
  await sql`
    create trigger session_amendment_no_truncate before truncate on session_amendment
    for each statement execute function o3care_refuse_change()`.execute(db);
  // Amendments correct signed sessions; a draft is simply edited.
  await sql`
    create function session_amendment_needs_signed_session() returns trigger language plpgsql as $$
    begin
      if not exists (select 1 from ozone_session where id = new.session_id and status = 'signed') then
        raise exception 'only a signed session is amended; edit the draft instead'
          using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger session_amendment_signed_only before insert on session_amendment
    for each row execute function session_amendment_needs_signed_session()`.execute(db);

  await sql`
    create table adverse_event (
      id uuid primary key,
      session_id uuid not null references ozone_session (id),
      patient_id uuid not null references patient (id),
      grade int not null check (grade between 1 and 5),
      description text not null check (length(trim(description)) > 0),
      onset_at timestamptz,
      reported_by text not null,
      reported_at timestamptz not null,
      reviewed_by text,
      reviewed_at timestamptz,
      review_note text,
      check ((reviewed_by is null) = (reviewed_at is null))
    )`.execute(db);
  await sql`create index adverse_event_patient on adverse_event (patient_id)`.execute(db);
  await sql`create index adverse_event_session on adverse_event (session_id)`.execute(db);
  await sql`
    create trigger adverse_event_guard before update or delete on adverse_event for each row
    execute function o3care_guard_update('reviewed_by', 'reviewed_at', 'review_note')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the clinical record is never rolled back');
}
