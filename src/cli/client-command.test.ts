// `o3care client create | revoke | list`: an administrator creates a FHIR system client whose token is printed once
// and stored only as its SHA-256; bad input exits 2; revoking is audited and shows in the listing. Run in-process
// through the dispatcher, on a fresh PostgreSQL database when the test run has one (else an embedded one).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestUser } from '../server/testing/auth.ts';
import { createUser } from '../server/testing/auth.ts';
import { openStore } from '../store/database.ts';
import type { FreshPostgresDatabase } from '../store/testing/stores.ts';
import { createFreshPostgresDatabase } from '../store/testing/stores.ts';
import { runInProcess } from './testing/run-in-process.ts';

const AT = new Date('2026-11-27T09:00:00Z');

describe('o3care client', () => {
  let database: FreshPostgresDatabase | undefined;
  let where: { readonly env: NodeJS.ProcessEnv; readonly args: string[] };
  let admin: TestUser;
  let physician: TestUser;

  const o3care = (args: string[]) => runInProcess([...args, ...where.args], { env: where.env, now: AT });
  const open = () =>
    database === undefined
      ? openStore({ dataDir: where.args[1] })
      : openStore({ url: database.url, migrate: true });

  before(async () => {
    const adminUrl = process.env.O3CARE_TEST_PG_URL;
    if (adminUrl) {
      database = await createFreshPostgresDatabase(adminUrl);
      where = { env: { DATABASE_URL: database.url }, args: [] };
    } else {
      where = {
        env: { DATABASE_URL: '' },
        args: ['--data-dir', join(mkdtempSync(join(tmpdir(), 'o3care-client-')), 'data')],
      };
    }
    const store = await open();
    admin = await createUser(store, { role: 'admin' });
    physician = await createUser(store, { role: 'physician' });
    await store.close();
  });
  after(async () => {
    await database?.drop();
  });

  test('create prints the token once; only its SHA-256 is stored; revoke is audited and listed', async () => {
    const created = await o3care([
      'client',
      'create',
      '--name',
      'hospital-ehr',
      '--role',
      'physician',
      '--by',
      admin.username,
    ]);
    assert.equal(created.status, 0, created.stderr);
    const token = /^(o3c_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1];
    assert.ok(token, created.stdout);
    assert.match(created.stdout, /expires 2027-02-25T09:00:00\.000Z/, 'the default lifetime is 90 days');

    const store = await open();
    try {
      const row = await store.db.selectFrom('api_client').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.token_hash, createHash('sha256').update(token).digest('hex'));
      assert.ok(!JSON.stringify(row).includes(token));

      const again = await o3care([
        'client',
        'create',
        '--name',
        'HOSPITAL-EHR',
        '--role',
        'nurse',
        '--by',
        admin.username,
      ]);
      assert.equal(again.status, 2, 'a live client of the same name exists');

      const revoked = await o3care(['client', 'revoke', '--name', 'hospital-ehr', '--by', admin.username]);
      assert.equal(revoked.status, 0, revoked.stderr);
      const listed = await o3care(['client', 'list']);
      assert.match(listed.stdout, /^hospital-ehr\tphysician\trevoked\t/m);
      const actions = await store.db
        .selectFrom('audit_event')
        .select(['action', 'actor_id'])
        .where('action', 'like', 'api-client.%')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        actions.map((a) => [a.action, a.actor_id]),
        [
          ['api-client.create', admin.user.id],
          ['api-client.revoke', admin.user.id],
        ],
      );
    } finally {
      await store.close();
    }
  });

  test('bad input exits 2 with one clear line: a patient role, a non-admin, a missing name, a bad lifetime', async () => {
    for (const args of [
      ['client', 'create', '--name', 'x', '--role', 'patient', '--by', admin.username],
      ['client', 'create', '--name', 'x', '--role', 'physician', '--by', physician.username],
      ['client', 'create', '--role', 'physician', '--by', admin.username],
      [
        'client',
        'create',
        '--name',
        'x',
        '--role',
        'physician',
        '--by',
        admin.username,
        '--expires-in-days',
        '0',
      ],
      ['client', 'create', '--name', 'bad name', '--role', 'physician', '--by', admin.username],
      ['client', 'revoke', '--name', 'nobody', '--by', admin.username],
      ['client', 'rotate'],
    ]) {
      const result = await o3care(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /^o3care client/, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1);
    }
  });
});
