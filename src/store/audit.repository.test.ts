import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Store } from './database.ts';
import type { AuditContext } from './audit-context.ts';
import { audit, withDeferredAudit } from './audit-context.ts';
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

    const ACTOR: AuditContext = { actorId: 'u2', actorRole: 'physician', requestId: 'r1' };
    const actionsAfter = async (seq: number) =>
      (
        await store.db
          .selectFrom('audit_event')
          .select(['action', 'seq'])
          .where('seq', '>', seq)
          .orderBy('seq')
          .execute()
      ).map((row) => row.action);
    const headSeq = async (db: Kysely<Database> = store.db) =>
      Number((await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);

    test('deferred rows are appended in order when the work ends, and not at all when it throws', async () => {
      const start = await headSeq();
      await store.db.transaction().execute((trx) =>
        withDeferredAudit(trx, async () => {
          await audit(trx, ACTOR, 'deferred.first', { patientId: 'p1' });
          await audit(trx, ACTOR, 'deferred.second', { patientId: 'p1' });
          assert.equal(await headSeq(trx), start, 'nothing is appended while the work runs');
        }),
      );
      assert.deepEqual(await actionsAfter(start), ['deferred.first', 'deferred.second']);
      await assert.rejects(
        store.db.transaction().execute((trx) =>
          withDeferredAudit(trx, async () => {
            await audit(trx, ACTOR, 'deferred.lost');
            throw new Error('refused');
          }),
        ),
        /refused/,
      );
      assert.deepEqual(await actionsAfter(start), ['deferred.first', 'deferred.second']);
      const verified = await verifyAuditChain(store.db);
      assert.equal(verified.ok, true, JSON.stringify(verified));
    });

    if (database.name === 'postgres') {
      test(
        'a transaction that deferred its rows does not hold up another until it appends them',
        { timeout: 60_000 },
        async () => {
          let release!: () => void;
          const held = new Promise<void>((resolve) => (release = resolve));
          let audited!: () => void;
          const firstAudited = new Promise<void>((resolve) => (audited = resolve));
          const first = store.db.transaction().execute((trx) =>
            withDeferredAudit(trx, async () => {
              await audit(trx, ACTOR, 'deferred.slow-read', { patientId: 'p1' });
              audited();
              await held;
            }),
          );
          await firstAudited;
          // Appended one by one, this second transaction would wait for the first's lock on the chain head until it
          // commits, which it does only after this one finished: the test would hang. Deferred, it commits at once.
          await store.db
            .transaction()
            .execute((trx) =>
              withDeferredAudit(trx, () => audit(trx, ACTOR, 'deferred.quick-read', { patientId: 'p2' })),
            );
          release();
          await first;
          const verified = await verifyAuditChain(store.db);
          assert.equal(verified.ok, true, JSON.stringify(verified));
        },
      );
    }

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
