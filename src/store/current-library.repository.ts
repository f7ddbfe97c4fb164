// Which protocol library version is current, by id only: approved versions are frozen by the database, so a caller
// that keeps versions by id (the CDS service, on every call) needs to read a document only when the id changes.
// Same order as protocol-library.repository.ts `findCurrentApproved`.

import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export async function findCurrentApprovedId(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('protocol_library_version')
    .select('id')
    .where('status', '=', 'approved')
    .orderBy('approved_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
