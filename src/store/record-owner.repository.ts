// Whose record a row belongs to: the patient id of a plan, order, session, consent or adverse event, and nothing
// else. Routes use it to keep a patient inside their own compartment before any service reads the row, and to name
// the patient of a refused attempt. Only ids are read, so no audit row is written; the service call that follows
// audits the real read.

import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export const OWNED_TABLES = ['plan', 'ozone_order', 'ozone_session', 'consent', 'adverse_event'] as const;
export type OwnedTable = (typeof OWNED_TABLES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The patient the row belongs to; undefined when there is no such row (or `id` is not even a UUID). */
export async function findRecordOwner(
  db: Kysely<Database>,
  table: OwnedTable,
  id: string,
): Promise<string | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await db.selectFrom(table).select('patient_id').where('id', '=', id).executeTakeFirst();
  return row?.patient_id;
}
