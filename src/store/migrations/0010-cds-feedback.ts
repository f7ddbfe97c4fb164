// CDS Hooks feedback (CDS Hooks 2.0, "Feedback"): what clinicians did with o3care's cards in another system,
// accepted or overridden with a reason. Append-only, like every other clinical answer; it feeds the override report.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table cds_feedback (
      id uuid primary key,
      service_id text not null check (service_id in ('ozone-screen', 'ozone-order-check')),
      client_iss text not null,
      card_uuid text not null,
      outcome text not null check (outcome in ('accepted', 'overridden')),
      accepted_suggestions jsonb not null default '[]' check (jsonb_typeof(accepted_suggestions) = 'array'),
      reason_system text,
      reason_code text,
      user_comment text,
      rule_id text,
      techniques jsonb not null default '[]' check (jsonb_typeof(techniques) = 'array'),
      outcome_at timestamptz not null,
      received_at timestamptz not null,
      check ((reason_code is null) = (reason_system is null)),
      check (outcome = 'overridden' or reason_code is null)
    )`.execute(db);
  await sql`create index cds_feedback_outcome_at on cds_feedback (outcome_at)`.execute(db);
  await sql`
    create trigger cds_feedback_append_only before update or delete on cds_feedback
    for each row execute function o3care_refuse_change()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table cds_feedback`.execute(db);
}
