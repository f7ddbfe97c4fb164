import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { updateUser } from '../../store/users.repository.ts';
import { buildApp } from '../app.ts';
import { createUser, signInAs } from '../testing/auth.ts';

interface StaffList {
  staff: { id: string; displayName: string; role: string }[];
}

describe('the staff a session can name', () => {
  let store: Store;
  let app: FastifyInstance;
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('a nurse sees the enabled physicians to name one as supervisor, but no patients, admins or disabled accounts', async () => {
    const nurse = await signInAs(app, 'nurse');
    const physician = await createUser(store, { role: 'physician' });
    const retired = await createUser(store, { role: 'physician' });
    await updateUser(store.db, retired.user.id, { disabled: true });
    const admin = await createUser(store, { role: 'admin' });
    const patient = await createUser(store, { role: 'patient' });
    const response = await app.inject({ url: '/api/staff', headers: nurse.headers() });
    assert.equal(response.statusCode, 200, response.body);
    const ids = new Set(response.json<StaffList>().staff.map((member) => member.id));
    assert.ok(ids.has(physician.user.id));
    assert.ok(ids.has(nurse.user.id));
    for (const hidden of [retired, admin, patient]) assert.ok(!ids.has(hidden.user.id));
  });

  test('a coordinator, who does not run sessions, is refused the list', async () => {
    const coordinator = await signInAs(app, 'coordinator');
    const response = await app.inject({ url: '/api/staff', headers: coordinator.headers() });
    assert.equal(response.statusCode, 403);
  });
});
