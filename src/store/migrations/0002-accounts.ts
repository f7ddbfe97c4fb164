// Accounts and access (issue 3 §2, DESIGN.md Auth): users, server-side sessions, the per-username sign-in throttle
// and the one-time code that creates the first administrator.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  // `user` is a reserved word in PostgreSQL, hence `app_user`. The role list repeats src/server/auth/permissions.ts
  // ROLES on purpose: the database refuses a role the code does not know, whatever wrote the row. `patient_id`
  // will reference the patients table once its migration exists (a later migration adds the foreign key).
  // `totp_secret` is the RFC 4648 base32 secret in clear: encrypting it at rest is out of scope for now.
  await sql`
    create table app_user (
      id uuid primary key,
      username text not null check (username ~ '^[A-Za-z0-9._@+-]{3,64}$'),
      display_name text not null check (length(display_name) between 1 and 200),
      role text not null
        check (role in ('admin', 'medical-director', 'physician', 'nurse', 'coordinator', 'patient')),
      patient_id text,
      password_hash text not null,
      totp_secret text,
      totp_enabled boolean not null default false,
      totp_last_step bigint,
      disabled boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((role = 'patient') = (patient_id is not null)),
      check (not totp_enabled or totp_secret is not null)
    )`.execute(db);
  await sql`create unique index app_user_username_key on app_user (lower(username))`.execute(db);
  await sql`create index app_user_role on app_user (role) where not disabled`.execute(db);

  // `id` is the SHA-256 (hex) of the 256-bit token in the cookie; the token itself is never stored.
  await sql`
    create table auth_session (
      id char(64) primary key,
      user_id uuid not null references app_user (id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      csrf_token text not null,
      second_factor_done boolean not null,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index auth_session_user on auth_session (user_id)`.execute(db);

  // Keyed by the lower-cased username whether or not such a user exists, so that throttling itself cannot reveal
  // which usernames exist. Rows go away on a successful sign-in.
  await sql`
    create table login_throttle (
      username_key text primary key,
      failures integer not null,
      last_failure_at timestamptz not null,
      locked_until timestamptz
    )`.execute(db);

  await sql`
    create table bootstrap_code (
      code_hash char(64) primary key,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['bootstrap_code', 'login_throttle', 'auth_session', 'app_user'])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}
