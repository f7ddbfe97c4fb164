// Users, the per-username sign-in throttle and the first-admin bootstrap code. Plain functions taking the database
// (or a transaction) first; usernames are matched case-insensitively through the `lower(username)` unique index.

import type { Kysely, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { AppUserTable, NewUserRow, UserRow } from './accounts.table.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** The key usernames are compared by (ASCII only, see the migration's check, so JS and SQL agree). */
export const usernameKey = (username: string): string => username.trim().toLowerCase();

/** PostgreSQL's unique_violation, as raised by both pg and PGlite. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

const fromRow = (row: UserRow): UserRow =>
  // PGlite and pg both parse bigint to number here (see database.ts), but keep the column a number whatever comes.
  row.totp_last_step === null ? row : { ...row, totp_last_step: Number(row.totp_last_step) };

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  return fromRow(await db.insertInto('app_user').values(user).returningAll().executeTakeFirstOrThrow());
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(row);
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const row = await db
    .selectFrom('app_user')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', usernameKey(username))
    .executeTakeFirst();
  return row && fromRow(row);
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const rows = await db
    .selectFrom('app_user')
    .selectAll()
    .orderBy(sql`lower(username)`)
    .execute();
  return rows.map(fromRow);
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Updateable<AppUserTable>,
): Promise<UserRow | undefined> {
  const row = await db
    .updateTable('app_user')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && fromRow(row);
}

/**
 * Records that a TOTP step was used, atomically across app servers: true only when the step is later than every
 * step accepted before (RFC 6238 §5.2: an OTP is accepted at most once).
 */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The ids of enabled administrators, locked until the transaction ends (guards "never remove the last admin"). */
export async function lockEnabledAdmins(trx: Transaction<Database>): Promise<string[]> {
  const rows = await trx
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function anyEnabledAdmin(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// --- sign-in throttle -------------------------------------------------------------------------------------------

export interface ThrottlePolicy {
  /** Consecutive failures that start a lock. */
  readonly threshold: number;
  /** The first lock; each further failure doubles it, up to `maxLockMs`. */
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  /** Failures further apart than this start the count again. */
  readonly windowMs: number;
}

export interface ThrottleState {
  readonly failures: number;
  readonly lockedUntil: Date | null;
}

/** When the username is locked at `at`, the end of the lock; otherwise null. */
export async function loginLockedUntil(db: Db, username: string, at: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('login_throttle')
    .select('locked_until')
    .where('username_key', '=', usernameKey(username))
    .executeTakeFirst();
  return row?.locked_until && row.locked_until > at ? row.locked_until : null;
}

/** Counts one failed sign-in for the username (whether or not such a user exists) and locks it when due. */
export async function recordLoginFailure(
  db: Db,
  username: string,
  at: Date,
  policy: ThrottlePolicy,
): Promise<ThrottleState> {
  const key = usernameKey(username);
  const windowStart = new Date(at.getTime() - policy.windowMs);
  // One statement, so concurrent failures on several app servers all count.
  const { failures } = await db
    .insertInto('login_throttle')
    .values({ username_key: key, failures: 1, last_failure_at: at, locked_until: null })
    .onConflict((oc) =>
      oc.column('username_key').doUpdateSet({
        failures: sql<number>`case when login_throttle.last_failure_at < ${windowStart}
          then 1 else login_throttle.failures + 1 end`,
        last_failure_at: at,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  if (failures < policy.threshold) return { failures, lockedUntil: null };
  const lockMs = Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (failures - policy.threshold));
  const lockedUntil = new Date(at.getTime() + lockMs);
  await db
    .updateTable('login_throttle')
    .set({ locked_until: lockedUntil })
    .where('username_key', '=', key)
    .execute();
  return { failures, lockedUntil };
}

export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('username_key', '=', usernameKey(username)).execute();
}

// --- first-admin bootstrap code ---------------------------------------------------------------------------------

/** Stores a new code (by its hash) and withdraws every earlier unused one: only the last printed code works. */
export async function replaceBootstrapCode(
  db: Db,
  codeHash: string,
  createdAt: Date,
  expiresAt: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('bootstrap_code').where('used_at', 'is', null).execute();
    await trx
      .insertInto('bootstrap_code')
      .values({ code_hash: codeHash, created_at: createdAt, expires_at: expiresAt, used_at: null })
      .execute();
  });
}

/** Marks the code used, atomically: true for exactly one caller, and only while the code is unused and unexpired. */
export async function consumeBootstrapCode(db: Db, codeHash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('bootstrap_code')
    .set({ used_at: at })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
