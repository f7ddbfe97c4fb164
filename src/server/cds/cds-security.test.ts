import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { base64url, SignJWT } from 'jose';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import { signInAs } from '../testing/auth.ts';
import type { CdsTestClient, TokenOptions } from './testing/cds-clients.ts';
import { CDS_BASE_URL, newCdsClient } from './testing/cds-clients.ts';

const DISCOVERY = '/cds-services';
const SCREEN = '/cds-services/ozone-screen';
const NOW = new Date('2026-11-27T09:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const clock = () => NOW;

/** A bare 401: no body to learn from, whatever was wrong. */
function assertBare401(response: LightMyRequestResponse, what: string): void {
  assert.equal(response.statusCode, 401, `${what}: ${response.body}`);
  assert.equal(response.body, '', `${what}: no body`);
  assert.equal(response.headers['www-authenticate'], 'Bearer', what);
}

describe('CDS Hooks security: every call carries a signed JWT from a registered client', () => {
  let store: Store;
  let app: FastifyInstance;
  let es384: CdsTestClient;
  let rs384: CdsTestClient;
  let remote: CdsTestClient;
  let jwksServer: ReturnType<typeof createServer>;

  before(async () => {
    store = await openStore({ dataDir: undefined });
    es384 = await newCdsClient('ES384', { clock });
    rs384 = await newCdsClient('RS384', { clock });
    remote = await newCdsClient('ES384', { clock });
    jwksServer = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [remote.publicJwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    app = await buildApp({
      store,
      now: clock,
      cds: {
        clients: [es384.config, rs384.config, { iss: remote.iss, jwksUrl }],
        publicBaseUrl: CDS_BASE_URL,
      },
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await store.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  const get = (headers: Record<string, string>) => app.inject({ method: 'GET', url: DISCOVERY, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const discoveryWith = async (client: CdsTestClient, options: TokenOptions = {}, path = DISCOVERY) =>
    get(bearer(await client.token(path, options)));

  test('ES384, RS384 and a key fetched from a JWKS URL are accepted', async () => {
    for (const client of [es384, rs384, remote]) {
      const response = await discoveryWith(client);
      assert.equal(response.statusCode, 200, `${client.algorithm} ${client.iss}: ${response.body}`);
    }
  });

  test('no token, or not a bearer token, is refused', async () => {
    assertBare401(await get({}), 'no Authorization header');
    assertBare401(await get({ authorization: `Basic ${btoa('a:b')}` }), 'Basic credentials');
    assertBare401(await get(bearer('not-a-jwt')), 'garbage');
  });

  test('alg none is refused', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: es384.kid }));
    const payload = base64url.encode(
      JSON.stringify({
        iss: es384.iss,
        aud: `${CDS_BASE_URL}${DISCOVERY}`,
        iat: NOW_S,
        exp: NOW_S + 60,
        jti: randomUUID(),
      }),
    );
    assertBare401(await get(bearer(`${header}.${payload}.`)), 'alg none');
  });

  test('HS256, even with the public key as the secret, is refused', async () => {
    for (const secret of [
      new TextEncoder().encode('shared-secret-shared-secret-32by'),
      new TextEncoder().encode(JSON.stringify(es384.publicJwk)),
    ]) {
      const token = await new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: es384.kid })
        .setIssuer(es384.iss)
        .setAudience(`${CDS_BASE_URL}${DISCOVERY}`)
        .setIssuedAt(NOW_S)
        .setExpirationTime(NOW_S + 60)
        .sign(secret);
      assertBare401(await get(bearer(token)), 'HS256');
    }
  });

  test('a wrong audience is refused: another service, another host, or none', async () => {
    assertBare401(await discoveryWith(es384, {}, SCREEN), 'token for ozone-screen used on discovery');
    assertBare401(
      await discoveryWith(es384, { claims: { aud: `https://other.example.org${DISCOVERY}` } }),
      'other host',
    );
    assertBare401(await discoveryWith(es384, { claims: { aud: undefined } }), 'no aud');
    const array = await discoveryWith(es384, { claims: { aud: [`${CDS_BASE_URL}${DISCOVERY}`] } });
    assert.equal(array.statusCode, 200, 'CDS Hooks 2.0 allows aud as an array of the one URL');
  });

  test('expired tokens, tokens issued in the future and overlong tokens are refused', async () => {
    assertBare401(await discoveryWith(es384, { iat: NOW_S - 200, lifetime: 100 }), 'expired 100 s ago');
    assertBare401(await discoveryWith(es384, { iat: NOW_S + 600 }), 'iat ten minutes ahead');
    assertBare401(await discoveryWith(es384, { lifetime: 3600 }), 'valid for an hour');
    assertBare401(await discoveryWith(es384, { claims: { exp: undefined } }), 'no exp');
    assertBare401(await discoveryWith(es384, { claims: { iat: undefined } }), 'no iat');
    const skewed = await discoveryWith(es384, { iat: NOW_S + 10 });
    assert.equal(skewed.statusCode, 200, 'a clock ten seconds fast is within the skew allowed');
  });

  test('a jti is accepted once: a replayed token is refused, and a token without jti too', async () => {
    const token = await es384.token(DISCOVERY);
    assert.equal((await get(bearer(token))).statusCode, 200);
    assertBare401(await get(bearer(token)), 'replayed');
    assertBare401(await discoveryWith(es384, { claims: { jti: undefined } }), 'no jti');
  });

  test('an unknown issuer, a foreign key under a known issuer, and a token without kid are refused', async () => {
    const stranger = await newCdsClient('ES384', { clock });
    assertBare401(await discoveryWith(stranger), 'unknown iss');
    const impostor = await newCdsClient('ES384', { clock, iss: es384.iss });
    assertBare401(await discoveryWith(impostor, { header: { kid: es384.kid } }), 'known iss, wrong key');
    assertBare401(await discoveryWith(es384, { header: { kid: undefined } }), 'no kid');
    assertBare401(await discoveryWith(es384, { header: { typ: 'at+jwt' } }), 'not typ JWT');
  });

  test('a clinic session cookie gives no access to CDS Hooks, and does not stand in for the token', async () => {
    const physician = await signInAs(app, 'physician');
    assertBare401(await get(physician.headers()), 'cookie on discovery');
    const post = await app.inject({ method: 'POST', url: SCREEN, headers: physician.headers(), payload: {} });
    assertBare401(post, 'cookie and CSRF header on a service');
    const both = await app.inject({
      method: 'GET',
      url: DISCOVERY,
      headers: { ...physician.headers(), ...bearer(await es384.token(DISCOVERY)) },
    });
    assert.equal(both.statusCode, 200, 'a valid token works whatever cookie comes with it');
  });

  test('the service and feedback endpoints check the token before reading the body', async () => {
    for (const path of [SCREEN, `${SCREEN}/feedback`]) {
      const response = await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/json' },
        payload: '{not json',
      });
      assertBare401(response, `${path} without a token`);
    }
  });

  test('without a public URL configured, nothing can be verified and everything is refused', async () => {
    const bare = await buildApp({ store, now: clock, cds: { clients: [es384.config] } });
    try {
      assertBare401(
        await bare.inject({ method: 'GET', url: DISCOVERY, headers: bearer(await es384.token(DISCOVERY)) }),
        'no public URL',
      );
    } finally {
      await bare.close();
    }
  });
});
