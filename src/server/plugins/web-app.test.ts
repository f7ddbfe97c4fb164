import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';

describe('the web app served at /', () => {
  let store: Store;
  let app: FastifyInstance;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'o3care-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'main-abc123.js'), 'console.log(1)');
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store, webDir: dir, defaultLanguage: 'es' });
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a bookmarked chart page opens the app, which is never cached stale', async () => {
    for (const url of ['/', '/patients/0191e7a0-0000-7000-8000-000000000000/timeline', '/portal/learn']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.match(response.body, /id="root"/);
    }
  });

  test('hashed assets are cached for good and served with the content security policy', async () => {
    const response = await app.inject({ url: '/assets/main-abc123.js' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['cache-control']), /immutable/);
    assert.match(String(response.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(String(response.headers['content-security-policy']), /upgrade-insecure-requests/);
  });

  test('unknown API paths still answer problem+json 404s, not the app', async () => {
    for (const url of ['/api/no-such-route', '/fhir/R4/NoSuchType', '/cds-services/nothing-here']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 404, url);
      assert.doesNotMatch(response.body, /id="root"/, url);
    }
  });

  test('the clinic default language is public and is the one the clinic chose', async () => {
    const response = await app.inject({ url: '/api/clinic' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { defaultLanguage: 'es' });
  });
});
