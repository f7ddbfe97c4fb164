// System clients: create, find by token hash, list, revoke, and note use. Creating and revoking a client are audited
// (who gave which system access); a lookup reads no patient data.

import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ApiClientTable } from './api-client.table.ts';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { Database } from './schema.ts';

export type ApiClientRow = Selectable<ApiClientTable>;
export type NewApiClientRow = Insertable<ApiClientTable>;

/** Every column but the token hash: what listings and messages may show. */
export type ApiClientSummary = Omit<ApiClientRow, 'token_hash'>;

const SUMMARY_COLUMNS = [
  'id',
  'name',
  'role',
  'created_by',
  'created_at',
  'expires_at',
  'revoked_at',
  'revoked_by',
  'last_used_at',
] as const;

export async function insertApiClient(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewApiClientRow,
): Promise<ApiClientSummary> {
  const inserted = await trx
    .insertInto('api_client')
    .values(row)
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirstOrThrow();
  await audit(trx, context, 'api-client.create', {
    resource: `api_client/${inserted.id}`,
    detail: { name: inserted.name, role: inserted.role, expiresAt: inserted.expires_at.toISOString() },
  });
  return inserted;
}

/** The client holding this token hash, whatever its state (the caller decides whether it is usable). */
export async function findApiClientByTokenHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ApiClientRow | undefined> {
  return db.selectFrom('api_client').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function listApiClients(db: Kysely<Database>): Promise<ApiClientSummary[]> {
  return db.selectFrom('api_client').select(SUMMARY_COLUMNS).orderBy('created_at').orderBy('id').execute();
}

/** Revokes the live client of this name (case-insensitive); undefined when there is none. */
export async function revokeApiClient(
  trx: Transaction<Database>,
  context: AuditContext,
  revoke: { readonly name: string; readonly at: Date },
): Promise<ApiClientSummary | undefined> {
  const row = await trx
    .updateTable('api_client')
    .set({ revoked_at: revoke.at, revoked_by: context.actorId })
    .where((eb) => eb(eb.fn('lower', ['name']), '=', revoke.name.toLowerCase()))
    .where('revoked_at', 'is', null)
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'api-client.revoke', {
      resource: `api_client/${row.id}`,
      detail: { name: row.name },
    });
  }
  return row;
}

/** Notes the client's latest use, at most once per `intervalMs` (as sessions do), so reads do not each cost a write. */
export async function touchApiClient(
  db: Kysely<Database>,
  client: Pick<ApiClientRow, 'id' | 'last_used_at'>,
  at: Date,
  intervalMs: number,
): Promise<void> {
  if (client.last_used_at !== null && at.getTime() - client.last_used_at.getTime() < intervalMs) return;
  await db.updateTable('api_client').set({ last_used_at: at }).where('id', '=', client.id).execute();
}
