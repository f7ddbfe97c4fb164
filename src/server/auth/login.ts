// Signing in: the password step, the TOTP step, and changing one's own password. Every attempt is audited, and every
// failure counts against a per-username throttle kept in the database (so it holds across app servers). An unknown
// username, a wrong password and a disabled account take the same path, the same work and the same answer.

import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../store/audit.repository.ts';
import { appendAudit } from '../../store/audit.repository.ts';
import type { Database } from '../../store/schema.ts';
import { deleteSession, deleteSessionsOfUser } from '../../store/sessions.repository.ts';
import type { ThrottlePolicy } from '../../store/users.repository.ts';
import {
  claimTotpStep,
  clearLoginFailures,
  findUserById,
  findUserByUsername,
  loginLockedUntil,
  recordLoginFailure,
  updateUser,
} from '../../store/users.repository.ts';
import type { User } from './accounts.ts';
import { requiresSecondFactor, toUser } from './accounts.ts';
import type { AuditContext } from './audit-context.ts';
import { auditEntry } from './audit-context.ts';
import { hashPassword, verifyDummyPassword, verifyPassword } from './password.ts';
import type { CurrentSession, StartedSession } from './sessions.ts';
import { startSession, sweepSessions } from './sessions.ts';
import { matchTotpStep } from './totp.ts';

/**
 * Five failures in a row lock the username for a minute, doubling with each further failure up to 15 minutes
 * (OWASP Authentication Cheat Sheet, "Account Lockout": a lock that expires, not one an admin must lift).
 */
export const LOGIN_THROTTLE: ThrottlePolicy = {
  threshold: 5,
  baseLockMs: 60_000,
  maxLockMs: 15 * 60_000,
  windowMs: 60 * 60_000,
};

export type LoginResult =
  | { readonly kind: 'session'; readonly session: StartedSession; readonly user: User }
  | { readonly kind: 'refused' }
  | { readonly kind: 'throttled'; readonly until: Date };

export interface PasswordAttempt {
  readonly username: string;
  readonly password: string;
  /** The session the browser already holds, if any: signing in replaces it (rotation). */
  readonly previousSessionId: string | null;
  readonly userAgent: string | null;
}

type FailureReason =
  'unknown-user' | 'wrong-password' | 'disabled' | 'wrong-code' | 'replayed-code' | 'throttled';

async function recordFailure(
  db: Kysely<Database>,
  username: string,
  audit: AuditEntry,
  context: AuditContext,
  endSession?: string,
): Promise<LoginResult> {
  const { lockedUntil } = await db.transaction().execute(async (trx) => {
    const state = await recordLoginFailure(trx, username, context.at, LOGIN_THROTTLE);
    // Once the username locks, a half-finished sign-in ends too: guessing TOTP codes needs the password again.
    if (endSession !== undefined && state.lockedUntil) await deleteSession(trx, endSession);
    await appendAudit(trx, audit, context.at);
    return state;
  });
  // A password failure answers like any other (the lock shows from the next attempt on, for every username alike);
  // a TOTP failure that locks the username has just ended the session, and says so.
  return lockedUntil && endSession !== undefined
    ? { kind: 'throttled', until: lockedUntil }
    : { kind: 'refused' };
}

const failure = (
  context: AuditContext,
  stage: 'password' | 'totp' | 'password-change',
  reason: FailureReason,
  user?: { readonly id: string; readonly role: string },
): AuditEntry =>
  auditEntry(context, {
    actorId: user?.id ?? null,
    actorRole: user?.role ?? null,
    action: stage === 'password-change' ? 'user.password-change' : 'login.failure',
    outcome: 'denied',
    detail: { stage, reason },
  });

export async function passwordLogin(
  db: Kysely<Database>,
  attempt: PasswordAttempt,
  context: AuditContext,
): Promise<LoginResult> {
  const lockedUntil = await loginLockedUntil(db, attempt.username, context.at);
  if (lockedUntil) {
    await db
      .transaction()
      .execute((trx) => appendAudit(trx, failure(context, 'password', 'throttled'), context.at));
    return { kind: 'throttled', until: lockedUntil };
  }

  const row = await findUserByUsername(db, attempt.username);
  // Verify even when there is nothing to verify against, so that time does not tell which usernames exist.
  const passwordMatches = row
    ? await verifyPassword(attempt.password, row.password_hash)
    : await verifyDummyPassword(attempt.password);
  if (!row || row.disabled || !passwordMatches) {
    const reason = !row ? 'unknown-user' : !passwordMatches ? 'wrong-password' : 'disabled';
    return recordFailure(db, attempt.username, failure(context, 'password', reason, row), context);
  }

  const user = toUser(row);
  const secondFactorRequired = requiresSecondFactor(user);
  const session = await db.transaction().execute(async (trx) => {
    await sweepSessions(trx, context.at);
    if (!secondFactorRequired) await clearLoginFailures(trx, user.username);
    const started = await startSession(trx, {
      userId: user.id,
      secondFactorDone: !secondFactorRequired,
      replaces: attempt.previousSessionId,
      at: context.at,
      ip: context.sourceIp,
      userAgent: attempt.userAgent,
    });
    await appendAudit(
      trx,
      auditEntry(context, {
        actorId: user.id,
        actorRole: user.role,
        action: secondFactorRequired ? 'login.password-accepted' : 'login.success',
        outcome: 'success',
        detail: { secondFactor: secondFactorRequired ? 'pending' : 'none' },
      }),
      context.at,
    );
    return started;
  });
  return { kind: 'session', session, user };
}

/** Completes a sign-in that is waiting for its TOTP code; the session is rotated once more on success. */
export async function totpLogin(
  db: Kysely<Database>,
  pending: CurrentSession,
  code: string,
  userAgent: string | null,
  context: AuditContext,
): Promise<LoginResult> {
  const row = await findUserById(db, pending.userId);
  if (!row?.totp_secret || row.disabled) {
    await deleteSession(db, pending.id);
    return { kind: 'refused' };
  }
  const lockedUntil = await loginLockedUntil(db, row.username, context.at);
  if (lockedUntil) {
    await db.transaction().execute(async (trx) => {
      await deleteSession(trx, pending.id);
      await appendAudit(trx, failure(context, 'totp', 'throttled', row), context.at);
    });
    return { kind: 'throttled', until: lockedUntil };
  }

  const step = matchTotpStep(row.totp_secret, code, context.at);
  const claimed = step !== null && (await claimTotpStep(db, row.id, step));
  if (!claimed) {
    const reason = step === null ? 'wrong-code' : 'replayed-code';
    return recordFailure(db, row.username, failure(context, 'totp', reason, row), context, pending.id);
  }

  const user = toUser(row);
  const session = await db.transaction().execute(async (trx) => {
    await clearLoginFailures(trx, user.username);
    const started = await startSession(trx, {
      userId: user.id,
      secondFactorDone: true,
      replaces: pending.id,
      at: context.at,
      ip: context.sourceIp,
      userAgent,
    });
    await appendAudit(
      trx,
      auditEntry(context, {
        actorId: user.id,
        actorRole: user.role,
        action: 'login.success',
        outcome: 'success',
        detail: { secondFactor: 'totp' },
      }),
      context.at,
    );
    return started;
  });
  return { kind: 'session', session, user };
}

export type PasswordChangeResult = 'changed' | 'wrong-password' | 'throttled';

/** Changes the signed-in user's password after checking the current one; the user's other sessions end. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  session: CurrentSession,
  passwords: { readonly current: string; readonly next: string },
  context: AuditContext,
): Promise<PasswordChangeResult> {
  if (await loginLockedUntil(db, session.username, context.at)) return 'throttled';
  const row = await findUserById(db, session.userId);
  if (!row || !(await verifyPassword(passwords.current, row.password_hash))) {
    await recordFailure(
      db,
      session.username,
      failure(context, 'password-change', 'wrong-password', row),
      context,
    );
    return 'wrong-password';
  }
  const passwordHash = await hashPassword(passwords.next);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, row.id, { password_hash: passwordHash, updated_at: context.at });
    const endedSessions = await deleteSessionsOfUser(trx, row.id, session.id);
    await appendAudit(
      trx,
      auditEntry(context, {
        action: 'user.password-change',
        outcome: 'success',
        resource: `user/${row.id}`,
        detail: { endedSessions },
      }),
      context.at,
    );
  });
  return 'changed';
}
