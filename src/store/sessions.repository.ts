// Server-side sessions (DESIGN.md Auth): one row per signed-in browser, found by the SHA-256 of its cookie token, so
// that every app server sees the same sessions and a stolen database copy holds no usable token.

import type { Kysely } from 'kysely';
import type { NewSessionRow, SessionRow } from './accounts.table.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** A session with the few user fields every request needs. */
export interface SessionWithUser extends SessionRow {
  readonly username: string;
  readonly display_name: string;
  readonly role: string;
  readonly patient_id: string | null;
  readonly user_disabled: boolean;
}

export async function insertSession(db: Db, session: NewSessionRow): Promise<void> {
  await db.insertInto('auth_session').values(session).execute();
}

export async function findSessionWithUser(db: Db, id: string): Promise<SessionWithUser | undefined> {
  return db
    .selectFrom('auth_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select(['u.username', 'u.display_name', 'u.role', 'u.patient_id', 'u.disabled as user_disabled'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('auth_session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('auth_session').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Ends every session of a user (password reset, disabling, a new TOTP secret), optionally keeping one. */
export async function deleteSessionsOfUser(db: Db, userId: string, except?: string): Promise<number> {
  let query = db.deleteFrom('auth_session').where('user_id', '=', userId);
  if (except !== undefined) query = query.where('id', '!=', except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping: removes sessions idle since before `idleBefore` or created before `createdBefore`. */
export async function deleteExpiredSessions(
  db: Db,
  limits: { readonly idleBefore: Date; readonly createdBefore: Date },
): Promise<number> {
  const result = await db
    .deleteFrom('auth_session')
    .where((eb) =>
      eb.or([eb('last_seen_at', '<', limits.idleBefore), eb('created_at', '<', limits.createdBefore)]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
