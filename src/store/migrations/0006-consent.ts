// Consent (DESIGN.md workflow step 5): versioned templates per technique carrying the required discussion, and the
// patient's consent: signed by the patient, countersigned by a physician, valid 12 months unless withdrawn.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** The discussion every template must cover (issue 3, "consent"); the database refuses a template without it. */
const REQUIRED_DISCUSSION = JSON.stringify([
  'adjunct-not-cure',
  'fda-position',
  'never-inhaled',
  'uncertainty',
  'alternatives',
  'right-to-stop',
]);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  // `key` names the template family (usually the technique code); each edit is a new version.
  await sql`
    create table consent_template (
      id uuid primary key,
      key text not null check (length(key) between 1 and 64),
      version int not null check (version >= 1),
      language text not null,
      title text not null,
      body text not null,
      techniques jsonb not null check (jsonb_typeof(techniques) = 'array' and jsonb_array_length(techniques) >= 1),
      discussion_items jsonb not null
        check (jsonb_typeof(discussion_items) = 'array' and discussion_items @> ${sql.lit(REQUIRED_DISCUSSION)}::jsonb),
      created_by text not null,
      created_at timestamptz not null,
      unique (key, version, language)
    )`.execute(db);

  await sql`
    create table consent (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      template_id uuid not null references consent_template (id),
      techniques jsonb not null check (jsonb_typeof(techniques) = 'array' and jsonb_array_length(techniques) >= 1),
      patient_signed_name text not null check (length(trim(patient_signed_name)) > 0),
      patient_signed_at timestamptz not null,
      patient_signature_method text not null
        check (patient_signature_method in ('wet-ink', 'electronic', 'portal')),
      valid_until timestamptz not null,
      recorded_by text not null,
      countersigned_by text,
      countersigned_at timestamptz,
      withdrawn_at timestamptz,
      withdrawn_recorded_by text,
      withdrawn_reason text,
      check (valid_until > patient_signed_at),
      check ((countersigned_by is null) = (countersigned_at is null)),
      check ((withdrawn_at is null) = (withdrawn_recorded_by is null))
    )`.execute(db);
  await sql`create index consent_patient on consent (patient_id, patient_signed_at desc)`.execute(db);

  await sql`
    create trigger consent_template_append_only before update or delete on consent_template
    for each row execute function o3care_refuse_change()`.execute(db);
  await sql`
    create trigger consent_guard before update or delete on consent for each row
    execute function o3care_guard_update(
      'countersigned_by', 'countersigned_at', 'withdrawn_at', 'withdrawn_recorded_by', 'withdrawn_reason')`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('the clinical record is never rolled back');
}
