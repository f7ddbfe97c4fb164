import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/database.ts';
import { openStore } from '../store/database.ts';
import { buildApp } from './app.ts';

describe('the app shell', () => {
  let store: Store;
  let app: FastifyInstance;
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('liveness and readiness answer, readiness after asking the database', async () => {
    assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    assert.deepEqual((await app.inject({ url: '/readyz' })).json(), { status: 'ready', database: 'pglite' });
  });

  test('metrics are served in the Prometheus text format', async () => {
    const response = await app.inject({ url: '/metrics' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /o3care_http_requests_total/);
  });

  test('an unknown route answers a problem+json 404', async () => {
    const response = await app.inject({ url: '/api/nothing-here' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(response.json<{ type: string }>().type, 'https://o3care.org/problems/not-found');
  });

  test('the OpenAPI document is served under /docs and the CSP never upgrades plain HTTP', async () => {
    const response = await app.inject({ url: '/docs/json' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json<{ info: { title: string } }>().info.title, 'o3care API');
    const csp = (await app.inject({ url: '/healthz' })).headers['content-security-policy'];
    assert.ok(typeof csp === 'string' && !csp.includes('upgrade-insecure-requests'), String(csp));
  });
});
