import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Store } from './database.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  deleteSessionsOfUser,
  findSessionWithUser,
  insertSession,
  touchSession,
} from './sessions.repository.ts';
import { testDatabases } from './testing/stores.ts';
import { insertUser } from './users.repository.ts';

const at = new Date('2031-03-01T09:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);
const sessionId = () => createHash('sha256').update(randomUUID()).digest('hex');

for (const database of testDatabases()) {
  describe(`sessions on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(async () => {
      await store.close();
    });

    async function userWithSessions(count: number, createdAt = at) {
      const user = await insertUser(store.db, {
        id: randomUUID(),
        username: `physician-${randomUUID().slice(0, 8)}`,
        display_name: 'Dr Test',
        role: 'physician',
        patient_id: null,
        password_hash: 'x',
        totp_secret: 'JBSWY3DPEHPK3PXP',
        totp_enabled: true,
        totp_last_step: null,
        disabled: false,
        created_at: at,
        updated_at: at,
      });
      const ids = Array.from({ length: count }, sessionId);
      for (const id of ids)
        await insertSession(store.db, {
          id,
          user_id: user.id,
          created_at: createdAt,
          last_seen_at: createdAt,
          csrf_token: randomUUID(),
          second_factor_done: true,
          ip: '192.0.2.1',
          user_agent: 'test',
        });
      return { user, ids };
    }

    test('a session is found by its id with the user fields a request needs', async () => {
      const { user, ids } = await userWithSessions(1);
      const found = await findSessionWithUser(store.db, ids[0]!);
      assert.equal(found?.user_id, user.id);
      assert.equal(found?.username, user.username);
      assert.equal(found?.display_name, 'Dr Test');
      assert.equal(found?.role, 'physician');
      assert.equal(found?.user_disabled, false);
      assert.equal(found?.second_factor_done, true);
      assert.deepEqual(found?.created_at, at);
      assert.equal(await findSessionWithUser(store.db, sessionId()), undefined);
    });

    test('touching moves last_seen_at; deleting removes exactly one session', async () => {
      const { ids } = await userWithSessions(2);
      await touchSession(store.db, ids[0]!, later(60_000));
      assert.deepEqual((await findSessionWithUser(store.db, ids[0]!))?.last_seen_at, later(60_000));
      assert.equal(await deleteSession(store.db, ids[0]!), true);
      assert.equal(await deleteSession(store.db, ids[0]!), false);
      assert.ok(await findSessionWithUser(store.db, ids[1]!));
    });

    test("ending a user's sessions can keep the current one", async () => {
      const { user, ids } = await userWithSessions(3);
      assert.equal(await deleteSessionsOfUser(store.db, user.id, ids[0]), 2);
      assert.ok(await findSessionWithUser(store.db, ids[0]!));
      assert.equal(await deleteSessionsOfUser(store.db, user.id), 1);
    });

    test('the sweep removes idle and over-age sessions and keeps the rest', async () => {
      const old = await userWithSessions(1, later(-13 * 3600_000));
      const idle = await userWithSessions(1, later(-20 * 60_000));
      const fresh = await userWithSessions(1, later(-60_000));
      await touchSession(store.db, old.ids[0]!, at);
      await deleteExpiredSessions(store.db, {
        idleBefore: later(-15 * 60_000),
        createdBefore: later(-12 * 3600_000),
      });
      assert.equal(await findSessionWithUser(store.db, old.ids[0]!), undefined, 'older than 12 h');
      assert.equal(await findSessionWithUser(store.db, idle.ids[0]!), undefined, 'idle 20 min');
      assert.ok(await findSessionWithUser(store.db, fresh.ids[0]!));
    });

    test("deleting a user deletes the user's sessions", async () => {
      const { user, ids } = await userWithSessions(1);
      await store.db.deleteFrom('app_user').where('id', '=', user.id).execute();
      assert.equal(await findSessionWithUser(store.db, ids[0]!), undefined);
    });
  });
}
