// Request and response schemas shared by the auth and user routes. Response schemas list every field on purpose:
// a password hash or TOTP secret can never leak through a route that returns a user.

import { z } from 'zod';
import type { User } from './accounts.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.ts';
import { ACTIONS, can, ROLES } from './permissions.ts';
import type { CurrentSession, StartedSession } from './sessions.ts';
import { sessionExpiry } from './sessions.ts';

/** ASCII only, so that case-insensitive matching is the same in JavaScript and in PostgreSQL (and no look-alikes). */
export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@+-]{3,64}$/, '3 to 64 letters, digits or . _ @ + -');

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

/** What is wrong with a new password beyond its length (which `newPasswordSchema` checks), or null. */
export function passwordWeakness(password: string, username: string): string | null {
  return password.toLowerCase().includes(username.trim().toLowerCase())
    ? 'the password must not contain the username'
    : null;
}

export const displayNameSchema = z.string().trim().min(1).max(200);

export const roleSchema = z.enum(ROLES);

export const patientIdSchema = z.string().trim().min(1).max(100);

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  patientId: z.string().nullable(),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export const toUserView = (user: User): z.infer<typeof userView> => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  patientId: user.patientId,
  totpEnabled: user.totpEnabled,
  disabled: user.disabled,
  createdAt: user.createdAt.toISOString(),
});

export const totpEnrolmentView = z
  .object({ secret: z.string(), uri: z.string() })
  .nullable()
  .describe('Shown once: the new TOTP secret and its otpauth:// URI (for a QR code)');

/** What the browser knows about its session. `csrfToken` goes back in the `x-csrf-token` header of every write. */
export const sessionView = z.object({
  authenticated: z.boolean(),
  secondFactorRequired: z.boolean(),
  csrfToken: z.string().optional(),
  user: z
    .object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      role: roleSchema,
      patientId: z.string().nullable(),
      /** What this role may do (permissions.ts), so the web app shows only what the server would allow. */
      actions: z.array(z.enum(ACTIONS)).readonly(),
    })
    .optional(),
  idleExpiresAt: z.string().optional(),
  absoluteExpiresAt: z.string().optional(),
});
export type SessionView = z.infer<typeof sessionView>;

export const SIGNED_OUT: SessionView = { authenticated: false, secondFactorRequired: false };

type Viewable = Pick<StartedSession, 'csrfToken' | 'createdAt' | 'lastSeenAt' | 'secondFactorDone'>;
type ViewableUser = Pick<CurrentSession, 'userId' | 'username' | 'displayName' | 'role' | 'patientId'>;

export function toSessionView(session: Viewable | null, user: ViewableUser | null): SessionView {
  if (!session || !user) return SIGNED_OUT;
  const { idleExpiresAt, absoluteExpiresAt } = sessionExpiry(session);
  return {
    authenticated: session.secondFactorDone,
    secondFactorRequired: !session.secondFactorDone,
    csrfToken: session.csrfToken,
    // Who is signing in is shown only once they have proven it.
    ...(session.secondFactorDone
      ? {
          user: {
            id: user.userId,
            username: user.username,
            displayName: user.displayName,
            role: user.role,
            patientId: user.patientId,
            actions: ACTIONS.filter((action) => can(user.role, action)),
          },
        }
      : {}),
    idleExpiresAt: idleExpiresAt.toISOString(),
    absoluteExpiresAt: absoluteExpiresAt.toISOString(),
  };
}
