// Session lifetime (DESIGN.md Auth): a random cookie token, stored only as its SHA-256; ends after 15 minutes idle or
// 12 hours in total, whichever comes first; a session waiting for its second factor lasts 5 minutes.

import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import type { SessionWithUser } from '../../store/sessions.repository.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionWithUser,
  insertSession,
  touchSession,
} from '../../store/sessions.repository.ts';
import type { Role } from './permissions.ts';
import { isRole } from './permissions.ts';
import { isTokenShaped, newToken, sha256Hex } from './tokens.ts';

export const SESSION_POLICY = {
  idleTimeoutMs: 15 * 60_000,
  absoluteTimeoutMs: 12 * 60 * 60_000,
  secondFactorTimeoutMs: 5 * 60_000,
  /**
   * last_seen_at is written at most this often, so that reads do not each cost a write; the idle timeout is then
   * measured from a moment up to one minute before the last request.
   */
  touchIntervalMs: 60_000,
} as const;

export const sessionIdOf = (token: string): string => sha256Hex(token);

export interface StartedSession {
  /** The cookie value; only its hash is stored. */
  readonly token: string;
  readonly id: string;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly secondFactorDone: boolean;
}

export interface SessionStart {
  readonly userId: string;
  readonly secondFactorDone: boolean;
  /** The session this one replaces (rotation on sign-in and on the second factor): it is removed. */
  readonly replaces: string | null;
  readonly at: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** Starts a session under a fresh token; run it in the transaction that records the sign-in. */
export async function startSession(db: Kysely<Database>, start: SessionStart): Promise<StartedSession> {
  if (start.replaces !== null) await deleteSession(db, start.replaces);
  const token = newToken();
  const session: StartedSession = {
    token,
    id: sessionIdOf(token),
    csrfToken: newToken(),
    createdAt: start.at,
    lastSeenAt: start.at,
    secondFactorDone: start.secondFactorDone,
  };
  await insertSession(db, {
    id: session.id,
    user_id: start.userId,
    created_at: session.createdAt,
    last_seen_at: session.lastSeenAt,
    csrf_token: session.csrfToken,
    second_factor_done: session.secondFactorDone,
    ip: start.ip,
    user_agent: start.userAgent?.slice(0, 512) ?? null,
  });
  return session;
}

/** Removes sessions that can no longer be used (called now and then, e.g. at each sign-in). */
export async function sweepSessions(db: Kysely<Database>, at: Date): Promise<number> {
  return deleteExpiredSessions(db, {
    idleBefore: new Date(at.getTime() - SESSION_POLICY.idleTimeoutMs),
    createdBefore: new Date(at.getTime() - SESSION_POLICY.absoluteTimeoutMs),
  });
}

/** The session behind a request's cookie. */
export interface CurrentSession {
  readonly id: string;
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly patientId: string | null;
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly secondFactorDone: boolean;
}

export interface SessionExpiry {
  readonly idleExpiresAt: Date;
  readonly absoluteExpiresAt: Date;
}

export function sessionExpiry(
  session: Pick<CurrentSession, 'createdAt' | 'lastSeenAt' | 'secondFactorDone'>,
) {
  const absoluteMs = session.secondFactorDone
    ? SESSION_POLICY.absoluteTimeoutMs
    : SESSION_POLICY.secondFactorTimeoutMs;
  const absoluteExpiresAt = new Date(session.createdAt.getTime() + absoluteMs);
  const idleExpiresAt = new Date(
    Math.min(session.lastSeenAt.getTime() + SESSION_POLICY.idleTimeoutMs, absoluteExpiresAt.getTime()),
  );
  return { idleExpiresAt, absoluteExpiresAt } satisfies SessionExpiry;
}

function usable(row: SessionWithUser, at: Date): CurrentSession | null {
  if (row.user_disabled || !isRole(row.role)) return null;
  const session: CurrentSession = {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    patientId: row.patient_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    secondFactorDone: row.second_factor_done,
  };
  return sessionExpiry(session).idleExpiresAt > at ? session : null;
}

/**
 * The live session for a cookie token at `at`, or null. A session found expired (or whose user was disabled) is
 * deleted on the spot. Does not touch last_seen_at: the caller does, once the request has passed its CSRF check.
 */
export async function findCurrentSession(
  db: Kysely<Database>,
  token: string,
  at: Date,
): Promise<CurrentSession | null> {
  if (!isTokenShaped(token)) return null;
  const row = await findSessionWithUser(db, sessionIdOf(token));
  if (!row) return null;
  const session = usable(row, at);
  if (!session) await deleteSession(db, row.id);
  return session;
}

/** Records activity, at most once per `touchIntervalMs`. */
export async function touchIfDue(db: Kysely<Database>, session: CurrentSession, at: Date): Promise<void> {
  if (at.getTime() - session.lastSeenAt.getTime() >= SESSION_POLICY.touchIntervalMs)
    await touchSession(db, session.id, at);
}
