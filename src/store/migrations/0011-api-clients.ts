// System clients of the FHIR API (issue 5, SPEC-INTEROP §4): other systems authenticate with a bearer token created
// by `o3care client create`. Only the token's SHA-256 is stored, as for session cookies (0002), so a copy of the
// database holds no usable credential. A client acts with one staff role (never `patient`: a client has no
// compartment), until it expires or is revoked.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_client (
      id uuid primary key,
      name text not null check (name ~ '^[A-Za-z0-9._-]{1,64}$'),
      role text not null check (role in ('admin', 'medical-director', 'physician', 'nurse', 'coordinator')),
      token_hash char(64) not null unique,
      created_by text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by text,
      last_used_at timestamptz,
      check (expires_at > created_at),
      check ((revoked_at is null) = (revoked_by is null))
    )`.execute(db);
  await sql`create unique index api_client_live_name on api_client (lower(name)) where revoked_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists api_client`.execute(db);
}
