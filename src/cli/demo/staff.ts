// The demo clinic's accounts, made the way a real clinic makes them: the first administrator through the one-time
// bootstrap code, who then enrols a second factor and creates the others (clinical roles always get TOTP; the patient
// account enrols it too). Passwords are generated, printed once by the command and stored only as argon2id hashes.

import { randomBytes } from 'node:crypto';
import type { TotpEnrolment, User } from '../../server/auth/accounts.ts';
import { createAccount, updateAccount } from '../../server/auth/accounts.ts';
import type { AuditContext } from '../../server/auth/audit-context.ts';
import { ensureBootstrap, redeemBootstrap } from '../../server/auth/bootstrap.ts';
import { hashPassword } from '../../server/auth/password.ts';
import type { Role } from '../../server/auth/permissions.ts';
import { base32Encode } from '../../server/auth/totp.ts';
import type { Store } from '../../store/database.ts';

export type StaffRole = Exclude<Role, 'patient'>;

export interface DemoAccount {
  readonly user: User;
  /** In clear only in memory, to be printed once. */
  readonly password: string;
  readonly totp: TotpEnrolment;
}

export type DemoStaff = Readonly<Record<StaffRole, DemoAccount>>;

/** Every demo account's username starts with this, so that they are easy to tell from real ones. */
export const DEMO_USERNAME_PREFIX = 'demo-';

export const STAFF_MEMBERS: readonly {
  readonly role: StaffRole;
  readonly username: string;
  readonly displayName: string;
}[] = [
  { role: 'admin', username: 'demo-admin', displayName: 'Iván Soler (clinic administrator)' },
  { role: 'medical-director', username: 'demo-director', displayName: 'Dr Elena Sanz (medical director)' },
  { role: 'physician', username: 'demo-physician', displayName: 'Dr Pablo Ortiz' },
  { role: 'nurse', username: 'demo-nurse', displayName: 'Sofía Marín, RN' },
  { role: 'coordinator', username: 'demo-coordinator', displayName: 'Marta Gil (patient coordinator)' },
];

export const PATIENT_USERNAME = 'demo-patient';

/** 120 random bits as five groups of five base32 letters and digits, e.g. `k3m7q-…`: easy to type, hard to guess. */
function newPassword(): string {
  return base32Encode(randomBytes(16)).slice(0, 25).toLowerCase().match(/.{5}/g)!.join('-');
}

const contextOf = (user: User | null, at: Date): AuditContext => ({
  actorId: user?.id ?? null,
  actorRole: user?.role ?? null,
  sourceIp: null,
  requestId: 'o3care-demo',
  at,
});

function enrolled(account: { user: User; totp: TotpEnrolment | null }, password: string): DemoAccount {
  if (account.totp === null) throw new Error(`no second factor was enrolled for ${account.user.username}`);
  return { user: account.user, password, totp: account.totp };
}

/** Creates the five staff accounts on an empty clinic, the administrator first. */
export async function createStaff(store: Store, at: Date): Promise<DemoStaff> {
  const passwords = STAFF_MEMBERS.map(() => newPassword());
  const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
  const [adminMember, ...others] = STAFF_MEMBERS.map((member, i) => ({
    ...member,
    password: passwords[i]!,
    passwordHash: hashes[i]!,
  }));
  if (!adminMember) throw new Error('the demo staff list has no administrator');

  const bootstrap = await ensureBootstrap(store, at);
  if (!bootstrap) throw new Error('the clinic has an administrator already');
  const admin = await redeemBootstrap(
    store.db,
    {
      code: bootstrap.code,
      username: adminMember.username,
      displayName: adminMember.displayName,
      passwordHash: adminMember.passwordHash,
    },
    contextOf(null, at),
  );
  if (!admin) throw new Error('the bootstrap code was not accepted');
  const adminAtWork = contextOf(admin, at);
  const adminTotp = await updateAccount(store.db, admin.id, { resetTotp: true }, adminAtWork);
  if (!adminTotp) throw new Error('the administrator vanished');

  const staff: Partial<Record<StaffRole, DemoAccount>> = {
    admin: enrolled(adminTotp, adminMember.password),
  };
  for (const member of others) {
    const account = await createAccount(
      store.db,
      {
        username: member.username,
        displayName: member.displayName,
        role: member.role,
        patientId: null,
        passwordHash: member.passwordHash,
      },
      adminAtWork,
    );
    staff[member.role] = enrolled(account, member.password);
  }
  return staff as DemoStaff;
}

/** The portal account of one demo patient, created by the administrator (with a second factor, as an option). */
export async function createPatientAccount(
  store: Store,
  admin: User,
  patient: { readonly id: string; readonly displayName: string },
  at: Date,
): Promise<DemoAccount> {
  const password = newPassword();
  const account = await createAccount(
    store.db,
    {
      username: PATIENT_USERNAME,
      displayName: patient.displayName,
      role: 'patient',
      patientId: patient.id,
      passwordHash: await hashPassword(password),
      enableTotp: true,
    },
    contextOf(admin, at),
  );
  return enrolled(account, password);
}
