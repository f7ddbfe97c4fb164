// Indexes for reading one patient's record newest first (the timeline, and the history every order check reads):
// each (patient_id, time, id), so that a page of a patient's sessions, amendments or adverse events is read from the
// index in order instead of sorting every row the patient has. With 1,000 sessions the timeline's session branches
// went from a top-N sort of 1,000 rows each to an index range scan of one page (bench/timeline-latency.ts).

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

const INDEXES = [
  ['ozone_session_patient_created', 'ozone_session', 'patient_id, created_at, id'],
  ['ozone_session_patient_signed', 'ozone_session', 'patient_id, signed_at, id'],
  ['session_amendment_patient', 'session_amendment', 'patient_id, amended_at, id'],
  ['adverse_event_patient_reported', 'adverse_event', 'patient_id, reported_at, id'],
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) {
    await sql`create index ${sql.ref(name)} on ${sql.table(table)} (${sql.raw(columns)})`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await sql`drop index ${sql.ref(name)}`.execute(db);
}
