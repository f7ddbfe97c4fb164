// User accounts: the one place rows become users (role checked against the permission table), and the account
// changes an administrator makes, each written together with its audit row.

import type { Kysely, Updateable } from 'kysely';
import type { AppUserTable, UserRow } from '../../store/accounts.table.ts';
import { appendAudit } from '../../store/audit.repository.ts';
import type { Database } from '../../store/schema.ts';
import { deleteSessionsOfUser } from '../../store/sessions.repository.ts';
import {
  findUserById,
  insertUser,
  isUniqueViolation,
  lockEnabledAdmins,
  updateUser,
} from '../../store/users.repository.ts';
import { badRequest, HttpProblem } from '../problem.ts';
import type { AuditContext } from './audit-context.ts';
import { auditEntry } from './audit-context.ts';
import type { Role } from './permissions.ts';
import { CLINICAL_ROLES, isRole } from './permissions.ts';
import { newTotpSecret, otpauthUri } from './totp.ts';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** For role `patient`: the patient record this account belongs to. */
  readonly patientId: string | null;
  readonly totpEnabled: boolean;
  readonly disabled: boolean;
  readonly createdAt: Date;
}

export function toUser(row: UserRow): User {
  if (!isRole(row.role)) throw new Error(`user ${row.id} has an unknown role`);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    patientId: row.patient_id,
    totpEnabled: row.totp_enabled,
    disabled: row.disabled,
    createdAt: row.created_at,
  };
}

export const isClinicalRole = (role: Role): boolean => CLINICAL_ROLES.includes(role);

/** Clinical roles always sign in with a second factor; other accounts do when they have enrolled one. */
export const requiresSecondFactor = (user: Pick<User, 'role' | 'totpEnabled'>): boolean =>
  user.totpEnabled || isClinicalRole(user.role);

/** Shown once, when the secret is issued: the admin hands it (or the URI as a QR code) to the user. */
export interface TotpEnrolment {
  readonly secret: string;
  readonly uri: string;
}

const enrolment = (secret: string | null, username: string): TotpEnrolment | null =>
  secret === null ? null : { secret, uri: otpauthUri(secret, username) };

export interface AccountWithEnrolment {
  readonly user: User;
  readonly totp: TotpEnrolment | null;
}

export interface NewAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly patientId: string | null;
  readonly passwordHash: string;
  /** Enrol a second factor for a non-clinical account (clinical accounts always get one). */
  readonly enableTotp?: boolean;
}

function checkPatientLink(role: Role, patientId: string | null): void {
  if (role === 'patient' && patientId === null)
    throw badRequest('$.body.patientId', 'a patient account needs the patient record it belongs to');
  if (role !== 'patient' && patientId !== null)
    throw badRequest('$.body.patientId', 'only patient accounts belong to a patient record');
}

const usernameTaken = (error: unknown): unknown =>
  isUniqueViolation(error) ? new HttpProblem('conflict', 'the username is taken') : error;

export async function createAccount(
  db: Kysely<Database>,
  account: NewAccount,
  context: AuditContext,
): Promise<AccountWithEnrolment> {
  checkPatientLink(account.role, account.patientId);
  const secret = isClinicalRole(account.role) || account.enableTotp === true ? newTotpSecret() : null;
  try {
    const row = await db.transaction().execute(async (trx) => {
      const inserted = await insertUser(trx, {
        id: crypto.randomUUID(),
        username: account.username,
        display_name: account.displayName,
        role: account.role,
        patient_id: account.patientId,
        password_hash: account.passwordHash,
        totp_secret: secret,
        totp_enabled: secret !== null,
        totp_last_step: null,
        disabled: false,
        created_at: context.at,
        updated_at: context.at,
      });
      await appendAudit(
        trx,
        auditEntry(context, {
          action: 'user.create',
          outcome: 'success',
          resource: `user/${inserted.id}`,
          detail: { role: account.role, totp: secret !== null },
        }),
        context.at,
      );
      return inserted;
    });
    return { user: toUser(row), totp: enrolment(secret, row.username) };
  } catch (error) {
    throw usernameTaken(error);
  }
}

export interface AccountChange {
  readonly displayName?: string;
  readonly role?: Role;
  readonly patientId?: string | null;
  readonly disabled?: boolean;
  /** Issue a new TOTP secret (lost phone); the old one stops working. */
  readonly resetTotp?: boolean;
  /** A new password set by an administrator (forgotten password). */
  readonly passwordHash?: string;
}

/**
 * Applies an administrator's change. Disabling, a new role, a new password or a new TOTP secret end the user's
 * sessions. The last enabled administrator cannot be disabled or demoted (nobody could manage users afterwards).
 * Undefined when no such user exists.
 */
export async function updateAccount(
  db: Kysely<Database>,
  id: string,
  change: AccountChange,
  context: AuditContext,
): Promise<AccountWithEnrolment | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await findUserById(trx, id);
    if (!row) return undefined;
    const current = toUser(row);
    const role = change.role ?? current.role;
    // Leaving the patient role drops the link; any other role given a patient record is refused.
    const patientId =
      change.patientId !== undefined ? change.patientId : role === 'patient' ? current.patientId : null;
    checkPatientLink(role, patientId);

    const disabled = change.disabled ?? current.disabled;
    if (current.role === 'admin' && !current.disabled && (role !== 'admin' || disabled)) {
      const admins = await lockEnabledAdmins(trx);
      if (admins.length <= 1 && admins.includes(id))
        throw new HttpProblem(
          'conflict',
          'the last enabled administrator cannot be disabled or given another role',
        );
    }

    const issueTotp = change.resetTotp === true || (isClinicalRole(role) && !current.totpEnabled);
    const secret = issueTotp ? newTotpSecret() : null;
    const patch: Updateable<AppUserTable> = {
      updated_at: context.at,
      role,
      patient_id: patientId,
      disabled,
      ...(change.displayName !== undefined ? { display_name: change.displayName } : {}),
      ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
      ...(secret !== null ? { totp_secret: secret, totp_enabled: true, totp_last_step: null } : {}),
    };
    const updated = toUser((await updateUser(trx, id, patch))!);

    const changed = [
      ...(updated.displayName !== current.displayName ? ['displayName'] : []),
      ...(updated.role !== current.role ? ['role'] : []),
      ...(updated.patientId !== current.patientId ? ['patientId'] : []),
      ...(updated.disabled !== current.disabled ? ['disabled'] : []),
      ...(secret !== null ? ['totp'] : []),
      ...(change.passwordHash !== undefined ? ['password'] : []),
    ];
    const endsSessions = changed.some((field) => ['role', 'disabled', 'totp', 'password'].includes(field));
    const endedSessions = endsSessions ? await deleteSessionsOfUser(trx, id) : 0;
    await appendAudit(
      trx,
      auditEntry(context, {
        action: 'user.update',
        outcome: 'success',
        resource: `user/${id}`,
        detail: { changed, role: updated.role, disabled: updated.disabled, endedSessions },
      }),
      context.at,
    );
    return { user: updated, totp: enrolment(secret, updated.username) };
  });
}
