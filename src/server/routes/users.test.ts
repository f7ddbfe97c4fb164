import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { verifyAuditChain } from '../../store/audit.repository.ts';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import type { Role } from '../auth/permissions.ts';
import { ROLES } from '../auth/permissions.ts';
import type { SessionView } from '../auth/schemas.ts';
import type { SignedIn } from '../testing/auth.ts';
import { createUser, signIn, signInAs } from '../testing/auth.ts';

interface Account {
  user: {
    id: string;
    username: string;
    role: Role;
    patientId: string | null;
    disabled: boolean;
    totpEnabled: boolean;
  };
  totp: { secret: string; uri: string } | null;
}

for (const database of testDatabases()) {
  describe(`user administration on ${database.name}`, () => {
    let store: Store;
    let app: FastifyInstance;
    let admin: SignedIn;
    before(async () => {
      store = await database.open();
      app = await buildApp({ store });
      admin = await signInAs(app, 'admin');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const create = (body: Record<string, unknown>, as: SignedIn = admin) =>
      app.inject({ method: 'POST', url: '/api/users', headers: as.headers(), payload: body });
    const patch = (id: string, body: Record<string, unknown>, as: SignedIn = admin) =>
      app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: as.headers(), payload: body });
    const newName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

    test('only administrators may list, create or change users', async () => {
      const target = await createUser(store, { role: 'nurse' });
      for (const role of ROLES.filter((r) => r !== 'admin')) {
        const session = await signInAs(app, role);
        const attempts = [
          await app.inject({ url: '/api/users', headers: session.headers() }),
          await create(
            { username: newName('x'), displayName: 'X', role: 'nurse', password: 'long enough pw 1' },
            session,
          ),
          await patch(target.user.id, { disabled: true }, session),
        ];
        for (const response of attempts) {
          assert.equal(response.statusCode, 403, `${role}: ${response.body}`);
          assert.equal(response.json<{ type: string }>().type, 'https://o3care.org/problems/forbidden');
        }
      }
      assert.equal((await app.inject({ url: '/api/users' })).statusCode, 401, 'signed out');
      assert.equal((await app.inject({ url: '/api/users', headers: admin.headers() })).statusCode, 200);
    });

    test('a new physician gets a TOTP secret shown once, and signs in with it', async () => {
      const username = newName('Dr.Ada');
      const response = await create({
        username,
        displayName: 'Dr Ada',
        role: 'physician',
        password: 'stethoscope-42-x',
      });
      assert.equal(response.statusCode, 201, response.body);
      const { user, totp } = response.json<Account>();
      assert.equal(user.role, 'physician');
      assert.equal(user.totpEnabled, true);
      assert.match(totp?.secret ?? '', /^[A-Z2-7]{32}$/);
      assert.equal(
        totp?.uri,
        `otpauth://totp/o3care%3A${encodeURIComponent(username)}?secret=${totp?.secret}&issuer=o3care&algorithm=SHA1&digits=6&period=30`,
      );

      const listed = await app.inject({ url: '/api/users', headers: admin.headers() });
      assert.ok(listed.json<{ users: Account['user'][] }>().users.some((u) => u.id === user.id));
      assert.equal(listed.body.includes(totp.secret), false, 'the secret is never shown again');
      assert.equal(listed.body.includes('argon2'), false, 'nor any password hash');

      const session = await signIn(app, { username, password: 'stethoscope-42-x', totpSecret: totp.secret });
      assert.equal(
        (await app.inject({ url: '/api/auth/session', headers: session.headers() })).json<SessionView>().user
          ?.role,
        'physician',
      );
    });

    test('usernames are unique whatever their case', async () => {
      const username = newName('Coordinator');
      const body = { displayName: 'C', role: 'coordinator', password: 'a long password 1' };
      assert.equal((await create({ ...body, username })).statusCode, 201);
      const again = await create({ ...body, username: username.toUpperCase() });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json<{ type: string }>().type, 'https://o3care.org/problems/conflict');
    });

    test('a patient account must name its patient record, and no other account may', async () => {
      const base = { displayName: 'P', password: 'a long password 1' };
      const missing = await create({ ...base, username: newName('p'), role: 'patient' });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json<{ errors: { path: string }[] }>().errors[0]?.path, '$.body.patientId');
      const stray = await create({ ...base, username: newName('n'), role: 'nurse', patientId: 'patient-1' });
      assert.equal(stray.statusCode, 400);
      const patient = await create({
        ...base,
        username: newName('p'),
        role: 'patient',
        patientId: 'patient-7',
      });
      assert.equal(patient.statusCode, 201);
      assert.equal(patient.json<Account>().user.patientId, 'patient-7');
      assert.equal(patient.json<Account>().totp, null, 'patients have no second factor unless asked');
    });

    test('bad input names each bad field', async () => {
      const response = await create({ username: 'a b', displayName: '', role: 'surgeon', password: 'short' });
      assert.equal(response.statusCode, 400);
      const paths = response
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort();
      assert.deepEqual(paths, ['$.body.displayName', '$.body.password', '$.body.role', '$.body.username']);
      assert.equal((await patch(randomUUID(), {})).statusCode, 400, 'nothing to change');
      assert.equal((await patch('not-a-uuid', { disabled: true })).statusCode, 400);
      assert.equal((await patch(randomUUID(), { disabled: true })).statusCode, 404);
    });

    test('disabling a user ends their sessions and refuses their sign-in like a wrong password', async () => {
      const nurse = await createUser(store, { role: 'nurse' });
      const session = await signIn(app, nurse);
      const response = await patch(nurse.user.id, { disabled: true });
      assert.equal(response.json<Account>().user.disabled, true);
      const after = await app.inject({ url: '/api/auth/session', headers: session.headers() });
      assert.equal(after.json<SessionView>().authenticated, false);
      await assert.rejects(signIn(app, nurse), /401/);
      await patch(nurse.user.id, { disabled: false });
      await signIn(app, nurse);
    });

    test('a new TOTP secret replaces the old one, and moving to a clinical role issues one', async () => {
      const nurse = await createUser(store, { role: 'nurse' });
      const reset = await patch(nurse.user.id, { resetTotp: true });
      const secret = reset.json<Account>().totp?.secret;
      assert.ok(secret && secret !== nurse.totpSecret);
      await assert.rejects(signIn(app, nurse), /TOTP step .* failed: 401/);
      await signIn(app, { ...nurse, totpSecret: secret });

      const patient = await createUser(store, { role: 'patient' });
      const promoted = await patch(patient.user.id, { role: 'coordinator' });
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.equal(promoted.json<Account>().user.patientId, null, 'leaving the patient role drops the link');
      const issued = promoted.json<Account>().totp?.secret;
      assert.ok(issued);
      await signIn(app, { ...patient, totpSecret: issued });
    });

    test('the last enabled administrator cannot be disabled or demoted', async () => {
      const second = await createUser(store, { role: 'admin' });
      const others = (await app.inject({ url: '/api/users', headers: admin.headers() }))
        .json<{ users: Account['user'][] }>()
        .users.filter((u) => u.role === 'admin' && !u.disabled && u.id !== second.user.id);
      // Leave `second` as the only enabled admin, then try to remove it.
      const secondSession = await signIn(app, second);
      for (const other of others)
        assert.equal((await patch(other.id, { disabled: true }, secondSession)).statusCode, 200);
      for (const change of [{ disabled: true }, { role: 'physician' }]) {
        const refused = await patch(second.user.id, change, secondSession);
        assert.equal(refused.statusCode, 409, refused.body);
      }
      for (const other of others)
        assert.equal((await patch(other.id, { disabled: false }, secondSession)).statusCode, 200);
      admin = await signIn(app, await createUser(store, { role: 'admin' }));
    });

    test('every change is audited, without passwords or secrets, and the chain holds', async () => {
      const created = await create({
        username: newName('n'),
        displayName: 'N',
        role: 'nurse',
        password: 'audited password 1',
      });
      const { user, totp } = created.json<Account>();
      await patch(user.id, { role: 'physician', password: 'another password 2' });
      const rows = await store.db
        .selectFrom('audit_event')
        .select(['action', 'resource', 'actor_role', 'detail'])
        .where('resource', '=', `user/${user.id}`)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.action, r.actor_role]),
        [
          ['user.create', 'admin'],
          ['user.update', 'admin'],
        ],
      );
      assert.deepEqual((rows[1]?.detail as { changed: string[] }).changed, ['role', 'password']);
      const trail = JSON.stringify(rows);
      for (const secret of ['audited password 1', 'another password 2', totp!.secret, 'argon2'])
        assert.equal(trail.includes(secret), false, secret);
      assert.equal((await verifyAuditChain(store.db)).ok, true);
    });
  });
}
