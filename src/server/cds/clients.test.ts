import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCdsClients } from './clients.ts';
import { ReplayCache } from './replay-cache.ts';

const KEY = { kty: 'EC', crv: 'P-384', x: 'x', y: 'y', kid: 'k1' };

describe('O3CARE_CDS_CLIENTS', () => {
  test('accepts inline key sets and https JWKS URLs', () => {
    const clients = parseCdsClients(
      JSON.stringify([
        { iss: 'https://ehr.example.org', jwks: { keys: [KEY] } },
        { iss: 'https://other.example.org', jwksUrl: 'https://other.example.org/jwks.json' },
      ]),
    );
    assert.deepEqual(
      clients.map((c) => c.iss),
      ['https://ehr.example.org', 'https://other.example.org'],
    );
  });

  test('refuses what could not be trusted, naming where, never echoing a key', () => {
    const refused: [unknown, RegExp][] = [
      ['not json', /not JSON/],
      [{ iss: 'a' }, /expected array/],
      [[{ iss: 'a', jwks: { keys: [] } }], /O3CARE_CDS_CLIENTS\[0\]/],
      [[{ iss: 'a', jwksUrl: 'http://keys.example.org/jwks.json' }], /must be https/],
      [
        [
          { iss: 'a', jwks: { keys: [KEY] } },
          { iss: 'a', jwksUrl: 'https://a.example.org/jwks' },
        ],
        /\[1\]\.iss is listed twice/,
      ],
    ];
    for (const [value, message] of refused) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      assert.throws(() => parseCdsClients(text), message, text);
    }
    assert.ok(
      parseCdsClients(JSON.stringify([{ iss: 'a', jwksUrl: 'http://127.0.0.1:8080/jwks' }])).length === 1,
    );
  });
});

describe('the jti replay cache', () => {
  test('accepts a jti once until its token expires, per issuer, and forgets expired ones', () => {
    const cache = new ReplayCache({ sweepEveryMs: 1000 });
    assert.equal(cache.claim('a', 'j1', 10_000, 0), true);
    assert.equal(cache.claim('a', 'j1', 10_000, 5_000), false, 'replayed before expiry');
    assert.equal(cache.claim('b', 'j1', 10_000, 5_000), true, 'another issuer may use the same jti');
    assert.equal(cache.size, 2);
    assert.equal(cache.claim('c', 'j2', 30_000, 20_000), true, 'a claim after expiry sweeps the expired');
    assert.equal(cache.size, 1);
  });
});
