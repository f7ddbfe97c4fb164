import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Store } from './database.ts';
import { appendAudit, canonicalJson, verifyAuditChain } from './audit.repository.ts';
import { testDatabases } from './testing/stores.ts';

for (const database of testDatabases()) {
  describe(`audit trail on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(async () => {
      await store.close();
    });

    const append = (action: string, patientId = 'p1') =>
      store.db.transaction().execute((trx) =>
        appendAudit(trx, {
          action,
          patientId,
          outcome: 'success',
          actorId: 'u1',
          detail: { b: 1, a: [2, { z: 1, y: 2 }] },
        }),
      );

    test('an empty chain verifies', async () => {
      assert.deepEqual(await verifyAuditChain(store.db), { ok: true, rows: 0, headHash: '0'.repeat(64) });
    });

    test('rows appended one after another, and concurrently, form one unbroken chain', async () => {
      for (let i = 0; i < 5; i++) await append('patient.read');
      await Promise.all(Array.from({ length: 20 }, (_, i) => append(`patient.write.${i}`, `p${i % 3}`)));
      const result = await verifyAuditChain(store.db);
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.rows, 25);
    });

    test('the database refuses UPDATE, DELETE and TRUNCATE on audit rows', async () => {
      await assert.rejects(
        sql`update audit_event set action = 'x' where seq = 1`.execute(store.db),
        /append-only/,
      );
      await assert.rejects(sql`delete from audit_event where seq = 1`.execute(store.db), /append-only/);
      await assert.rejects(sql`truncate audit_event`.execute(store.db), /append-only/);
    });

    test('an audit row written in a transaction that rolls back leaves no trace', async () => {
      const before = await verifyAuditChain(store.db);
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await appendAudit(trx, { action: 'patient.write', outcome: 'success' });
          throw new Error('the change failed');
        }),
      );
      assert.deepEqual(await verifyAuditChain(store.db), before);
    });

    test('editing a row directly in the database is detected at that row', async () => {
      const ok = await verifyAuditChain(store.db);
      assert.equal(ok.ok, true);
      // A superuser with the trigger switched off: exactly the tampering the chain exists to reveal.
      await sql`alter table audit_event disable trigger user`.execute(store.db);
      await sql`update audit_event set actor_id = 'someone-else' where seq = 7`.execute(store.db);
      await sql`alter table audit_event enable trigger user`.execute(store.db);
      const broken = await verifyAuditChain(store.db);
      assert.equal(broken.ok, false);
      assert.equal(broken.ok ? 0 : broken.brokenAt, 7);
    });
  });
}

describe('canonical JSON', () => {
  test('sorts keys at every depth so jsonb key order cannot change a hash', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: null } }),
      '{"a":{"c":null,"d":[1,{"e":2,"f":1}]},"b":1}',
    );
  });
});
