import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Store } from './database.ts';
import {
  approveLibraryVersion,
  findCurrentApproved,
  findLibraryVersionByName,
} from './protocol-library.repository.ts';
import {
  addLibraryVersion,
  AT,
  auditActionsSince,
  auditHead,
  CLINICIAN,
  inTransaction,
} from './testing/records.ts';
import { testDatabases } from './testing/stores.ts';

for (const database of testDatabases()) {
  describe(`protocol library versions on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(async () => {
      await store.close();
    });

    test('a draft is approved once, audited, and becomes the current approved version', async () => {
      const start = await auditHead(store.db);
      const draft = await inTransaction(store.db, (trx) => addLibraryVersion(trx, 'draft', 'clinic-1'));
      const approved = await inTransaction(store.db, (trx) =>
        approveLibraryVersion(trx, CLINICIAN, { id: draft.id, approvedBy: 'md-1', approvedAt: AT }),
      );
      assert.equal(approved?.status, 'approved');
      assert.equal(approved?.approved_by, 'md-1');
      const twice = await inTransaction(store.db, (trx) =>
        approveLibraryVersion(trx, CLINICIAN, { id: draft.id, approvedBy: 'md-2', approvedAt: AT }),
      );
      assert.equal(twice, undefined);
      assert.equal((await findCurrentApproved(store.db))?.id, draft.id);
      assert.deepEqual(await auditActionsSince(store.db, start), ['library.create-draft', 'library.approve']);
    });

    test('the newest approval is the current version', async () => {
      const second = await inTransaction(store.db, (trx) => addLibraryVersion(trx, 'draft', 'clinic-2'));
      await inTransaction(store.db, (trx) =>
        approveLibraryVersion(trx, CLINICIAN, {
          id: second.id,
          approvedBy: 'md-1',
          approvedAt: new Date(AT.getTime() + 1000),
        }),
      );
      assert.equal((await findCurrentApproved(store.db))?.version, 'clinic-2');
    });

    test('an approval dated at or before the latest one is dated just after it, so it is the current version', async () => {
      const latest = await findCurrentApproved(store.db);
      assert.ok(latest?.approved_at);
      for (const [name, approvedAt] of [
        ['same-instant', latest.approved_at],
        ['clock-behind', new Date(latest.approved_at.getTime() - 60_000)],
      ] as const) {
        const draft = await inTransaction(store.db, (trx) => addLibraryVersion(trx, 'draft', name));
        const before = (await findCurrentApproved(store.db))?.approved_at;
        const approved = await inTransaction(store.db, (trx) =>
          approveLibraryVersion(trx, CLINICIAN, { id: draft.id, approvedBy: 'md-1', approvedAt }),
        );
        assert.equal((await findCurrentApproved(store.db))?.version, name);
        assert.ok(before && approved?.approved_at && approved.approved_at.getTime() > before.getTime());
      }
    });

    test('an approved version, and the template, refuse any UPDATE or DELETE even by raw SQL', async () => {
      const template = await inTransaction(store.db, (trx) =>
        addLibraryVersion(trx, 'template', 'template-1'),
      );
      const approved = await findLibraryVersionByName(store.db, 'clinic-1');
      assert.ok(approved);
      await assert.rejects(
        sql`update protocol_library_version set library = '{}' where id = ${approved.id}`.execute(store.db),
        /is approved: it cannot change/,
      );
      await assert.rejects(
        sql`update protocol_library_version set status = 'draft' where id = ${approved.id}`.execute(store.db),
        /cannot change/,
      );
      await assert.rejects(
        sql`update protocol_library_version set library = '{}' where id = ${template.id}`.execute(store.db),
        /is template: it cannot change/,
      );
      await assert.rejects(
        sql`delete from protocol_library_version where id = ${approved.id}`.execute(store.db),
        /never deleted/,
      );
    });

    test('a draft cannot be approved without an approver, nor turned into a template', async () => {
      const draft = await inTransaction(store.db, (trx) => addLibraryVersion(trx, 'draft'));
      await assert.rejects(
        sql`update protocol_library_version set status = 'approved' where id = ${draft.id}`.execute(store.db),
        /check constraint/,
      );
      await assert.rejects(
        sql`update protocol_library_version set status = 'template' where id = ${draft.id}`.execute(store.db),
        /keeps its identity/,
      );
    });
  });
}
