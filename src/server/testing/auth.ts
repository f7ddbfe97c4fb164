// Test helpers for anything behind sign-in: create a user straight in the store, then sign in through the real
// routes (password, then TOTP computed from the secret) and get the headers `app.inject` needs.
//
//   const physician = await createUser(store, { role: 'physician' });
//   const session = await signIn(app, physician);
//   await app.inject({ method: 'POST', url: '/api/…', headers: session.headers(), payload });
//
// or in one step: `const { headers } = await signInAs(app, 'nurse');`

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../store/database.ts';
import { findUserByUsername, updateUser } from '../../store/users.repository.ts';
import type { User } from '../auth/accounts.ts';
import { createAccount } from '../auth/accounts.ts';
import { hashPassword } from '../auth/password.ts';
import type { Role } from '../auth/permissions.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/plugin.ts';
import type { SessionView } from '../auth/schemas.ts';
import { TOTP_WINDOW_STEPS, totpCodeForStep, totpStep } from '../auth/totp.ts';

export interface CreateUserOptions {
  readonly role: Role;
  /** Default: `<role>-<8 random hex>`, unique per call. */
  readonly username?: string;
  /** Default: one random password per test process (its hash is computed once, which keeps tests fast). */
  readonly password?: string;
  /** For role `patient` (default: a random UUID); refused for other roles. */
  readonly patientId?: string;
  readonly displayName?: string;
  /** Enrol TOTP for a non-clinical role too (clinical roles always have it). */
  readonly enableTotp?: boolean;
  /** created_at of the account (default: now). */
  readonly at?: Date;
}

export interface TestUser {
  readonly user: User;
  readonly username: string;
  readonly password: string;
  /** Base32 TOTP secret, or null when the account has no second factor. */
  readonly totpSecret: string | null;
}

const DEFAULT_PASSWORD = `test-password-${randomUUID()}`;
const hashes = new Map<string, Promise<string>>();
const cachedHash = (password: string): Promise<string> => {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = hashPassword(password)));
  return hash;
};

/** Creates an account directly in the store (with its `user.create` audit row). */
export async function createUser(store: Store, options: CreateUserOptions): Promise<TestUser> {
  const password = options.password ?? DEFAULT_PASSWORD;
  const username = options.username ?? `${options.role}-${randomUUID().slice(0, 8)}`;
  const { user, totp } = await createAccount(
    store.db,
    {
      username,
      displayName: options.displayName ?? username,
      role: options.role,
      patientId: options.patientId ?? (options.role === 'patient' ? randomUUID() : null),
      passwordHash: await cachedHash(password),
      ...(options.enableTotp !== undefined ? { enableTotp: options.enableTotp } : {}),
    },
    { actorId: null, actorRole: null, sourceIp: null, requestId: null, at: options.at ?? new Date() },
  );
  return { user, username: user.username, password, totpSecret: totp?.secret ?? null };
}

export interface SignInCredentials {
  readonly username: string;
  readonly password: string;
  readonly totpSecret?: string | null;
}

export interface SignedIn {
  /** The `cookie` header value, `o3care_session=<token>`. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** `cookie` and `x-csrf-token`, for any request (the CSRF header is harmless on reads). */
  headers(): Record<string, string>;
}

export interface SignInOptions {
  /**
   * The client address the requests come from. Default: a new address per call in 198.18.0.0/15 (RFC 2544, for
   * testing), so that many sign-ins in one test file stay under the per-IP sign-in rate limit, as separate
   * browsers would.
   */
  readonly remoteAddress?: string;
}

let clients = 0;
function nextTestAddress(): string {
  clients = (clients + 1) % 65_536;
  return `198.18.${clients >> 8}.${clients & 255}`;
}

function sessionToken(response: LightMyRequestResponse, what: string): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (response.statusCode !== 200 || !cookie)
    throw new Error(`${what} failed: ${response.statusCode} ${response.body}`);
  return cookie.value;
}

/**
 * A TOTP code the server will accept now: the earliest step from the current one on that is not used yet. Never an
 * earlier step: the server checks a moment later, and a 30-second boundary passing in between would put an earlier
 * step outside its window (a flake seen in CI under load). A real authenticator would wait for the next step once
 * all are used; the helper instead forgets the last used step.
 */
async function acceptableCode(app: FastifyInstance, username: string, secret: string): Promise<string> {
  const row = await findUserByUsername(app.store.db, username);
  if (!row) throw new Error(`no user ${username}`);
  const current = totpStep(app.now());
  for (let step = current; step <= current + TOTP_WINDOW_STEPS; step++)
    if (row.totp_last_step === null || step > row.totp_last_step) return totpCodeForStep(secret, step);
  await updateUser(app.store.db, row.id, { totp_last_step: null });
  return totpCodeForStep(secret, current);
}

/** Signs in through POST /api/auth/login (and /api/auth/totp when the account needs it). */
export async function signIn(
  app: FastifyInstance,
  credentials: SignInCredentials,
  options: SignInOptions = {},
): Promise<SignedIn> {
  const remoteAddress = options.remoteAddress ?? nextTestAddress();
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: credentials.username, password: credentials.password },
    remoteAddress,
  });
  let token = sessionToken(login, `sign-in as ${credentials.username}`);
  let view = login.json<SessionView>();
  if (view.secondFactorRequired) {
    if (!credentials.totpSecret) throw new Error(`${credentials.username} needs a TOTP secret to sign in`);
    const totp = await app.inject({
      method: 'POST',
      url: '/api/auth/totp',
      payload: { code: await acceptableCode(app, credentials.username, credentials.totpSecret) },
      headers: { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: view.csrfToken ?? '' },
      remoteAddress,
    });
    token = sessionToken(totp, `TOTP step for ${credentials.username}`);
    view = totp.json<SessionView>();
  }
  const cookie = `${SESSION_COOKIE}=${token}`;
  const csrfToken = view.csrfToken ?? '';
  return { cookie, csrfToken, headers: () => ({ cookie, [CSRF_HEADER]: csrfToken }) };
}

/** Creates a user with the role and signs in as them. */
export async function signInAs(
  app: FastifyInstance,
  role: Role,
  options: Omit<CreateUserOptions, 'role'> = {},
): Promise<SignedIn & TestUser> {
  const testUser = await createUser(app.store, { ...options, role });
  return { ...testUser, ...(await signIn(app, testUser)) };
}
