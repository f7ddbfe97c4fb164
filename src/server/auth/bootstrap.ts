// The first administrator (issue 3 §2): while no enabled admin exists, the server prints a one-time code at start; the
// code, stored only as its hash and valid for 24 hours, creates the first admin through POST /api/auth/bootstrap.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../store/audit.repository.ts';
import type { Store } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';
import {
  anyEnabledAdmin,
  consumeBootstrapCode,
  insertUser,
  isUniqueViolation,
  replaceBootstrapCode,
} from '../../store/users.repository.ts';
import { HttpProblem } from '../problem.ts';
import type { User } from './accounts.ts';
import { toUser } from './accounts.ts';
import type { AuditContext } from './audit-context.ts';
import { auditEntry } from './audit-context.ts';
import { sha256Hex } from './tokens.ts';
import { base32Encode } from './totp.ts';

export const BOOTSTRAP_CODE_TTL_MS = 24 * 60 * 60_000;

/** Codes are read off a console and typed: case, dashes and spaces do not matter. */
export const normalizeBootstrapCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

const hashCode = (code: string): string => sha256Hex(`o3care-bootstrap:${normalizeBootstrapCode(code)}`);

/**
 * Called by `o3care serve` at start. When no enabled administrator exists, issues a new one-time code (160 random
 * bits as 8 groups of 4 base32 characters), withdrawing any earlier unused code, and returns it for printing.
 */
export async function ensureBootstrap(
  store: Store,
  now: Date = new Date(),
): Promise<{ code: string } | null> {
  if (await anyEnabledAdmin(store.db)) return null;
  const raw = base32Encode(randomBytes(20));
  const code = raw.match(/.{4}/g)!.join('-');
  await replaceBootstrapCode(store.db, hashCode(code), now, new Date(now.getTime() + BOOTSTRAP_CODE_TTL_MS));
  return { code };
}

export interface FirstAdmin {
  readonly code: string;
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
}

/**
 * Creates the first administrator and uses up the code, in one transaction. Null when the code is unknown, used or
 * expired, or an administrator exists already.
 */
export async function redeemBootstrap(
  db: Kysely<Database>,
  admin: FirstAdmin,
  context: AuditContext,
): Promise<User | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (await anyEnabledAdmin(trx)) return null;
      if (!(await consumeBootstrapCode(trx, hashCode(admin.code), context.at))) return null;
      const row = await insertUser(trx, {
        id: crypto.randomUUID(),
        username: admin.username,
        display_name: admin.displayName,
        role: 'admin',
        patient_id: null,
        password_hash: admin.passwordHash,
        totp_secret: null,
        totp_enabled: false,
        totp_last_step: null,
        disabled: false,
        created_at: context.at,
        updated_at: context.at,
      });
      await appendAudit(
        trx,
        auditEntry(context, {
          actorId: row.id,
          actorRole: 'admin',
          action: 'user.bootstrap',
          outcome: 'success',
          resource: `user/${row.id}`,
        }),
        context.at,
      );
      return toUser(row);
    });
  } catch (error) {
    throw isUniqueViolation(error) ? new HttpProblem('conflict', 'the username is taken') : error;
  }
}
