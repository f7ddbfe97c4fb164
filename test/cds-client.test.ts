// examples/cds-client.ts, the outside CDS Hooks client, run as its own process against a real o3care server over
// HTTP: it generates its key, is registered through O3CARE_CDS_CLIENTS as a clinic would register it, signs its own
// JWTs, and its order-sign calls get the same findings as `o3care check` on the same data (issue 5, "Done when").

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { assertCdsResponse } from '../src/fhir/cds/testing/cds-assertions.ts';
import { buildApp } from '../src/server/app.ts';
import { parseCdsClients } from '../src/server/cds/clients.ts';
import { prefetchFromRecord } from '../src/server/cds/testing/prefetch-from-record.ts';
import { comparableCards, comparableFindings, runCheck } from './cds-check.ts';
import { approvedLibrary } from '../src/server/services/testing/care-fixtures.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';

const ROOT = join(import.meta.dirname, '..');
const ISS = 'https://ehr.example.org';

function client(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['examples/cds-client.ts', ...args],
      { cwd: ROOT, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        });
      },
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const PAIRS = [
  ['knee-oa-patient.record.json', 'knee-oa-order-above-usual-range.order.json'],
  ['mah-patient-after-reaction.record.json', 'mah-order-escalating.order.json'],
  ['new-patient-no-labs.record.json', 'mah-order-concentration-only.order.json'],
] as const;

describe('examples/cds-client.ts: an outside client signing its own JWTs', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  let keyFile: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'o3care-cds-client-'));
    keyFile = join(dir, 'client-key.json');
    const generated = await client(['--generate-key', keyFile, '--iss', ISS]);
    assert.equal(generated.status, 0, generated.stderr);
    const registration = /O3CARE_CDS_CLIENTS='(.*)'/.exec(generated.stdout)?.[1];
    assert.ok(registration, generated.stdout);
    store = await openStore({ dataDir: undefined });
    await approvedLibrary(store.db);
    url = `http://127.0.0.1:${await freePort()}`;
    // One worker thread, as `o3care serve` runs on a machine with a second core (O3CARE_CDS_WORKERS, decision 0016).
    app = await buildApp({
      store,
      cds: { clients: parseCdsClients(registration), publicBaseUrl: url, workers: 1 },
    });
    await app.listen({ port: Number(new URL(url).port), host: '127.0.0.1' });
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [record, order] of PAIRS) {
    test(`order-sign for ${order} gets the findings o3care check gives`, async () => {
      const asOf = new Date();
      const run = await client([
        '--url',
        url,
        '--key',
        keyFile,
        '--iss',
        ISS,
        '--record',
        `examples/${record}`,
        '--order',
        `examples/${order}`,
        '--json',
      ]);
      assert.equal(run.status, 0, run.stderr);
      const cards = assertCdsResponse(JSON.parse(run.stdout));
      const recordJson = JSON.parse(readFileSync(join(ROOT, 'examples', record), 'utf8')) as { entry?: [] };
      // The same data: what the client's prefetch carried (a Consent in the record is not asked for).
      const sent = prefetchFromRecord(recordJson).sent;
      const orderJson: unknown = JSON.parse(readFileSync(join(ROOT, 'examples', order), 'utf8'));
      const expected = await runCheck(sent, orderJson, asOf);
      assert.ok(expected.findings.length > 0);
      assert.deepEqual(comparableCards(cards), comparableFindings(expected));
    });
  }

  test('the human output names each card, and an unregistered key is refused', async () => {
    const run = await client([
      '--url',
      url,
      '--key',
      keyFile,
      '--iss',
      ISS,
      '--record',
      'examples/knee-oa-patient.record.json',
      '--order',
      'examples/knee-oa-order-above-usual-range.order.json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\[CRITICAL\] Total ozone 750 µg/);
    assert.match(run.stdout, /suggestion: Change the concentration to 20 µg\/mL/);
    const otherKey = join(dir, 'other-key.json');
    assert.equal((await client(['--generate-key', otherKey, '--iss', ISS])).status, 0);
    const refused = await client([
      '--url',
      url,
      '--key',
      otherKey,
      '--iss',
      ISS,
      '--record',
      'examples/knee-oa-patient.record.json',
      '--order',
      'examples/knee-oa-order-within-range.order.json',
    ]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /o3care answered 401: \(no body\)/);
  });
});
