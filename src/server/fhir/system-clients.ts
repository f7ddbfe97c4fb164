// System clients of the FHIR API: bearer tokens created by `o3care client create` (docs/decisions/0011). A token is
// 256 random bits behind a recognisable prefix; only its SHA-256 is stored. Unknown, revoked and expired tokens are
// one and the same 401, so a caller learns nothing about which tokens once existed. A client acts with its staff
// role through permissions.ts, exactly as a signed-in user of that role would.

import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ApiClientSummary } from '../../store/api-client.repository.ts';
import {
  findApiClientByTokenHash,
  insertApiClient,
  revokeApiClient,
  touchApiClient,
} from '../../store/api-client.repository.ts';
import type { AuditContext } from '../../store/audit-context.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../auth/actor.ts';
import type { Role } from '../auth/permissions.ts';
import { isRole } from '../auth/permissions.ts';
import { newToken, sha256Hex } from '../auth/tokens.ts';

/** Prefix of every system-client token: recognisable in a leaked log or file (as GitHub's `ghp_` tokens are). */
export const CLIENT_TOKEN_PREFIX = 'o3c_';
const CLIENT_TOKEN = /^o3c_[A-Za-z0-9_-]{43}$/;

/** Roles a client may hold: staff roles only, since a client has no patient compartment. */
export const CLIENT_ROLES: readonly Role[] = [
  'admin',
  'medical-director',
  'physician',
  'nurse',
  'coordinator',
];
export const DEFAULT_CLIENT_LIFETIME_DAYS = 90;
export const MAX_CLIENT_LIFETIME_DAYS = 730;
const TOUCH_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;

export interface CreatedClient {
  readonly client: ApiClientSummary;
  /** Shown once; only its hash is kept. */
  readonly token: string;
}

export class ClientInputError extends Error {
  override name = 'ClientInputError';
}

export interface NewClient {
  readonly name: string;
  readonly role: string;
  readonly lifetimeDays: number;
}

/** Creates a client with a fresh token; the caller's transaction also holds its audit row. */
export async function createClient(
  db: Kysely<Database>,
  context: AuditContext,
  input: NewClient,
  at: Date,
): Promise<CreatedClient> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.name))
    throw new ClientInputError('the name is 1–64 letters, digits, dots, dashes or underscores');
  if (!isRole(input.role) || !CLIENT_ROLES.includes(input.role))
    throw new ClientInputError(`the role is one of ${CLIENT_ROLES.join(', ')}`);
  if (
    !Number.isInteger(input.lifetimeDays) ||
    input.lifetimeDays < 1 ||
    input.lifetimeDays > MAX_CLIENT_LIFETIME_DAYS
  )
    throw new ClientInputError(
      `the lifetime is a whole number of days from 1 to ${MAX_CLIENT_LIFETIME_DAYS}`,
    );
  const token = `${CLIENT_TOKEN_PREFIX}${newToken()}`;
  const client = await db.transaction().execute(async (trx) => {
    const live = await trx
      .selectFrom('api_client')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (live) throw new ClientInputError(`a client named ${input.name} exists; revoke it first`);
    return insertApiClient(trx, context, {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      token_hash: sha256Hex(token),
      created_by: context.actorId,
      created_at: at,
      expires_at: new Date(at.getTime() + input.lifetimeDays * DAY_MS),
    });
  });
  return { client, token };
}

export async function revokeClient(
  db: Kysely<Database>,
  context: AuditContext,
  name: string,
  at: Date,
): Promise<ApiClientSummary | undefined> {
  return db.transaction().execute((trx) => revokeApiClient(trx, context, { name, at }));
}

/** The audit actor id of a client: distinct from any user id, and saying what it is. */
export const clientActorId = (clientId: string): string => `api-client/${clientId}`;

/**
 * The actor behind `Authorization: Bearer <token>`, or null when the header is not a live client token (any other
 * scheme, a malformed, unknown, revoked or expired token).
 */
export async function clientActor(request: FastifyRequest): Promise<Actor | null> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  if (token === undefined || !CLIENT_TOKEN.test(token)) return null;
  const db = request.server.store.db;
  const row = await findApiClientByTokenHash(db, sha256Hex(token));
  const now = request.server.now();
  if (!row || row.revoked_at !== null || row.expires_at <= now || !isRole(row.role)) return null;
  await touchApiClient(db, row, now, TOUCH_INTERVAL_MS);
  return {
    userId: clientActorId(row.id),
    username: row.name,
    role: row.role,
    patientId: null,
    sessionId: `api-client/${row.id}`,
  };
}
