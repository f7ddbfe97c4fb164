// The audit trail: an append-only, hash-chained table (DESIGN.md, Audit). UPDATE, DELETE and TRUNCATE are refused by
// triggers; a one-row head table holds the last link and serialises appends across app servers.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_event (
      seq bigint primary key,
      id uuid not null unique,
      at timestamptz not null,
      actor_id text,
      actor_role text,
      action text not null,
      patient_id text,
      resource text,
      outcome text not null check (outcome in ('success', 'denied', 'error')),
      source_ip text,
      request_id text,
      detail jsonb,
      prev_hash char(64) not null,
      hash char(64) not null
    )`.execute(db);
  await sql`create index audit_event_patient on audit_event (patient_id, seq) where patient_id is not null`.execute(
    db,
  );
  await sql`
    create table audit_head (
      id int primary key check (id = 1),
      seq bigint not null,
      hash char(64) not null
    )`.execute(db);
  await sql`insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64))`.execute(db);
  await sql`
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger audit_event_no_update_or_delete before update or delete on audit_event
    for each row execute function audit_event_append_only()`.execute(db);
  await sql`
    create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the audit trail is never rolled back');
}
