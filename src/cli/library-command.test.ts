// `o3care library approve`: only an enabled medical director approves, only a draft is approved, and the approval is
// audited in the director's name. Run in-process through the dispatcher, on an embedded database in a folder.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { createDraftFrom, loadTemplate } from '../server/services/protocol-library.ts';
import type { TestUser } from '../server/testing/auth.ts';
import { createUser } from '../server/testing/auth.ts';
import { verifyAuditChain } from '../store/audit.repository.ts';
import { openStore } from '../store/database.ts';
import { updateUser } from '../store/users.repository.ts';
import { runInProcess } from './testing/run-in-process.ts';

const dataDir = join(mkdtempSync(join(tmpdir(), 'o3care-library-')), 'data');
const AT = new Date('2026-11-27T09:00:00Z');

const o3care = (args: string[]) => runInProcess(args, { env: { DATABASE_URL: '' }, now: AT });

const approve = (version: string, by: string) =>
  o3care(['library', 'approve', '--version', version, '--by', by, '--data-dir', dataDir]);

describe('o3care library approve', () => {
  let director: TestUser;
  let physician: TestUser;
  let formerDirector: TestUser;

  before(async () => {
    const store = await openStore({ dataDir });
    director = await createUser(store, { role: 'medical-director' });
    physician = await createUser(store, { role: 'physician' });
    formerDirector = await createUser(store, { role: 'medical-director' });
    await updateUser(store.db, formerDirector.user.id, { disabled: true });
    await store.db.transaction().execute(async (trx) => {
      const context = { actorId: director.user.id, actorRole: 'medical-director', at: AT };
      const template = await loadTemplate(trx, context);
      await createDraftFrom(trx, context, template.id, {}, { version: 'clinic-1' });
    });
    await store.close();
  });

  test('a physician, a disabled director or an unknown user cannot approve', async () => {
    for (const by of [physician.username, formerDirector.username, 'nobody-here']) {
      const result = await approve('clinic-1', by);
      assert.equal(result.status, 2);
      assert.match(result.stderr, /is not an enabled medical-director account/);
    }
  });

  test('an unknown version is named in the refusal', async () => {
    const result = await approve('clinic-9', director.username);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no library version named clinic-9/);
  });

  test('the medical director approves the draft, audited in their name', async () => {
    const result = await approve('clinic-1', director.username);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /clinic-1 approved by/);
    const store = await openStore({ dataDir, migrate: false });
    try {
      const version = await store.db
        .selectFrom('protocol_library_version')
        .select(['status', 'approved_by'])
        .where('version', '=', 'clinic-1')
        .executeTakeFirstOrThrow();
      assert.deepEqual(version, { status: 'approved', approved_by: director.user.id });
      const row = await store.db
        .selectFrom('audit_event')
        .select(['actor_id', 'actor_role'])
        .where('action', '=', 'library.approve')
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { actor_id: director.user.id, actor_role: 'medical-director' });
      assert.ok((await verifyAuditChain(store.db)).ok);
    } finally {
      await store.close();
    }
  });

  test('an approved version is not approved again', async () => {
    const result = await approve('clinic-1', director.username);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /only a draft is approved/);
  });

  test('the template itself cannot be approved', async () => {
    const result = await approve('template-1', director.username);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /template/);
  });
});
