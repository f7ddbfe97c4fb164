// Scale-out (issue 3, DESIGN.md Stack): app servers are stateless, so two `o3care serve` processes on one PostgreSQL
// database are one clinic. A session started on one is honoured by the other, including its CSRF token; signing out
// on one ends it on both; and both servers' audit rows form one hash chain.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../src/server/testing/auth.ts';
import type { TestUser } from '../src/server/testing/auth.ts';
import { verifyAuditChain } from '../src/store/audit.repository.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';
import type { FreshPostgresDatabase } from '../src/store/testing/stores.ts';
import { createFreshPostgresDatabase } from '../src/store/testing/stores.ts';
import type { HttpSession } from './http-session.ts';
import { call, signInOverHttp } from './http-session.ts';
import type { ServeProcess } from './serve-process.ts';
import { startServe } from './serve-process.ts';

const adminUrl = process.env.O3CARE_TEST_PG_URL;

describe('two app servers on one PostgreSQL database', { skip: !adminUrl }, () => {
  let database: FreshPostgresDatabase;
  let store: Store;
  let a: ServeProcess & { url: string };
  let b: ServeProcess & { url: string };
  let admin: TestUser;
  let session: HttpSession;

  before(async () => {
    database = await createFreshPostgresDatabase(adminUrl!);
    // Both start at once on the empty database: each applies the migrations it finds missing, under the
    // migrator's lock, so one of them does the work and the other finds it done.
    [a, b] = await Promise.all([
      startServe({ databaseUrl: database.url }),
      startServe({ databaseUrl: database.url }),
    ]);
    store = await openStore({ url: database.url, poolSize: 2, migrate: false });
    admin = await createUser(store, { role: 'admin' });
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await store?.close();
    await database?.drop();
  });

  test('a session started through server A reads and writes through server B', async () => {
    session = await signInOverHttp(a.url, admin);
    const listed = await session.request<{ users: { username: string }[] }>(b.url, 'GET', '/api/users');
    assert.equal(listed.status, 200);
    assert.ok(listed.body.users.some((u) => u.username === admin.username));

    const created = await session.request<{ user: { id: string; username: string } }>(
      b.url,
      'POST',
      '/api/users',
      {
        username: 'nurse-on-b',
        displayName: 'Created through B',
        role: 'nurse',
        password: 'a-nurse-password-1',
      },
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const seenOnA = await session.request<{ users: { username: string }[] }>(a.url, 'GET', '/api/users');
    assert.ok(seenOnA.body.users.some((u) => u.username === 'nurse-on-b'));
  });

  test('server B checks the CSRF token of a session it did not start', async () => {
    const forged = await call(b.url, 'POST', '/api/users', {
      body: { username: 'forged-user', displayName: 'x', role: 'nurse', password: 'a-forged-password-1' },
      headers: { cookie: session.cookie, 'x-csrf-token': 'not-the-token' },
    });
    assert.equal(forged.status, 403);
  });

  test('both servers write concurrently into one audit hash chain', async () => {
    const writes = Array.from({ length: 16 }, (_, i) =>
      session.request(i % 2 === 0 ? a.url : b.url, 'POST', '/api/users', {
        username: `both-${i}`,
        displayName: `Written through ${i % 2 === 0 ? 'A' : 'B'}`,
        role: 'coordinator',
        password: 'a-coordinator-password-1',
      }),
    );
    for (const response of await Promise.all(writes)) assert.equal(response.status, 201);
    const chain = await verifyAuditChain(store.db);
    assert.ok(chain.ok, JSON.stringify(chain));
    const creations = await store.db
      .selectFrom('audit_event')
      .select('seq')
      .where('action', '=', 'user.create')
      .execute();
    assert.equal(creations.length, 1 + 1 + 16); // the admin, the nurse, and the concurrent ones
  });

  test('signing out through B ends the session on A', async () => {
    const out = await session.request(b.url, 'POST', '/api/auth/logout');
    assert.equal(out.status, 200);
    const onA = await session.request<{ authenticated: boolean }>(a.url, 'GET', '/api/auth/session');
    assert.equal(onA.body.authenticated, false);
    const read = await session.request(a.url, 'GET', '/api/users');
    assert.equal(read.status, 401);

    const chain = await verifyAuditChain(store.db);
    assert.ok(chain.ok, JSON.stringify(chain));
    const trail = await store.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['login.success', 'logout'])
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      trail.map((row) => row.action),
      ['login.success', 'logout'],
    );
  });
});
