// The CDS clients o3care trusts (SPEC-INTEROP §3): `O3CARE_CDS_CLIENTS` is a JSON array of
// `{ "iss": "...", "jwks": { "keys": [...] } }` (keys inline) or `{ "iss": "...", "jwksUrl": "https://..." }`
// (fetched, cached and refreshed by jose's createRemoteJWKSet). Keys are only ever taken from here: a token's `jku`
// header is not followed, so a caller cannot point o3care at keys of its own choosing (CDS Hooks 2.0 asks services
// to allow-list `iss` and `jku`; o3care allow-lists the key location itself).

import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import { z } from 'zod';

const keySchema = z.looseObject({ kty: z.string().min(1) });

const clientSchema = z.union([
  z.strictObject({
    iss: z.string().min(1).max(2048),
    jwks: z.strictObject({ keys: z.array(keySchema).min(1) }),
  }),
  z.strictObject({ iss: z.string().min(1).max(2048), jwksUrl: z.url() }),
]);

export type CdsClientConfig = z.infer<typeof clientSchema>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A JWKS over plain HTTP could be swapped on the way; only a loopback address (tests, a local proxy) may use it. */
function checkJwksUrl(url: string, index: number): void {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)) return;
  throw new Error(`O3CARE_CDS_CLIENTS[${index}].jwksUrl must be https (http only on loopback)`);
}

/** Reads and checks the configuration; an Error names the first problem (never a key). */
export function parseCdsClients(json: string): CdsClientConfig[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('O3CARE_CDS_CLIENTS is not JSON');
  }
  const parsed = z.array(clientSchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = (issue?.path ?? []).map((key) =>
      typeof key === 'number' ? `[${key}]` : `.${String(key)}`,
    );
    throw new Error(`O3CARE_CDS_CLIENTS${where.join('')}: ${issue?.message ?? 'invalid'}`);
  }
  const seen = new Set<string>();
  parsed.data.forEach((client, index) => {
    if (seen.has(client.iss)) throw new Error(`O3CARE_CDS_CLIENTS[${index}].iss is listed twice`);
    seen.add(client.iss);
    if ('jwksUrl' in client) checkJwksUrl(client.jwksUrl, index);
  });
  return parsed.data;
}

/** Each allowed issuer's key set: built once, so remote sets keep their cache between calls. */
export function keySetsOf(clients: readonly CdsClientConfig[]): ReadonlyMap<string, JWTVerifyGetKey> {
  return new Map(
    clients.map((client): [string, JWTVerifyGetKey] => [
      client.iss,
      'jwks' in client
        ? createLocalJWKSet(client.jwks as JSONWebKeySet)
        : // Refetched at most every 10 minutes, or sooner when a token names a kid the cached set lacks (after a
          // 30-second cooldown): clients can rotate keys without a restart.
          createRemoteJWKSet(new URL(client.jwksUrl), { cacheMaxAge: 600_000, cooldownDuration: 30_000 }),
    ]),
  );
}
