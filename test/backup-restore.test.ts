// `o3care backup` and `o3care restore` as an operator runs them, while a server keeps taking writes (SPEC-INTEROP §6:
// "consistent backup of the embedded or server database"). Consistent means: the copy is the source as it stood at
// one point of its audit chain — its trail is an exact prefix of the source's, and it holds exactly the accounts whose
// creation is in that prefix — and the copy's chain verifies. The same file restores on either engine, table for table
// (src/store/backup.test.ts runs every engine pair in-process).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { LOCK_FILE } from '../src/cli/server-lock.ts';
import type { TestUser } from '../src/server/testing/auth.ts';
import { createUser } from '../src/server/testing/auth.ts';
import { verifyAuditChain } from '../src/store/audit.repository.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';
import { backupText, tablesOf } from '../src/store/testing/backups.ts';
import type { FreshPostgresDatabase } from '../src/store/testing/stores.ts';
import { createFreshPostgresDatabase } from '../src/store/testing/stores.ts';
import type { HttpSession } from './http-session.ts';
import { call, signInOverHttp } from './http-session.ts';
import type { ServeProcess } from './serve-process.ts';
import { o3care, startServe } from './serve-process.ts';

const adminUrl = process.env.O3CARE_TEST_PG_URL;
const temporaryFolder = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** An administrator creating and renaming accounts as fast as the server answers, until stopped. */
function keepWriting(url: string, session: HttpSession): { stop(): Promise<number> } {
  let running = true;
  let written = 0;
  const loop = (async () => {
    const ids: string[] = [];
    for (let n = 0; running; n++) {
      const id = ids[n % 4];
      const response =
        n % 4 === 0 || id === undefined
          ? await session.request<{ user: { id: string } }>(url, 'POST', '/api/users', {
              username: `writer-${n}`,
              displayName: `writer ${n}`,
              role: 'coordinator',
              password: 'a-writer-password-1',
            })
          : await session.request(url, 'PATCH', `/api/users/${id}`, { displayName: `renamed ${n}` });
      assert.ok(response.status === 200 || response.status === 201, JSON.stringify(response.body));
      if (response.status === 201) ids.push((response.body as { user: { id: string } }).user.id);
      written += 1;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return written;
    },
  };
}

interface AuditLink {
  readonly seq: number;
  readonly hash: string;
}

async function auditLinks(store: Store): Promise<AuditLink[]> {
  const rows = await store.db.selectFrom('audit_event').select(['seq', 'hash']).orderBy('seq').execute();
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
}

/**
 * The copy is the source at one moment: its audit trail up to the restore row is an exact prefix of the source's,
 * and it holds exactly the source accounts whose creation row lies in that prefix.
 */
async function assertSnapshotOf(copy: Store, source: Store): Promise<void> {
  const chain = await verifyAuditChain(copy.db);
  assert.ok(chain.ok, JSON.stringify(chain));
  const restoreRow = await copy.db
    .selectFrom('audit_event')
    .select('seq')
    .where('action', '=', 'database.restore')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  const snapshotHead = Number(restoreRow.seq) - 1;
  const copied = (await auditLinks(copy)).slice(0, snapshotHead);
  const original = await auditLinks(source);
  assert.ok(original.length > snapshotHead, 'writes went on after the backup');
  assert.deepEqual(copied, original.slice(0, snapshotHead));

  const createdBefore = await source.db
    .selectFrom('audit_event')
    .select('resource')
    .where('action', '=', 'user.create')
    .where('seq', '<=', snapshotHead)
    .execute();
  const copiedUsers = await copy.db.selectFrom('app_user').select('id').execute();
  assert.deepEqual(
    copiedUsers.map((u) => `user/${u.id}`).sort(),
    createdBefore.map((r) => r.resource).sort(),
  );
}

/** Every table of the restored copy equals the backup file's; the copy's trail continues the file's. */
async function assertSameTables(copy: Store, backup: string): Promise<void> {
  const original = tablesOf(backup);
  const restored = tablesOf(await backupText(copy));
  assert.deepEqual([...restored.keys()], [...original.keys()]);
  for (const [table, rows] of original) {
    if (table === 'audit_event' || table === 'audit_head') continue;
    assert.deepEqual(restored.get(table), rows, `table ${table}`);
  }
  const trail = original.get('audit_event')!;
  assert.deepEqual(restored.get('audit_event')!.slice(0, trail.length), trail);
}

const readBackupFile = (path: string) => {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
};

async function withStore<T>(open: () => Promise<Store>, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('backup of the embedded database while its server takes writes', () => {
  const folder = temporaryFolder('o3care-backup-');
  const dataDir = join(folder, 'data');
  const backupFile = join(folder, 'clinic.o3care.jsonl.gz');
  let admin: TestUser;
  let server: ServeProcess & { url: string };

  before(async () => {
    await withStore(
      () => openStore({ dataDir }),
      async (store) => {
        admin = await createUser(store, { role: 'admin' });
      },
    );
    server = await startServe({ dataDir });
  });
  after(() => server.stop());

  test('o3care backup is taken by the running server, owner-readable, while writes go on', async () => {
    const session = await signInOverHttp(server.url, admin);
    const writes = keepWriting(server.url, session);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const backup = await o3care(['backup', '--out', backupFile, '--data-dir', dataDir]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const written = await writes.stop();
    assert.equal(backup.status, 0, backup.stderr);
    assert.match(backup.stdout, /taken by the server, pid \d+/);
    assert.equal(statSync(backupFile).mode & 0o777, 0o600);
    assert.ok(written > 10, `only ${written} writes`);
  });

  test('the server refuses a backup request without its secret, and audits the refusal', async () => {
    assert.equal((await call(server.url, 'POST', '/api/admin/backup')).status, 403);
    const wrong = await call(server.url, 'POST', '/api/admin/backup', {
      headers: { 'x-o3care-local-token': 'guessed' },
    });
    assert.equal(wrong.status, 403);
  });

  test('while the server holds the folder, commands that would open it refuse', async () => {
    const restore = await o3care(['restore', backupFile, '--data-dir', dataDir, '--force']);
    assert.equal(restore.status, 1);
    assert.match(restore.stderr, /in use by o3care serve \(pid \d+/);
    const second = await startServe({ dataDir }).catch((error: unknown) => error as Error);
    assert.ok(second instanceof Error && /in use by o3care serve/.test(second.message));
  });

  test('a clean stop releases the folder, and without a server the backup opens it itself', async () => {
    assert.equal(await server.stop(), 0);
    assert.equal(existsSync(join(dataDir, LOCK_FILE)), false);
    const direct = await o3care(['backup', '--out', join(folder, 'direct.jsonl'), '--data-dir', dataDir]);
    assert.equal(direct.status, 0, direct.stderr);
    assert.match(direct.stdout, /backup written to .* \(from .*data\)/);
    await withStore(
      () => openStore({ dataDir, migrate: false }),
      async (store) => {
        const backups = await store.db
          .selectFrom('audit_event')
          .select(['outcome', 'detail'])
          .where('action', '=', 'database.backup')
          .orderBy('seq')
          .execute();
        assert.deepEqual(
          backups.map((b) => [b.outcome, (b.detail as { via: string }).via]),
          [
            ['success', 'server'],
            ['denied', 'server'],
            ['denied', 'server'],
            ['success', 'cli'],
          ],
        );
      },
    );
  });

  test('restored into a new folder, the copy is the source at one point of its audit chain', async () => {
    const copyDir = join(temporaryFolder('o3care-restored-'), 'data');
    const restore = await o3care(['restore', backupFile, '--data-dir', copyDir]);
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /audit chain verified/);
    await withStore(
      () => openStore({ dataDir: copyDir, migrate: false }),
      (copy) =>
        withStore(
          () => openStore({ dataDir, migrate: false }),
          async (source) => {
            await assertSnapshotOf(copy, source);
            await assertSameTables(copy, readBackupFile(backupFile));
          },
        ),
    );

    const again = await o3care(['restore', backupFile, '--data-dir', copyDir]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already holds an o3care record.*--force/);
    const forced = await o3care(['restore', backupFile, '--data-dir', copyDir, '--force']);
    assert.equal(forced.status, 0, forced.stderr);
  });

  test(
    'restored into a new PostgreSQL database, every table equals the backup',
    { skip: !adminUrl },
    async () => {
      const database = await createFreshPostgresDatabase(adminUrl!);
      try {
        const restore = await o3care(['restore', backupFile], { databaseUrl: database.url });
        assert.equal(restore.status, 0, restore.stderr);
        await withStore(
          () => openStore({ url: database.url, migrate: false }),
          (copy) => assertSameTables(copy, readBackupFile(backupFile)),
        );
      } finally {
        await database.drop();
      }
    },
  );
});

describe('backup of a PostgreSQL database while a server takes writes', { skip: !adminUrl }, () => {
  const folder = temporaryFolder('o3care-pg-backup-');
  const backupFile = join(folder, 'clinic.o3care.jsonl');
  let database: FreshPostgresDatabase;
  let source: Store;
  let server: ServeProcess & { url: string };

  before(async () => {
    database = await createFreshPostgresDatabase(adminUrl!);
    source = await openStore({ url: database.url, poolSize: 2 });
    const admin = await createUser(source, { role: 'admin' });
    server = await startServe({ databaseUrl: database.url });
    const session = await signInOverHttp(server.url, admin);
    const writes = keepWriting(server.url, session);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const backup = await o3care(['backup', '--out', backupFile], { databaseUrl: database.url });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writes.stop();
    assert.equal(backup.status, 0, backup.stderr);
  });
  after(async () => {
    await server?.stop();
    await source?.close();
    await database?.drop();
  });

  test('restored into a new PostgreSQL database, the copy is the same snapshot', async () => {
    const target = await createFreshPostgresDatabase(adminUrl!);
    try {
      const restore = await o3care(['restore', backupFile], { databaseUrl: target.url });
      assert.equal(restore.status, 0, restore.stderr);
      await withStore(
        () => openStore({ url: target.url, migrate: false }),
        async (copy) => {
          await assertSnapshotOf(copy, source);
          await assertSameTables(copy, readBackupFile(backupFile));
        },
      );
    } finally {
      await target.drop();
    }
  });
});
