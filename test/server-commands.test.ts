// The database commands, run as a newcomer would: migrate, audit verify (and its tamper detection), serve.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../src/store/database.ts';
import { appendAudit } from '../src/store/audit.repository.ts';

const ROOT = join(import.meta.dirname, '..');

function o3care(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/main.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
      (error, stdout, stderr) =>
        resolve({
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        }),
    );
  });
}

describe('database commands on the embedded database', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'o3care-cmd-')), 'data');

  test('migrate applies every migration once, then reports the database up to date', async () => {
    const first = await o3care(['migrate', '--data-dir', dataDir]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /applied \d+ migration\(s\): 0001-audit/);
    const second = await o3care(['migrate', '--data-dir', dataDir]);
    assert.match(second.stdout, /up to date/);
  });

  test('audit verify passes on an intact chain and names the first row edited behind its back', async () => {
    const store = await openStore({ dataDir });
    for (let i = 0; i < 3; i++) {
      await store.db
        .transaction()
        .execute((trx) => appendAudit(trx, { action: 'patient.read', patientId: 'p1', outcome: 'success' }));
    }
    await store.close();
    const intact = await o3care(['audit', 'verify', '--data-dir', dataDir]);
    assert.equal(intact.status, 0, intact.stderr);
    assert.match(intact.stdout, /verified: 3 rows/);

    const tamper = await openStore({ dataDir });
    await sql`alter table audit_event disable trigger user`.execute(tamper.db);
    await sql`update audit_event set patient_id = 'p2' where seq = 2`.execute(tamper.db);
    await sql`alter table audit_event enable trigger user`.execute(tamper.db);
    await tamper.close();
    const broken = await o3care(['audit', 'verify', '--data-dir', dataDir]);
    assert.equal(broken.status, 3);
    assert.match(broken.stdout, /BROKEN at row 2/);
  });

  test('audit without "verify" is a usage error', async () => {
    const result = await o3care(['audit', 'check', '--data-dir', dataDir]);
    assert.equal(result.status, 2);
  });

  test('serve starts on a fresh folder, prints the one-time admin code, answers /readyz and stops on SIGTERM', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'o3care-serve-')), 'data');
    const child = spawn(process.execPath, ['src/cli/main.ts', 'serve', '--port', '0', '--data-dir', fresh], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', O3CARE_LOG: 'off' },
    });
    let stdout = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /serving (http:\/\/[^\s]+)/.exec(stdout);
        if (match && /one-time code/.test(stdout)) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${stdout}`)));
    });
    const ready = (await (await fetch(`${address}/readyz`)).json()) as { status: string };
    assert.equal(ready.status, 'ready');
    assert.match(stdout, /[A-Z2-7]{4}(-[A-Z2-7]{4}){7}/);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  });
});
