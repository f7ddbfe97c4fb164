// Patients, their versioned intake, the clinical facts screening reads, and every screening result
// (DESIGN.md workflow steps 1-2). Facts live in one table keyed by the PatientFacts field they feed, so screening
// reads a patient's facts with one query.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  // Dates are kept as the text the clinic or the FHIR source gave (a birth date may be just `1970`); timestamps
  // are timestamptz in UTC.
  await sql`
    create table patient (
      id uuid primary key,
      given_name text,
      family_name text,
      birth_date text check (birth_date ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
      sex text not null default 'unknown' check (sex in ('female', 'male', 'other', 'unknown')),
      identifiers jsonb not null default '[]' check (jsonb_typeof(identifiers) = 'array'),
      email text,
      phone text,
      preferred_language text,
      stay_arrival text check (stay_arrival ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and stay_arrival::date > '1900-01-01'),
      stay_departure text
        check (stay_departure ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' and stay_departure::date > '1900-01-01'),
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (coalesce(given_name, family_name) is not null),
      check (stay_arrival is null or stay_departure is null or stay_departure >= stay_arrival)
    )`.execute(db);
  await sql`create index patient_identifiers on patient using gin (identifiers jsonb_path_ops)`.execute(db);
  await sql`create index patient_name on patient (lower(family_name), lower(given_name))`.execute(db);

  // Each change to the intake is a new version; the highest version is the current intake.
  await sql`
    create table intake (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      version int not null check (version >= 1),
      goal_code text,
      goal_text text,
      expects_cure boolean,
      fundamentals_assessed jsonb not null default '[]' check (jsonb_typeof(fundamentals_assessed) = 'array'),
      oxidative_burden text check (oxidative_burden in ('low', 'moderate', 'high')),
      unstable_medical_issues boolean,
      recorded_by text not null,
      recorded_at timestamptz not null,
      unique (patient_id, version)
    )`.execute(db);

  // kind = the PatientFacts field the fact feeds (store/clinical-fact.table.ts lists them; a test inserts each).
  await sql`
    create table clinical_fact (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      intake_id uuid references intake (id),
      kind text not null check (kind in (
        'deceased', 'weightKg', 'heightCm', 'haemoglobinGPerDl', 'g6pd', 'pregnancy', 'hyperthyroidism',
        'tshMiuPerL', 'freeT4AboveRange', 'plateletsE9PerL', 'thrombocytopenia', 'coagulationDisorder', 'inr',
        'medications', 'cardiovascularInstability', 'myocardialInfarction', 'seizureDisorder',
        'alcoholIntoxication', 'ozoneIntolerance')),
      value jsonb not null,
      effective text,
      source text not null check (source in ('clinic', 'import')),
      provenance_resource text not null,
      provenance_code text,
      recorded_by text not null,
      recorded_at timestamptz not null,
      entered_in_error_by text,
      entered_in_error_at timestamptz,
      entered_in_error_reason text,
      check ((entered_in_error_at is null) = (entered_in_error_by is null)),
      check ((entered_in_error_at is null) = (entered_in_error_reason is null))
    )`.execute(db);
  await sql`
    create index clinical_fact_current on clinical_fact (patient_id) where entered_in_error_at is null`.execute(
    db,
  );

  await sql`
    create table screening_result (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      intake_id uuid references intake (id),
      library_version_id uuid not null references protocol_library_version (id),
      as_of timestamptz not null,
      findings jsonb not null check (jsonb_typeof(findings) = 'array'),
      eligibility jsonb not null check (jsonb_typeof(eligibility) = 'object'),
      recorded_by text not null
    )`.execute(db);
  await sql`create index screening_result_patient on screening_result (patient_id, as_of desc)`.execute(db);

  for (const table of ['intake', 'screening_result']) {
    await sql`
      create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function o3care_refuse_change()`.execute(db);
  }
  // A wrong fact is marked entered-in-error (with who, when and why), never edited or removed.
  await sql`
    create trigger clinical_fact_guard before update or delete on clinical_fact for each row
    execute function o3care_guard_update('entered_in_error_by', 'entered_in_error_at', 'entered_in_error_reason')`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('the clinical record is never rolled back');
}
