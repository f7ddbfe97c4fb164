import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewUserRow } from './accounts.table.ts';
import type { Store } from './database.ts';
import { testDatabases } from './testing/stores.ts';
import type { ThrottlePolicy } from './users.repository.ts';
import {
  anyEnabledAdmin,
  claimTotpStep,
  clearLoginFailures,
  consumeBootstrapCode,
  findUserByUsername,
  insertUser,
  isUniqueViolation,
  loginLockedUntil,
  recordLoginFailure,
  replaceBootstrapCode,
  updateUser,
} from './users.repository.ts';

const at = new Date('2031-03-01T09:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

const newUser = (overrides: Partial<NewUserRow> = {}): NewUserRow => ({
  id: randomUUID(),
  username: `user-${randomUUID().slice(0, 8)}`,
  display_name: 'Test User',
  role: 'nurse',
  patient_id: null,
  password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
  totp_secret: 'JBSWY3DPEHPK3PXP',
  totp_enabled: true,
  totp_last_step: null,
  disabled: false,
  created_at: at,
  updated_at: at,
  ...overrides,
});

const POLICY: ThrottlePolicy = {
  threshold: 3,
  baseLockMs: 60_000,
  maxLockMs: 4 * 60_000,
  windowMs: 60 * 60_000,
};

for (const database of testDatabases()) {
  describe(`users on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(async () => {
      await store.close();
    });

    test('usernames are unique whatever their case, and found whatever their case', async () => {
      const name = `Nurse.${randomUUID().slice(0, 8)}`;
      const inserted = await insertUser(store.db, newUser({ username: name }));
      await assert.rejects(
        insertUser(store.db, newUser({ username: name.toLowerCase() })),
        isUniqueViolation,
      );
      assert.equal((await findUserByUsername(store.db, ` ${name.toUpperCase()} `))?.id, inserted.id);
      assert.equal(await findUserByUsername(store.db, `${name}x`), undefined);
    });

    test('the database refuses an unknown role, a patient without a record, a clinician with one, TOTP without a secret', async () => {
      await assert.rejects(insertUser(store.db, newUser({ role: 'superuser' })), /check/);
      await assert.rejects(insertUser(store.db, newUser({ role: 'patient', patient_id: null })), /check/);
      await assert.rejects(insertUser(store.db, newUser({ role: 'nurse', patient_id: 'p-1' })), /check/);
      await assert.rejects(insertUser(store.db, newUser({ totp_secret: null, totp_enabled: true })), /check/);
      await assert.rejects(insertUser(store.db, newUser({ username: 'no spaces allowed' })), /check/);
      const patient = await insertUser(store.db, newUser({ role: 'patient', patient_id: randomUUID() }));
      assert.equal(patient.role, 'patient');
    });

    test('a TOTP step is accepted once, and never one earlier than the last accepted', async () => {
      const user = await insertUser(store.db, newUser());
      const step = 70_000_000;
      assert.equal(await claimTotpStep(store.db, user.id, step), true);
      assert.equal(await claimTotpStep(store.db, user.id, step), false);
      assert.equal(await claimTotpStep(store.db, user.id, step - 1), false);
      assert.equal(await claimTotpStep(store.db, user.id, step + 1), true);
      assert.equal((await findUserByUsername(store.db, user.username))?.totp_last_step, step + 1);
      const claims = await Promise.all(
        Array.from({ length: 6 }, () => claimTotpStep(store.db, user.id, step + 2)),
      );
      assert.equal(claims.filter(Boolean).length, 1, 'concurrent claims of one step: exactly one wins');
    });

    test('failed sign-ins lock a username (known or not) after the threshold, doubling up to the cap', async () => {
      const name = `ghost-${randomUUID().slice(0, 8)}`;
      assert.deepEqual(await recordLoginFailure(store.db, name, at, POLICY), {
        failures: 1,
        lockedUntil: null,
      });
      assert.deepEqual(await recordLoginFailure(store.db, name.toUpperCase(), later(1000), POLICY), {
        failures: 2,
        lockedUntil: null,
      });
      assert.equal(await loginLockedUntil(store.db, name, later(1000)), null);
      const third = await recordLoginFailure(store.db, name, later(2000), POLICY);
      assert.deepEqual(third, { failures: 3, lockedUntil: later(62_000) });
      assert.deepEqual(await loginLockedUntil(store.db, name, later(3000)), later(62_000));
      assert.equal(await loginLockedUntil(store.db, name, later(62_000)), null, 'the lock expires by itself');
      assert.deepEqual(
        (await recordLoginFailure(store.db, name, later(70_000), POLICY)).lockedUntil,
        later(190_000),
      );
      assert.deepEqual(
        (await recordLoginFailure(store.db, name, later(80_000), POLICY)).lockedUntil,
        later(320_000),
      );
      assert.deepEqual(
        (await recordLoginFailure(store.db, name, later(90_000), POLICY)).lockedUntil,
        later(330_000),
      );
      await clearLoginFailures(store.db, name);
      assert.equal(await loginLockedUntil(store.db, name, later(90_000)), null);
    });

    test('failures an hour apart start the count again, and concurrent failures all count', async () => {
      const name = `spray-${randomUUID().slice(0, 8)}`;
      await recordLoginFailure(store.db, name, at, POLICY);
      await recordLoginFailure(store.db, name, at, POLICY);
      const afterQuietHour = await recordLoginFailure(store.db, name, later(60 * 60_000 + 1), POLICY);
      assert.equal(afterQuietHour.failures, 1);
      const other = `burst-${randomUUID().slice(0, 8)}`;
      const states = await Promise.all(
        Array.from({ length: 8 }, () => recordLoginFailure(store.db, other, at, POLICY)),
      );
      assert.deepEqual(
        states.map((s) => s.failures).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
    });

    test('a bootstrap code is used once, only before it expires, and a new code withdraws the old', async () => {
      assert.equal(await anyEnabledAdmin(store.db), false);
      await replaceBootstrapCode(store.db, 'a'.repeat(64), at, later(1000));
      await replaceBootstrapCode(store.db, 'b'.repeat(64), at, later(1000));
      assert.equal(await consumeBootstrapCode(store.db, 'a'.repeat(64), at), false, 'withdrawn');
      assert.equal(await consumeBootstrapCode(store.db, 'b'.repeat(64), later(1000)), false, 'expired');
      const uses = await Promise.all([1, 2, 3].map(() => consumeBootstrapCode(store.db, 'b'.repeat(64), at)));
      assert.deepEqual(uses.filter(Boolean).length, 1);
      assert.equal(await consumeBootstrapCode(store.db, 'b'.repeat(64), at), false, 'used');
    });

    test('a disabled administrator does not count as one', async () => {
      const admin = await insertUser(
        store.db,
        newUser({ role: 'admin', totp_secret: null, totp_enabled: false }),
      );
      assert.equal(await anyEnabledAdmin(store.db), true);
      await updateUser(store.db, admin.id, { disabled: true });
      assert.equal(await anyEnabledAdmin(store.db), false);
    });
  });
}
