// Test and benchmark helper: CDS clients with real keys (generated with jose), the app configured to trust them, and
// tokens signed the way CDS Hooks 2.0 says ("Trusting CDS Clients"), or deliberately not.
//
//   const client = await newCdsClient('RS384');
//   const app = await buildApp({ store, cds: { clients: [client.config], publicBaseUrl: CDS_BASE_URL } });
//   await app.inject({ method: 'GET', url: '/cds-services', headers: await client.headers('/cds-services') });

import { randomUUID } from 'node:crypto';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CdsClientConfig } from '../clients.ts';

/** The public URL the tests' apps are configured with; every token's `aud` starts with it. */
export const CDS_BASE_URL = 'https://clinic.example.org';

export type CdsAlgorithm = 'ES384' | 'RS384';

export interface TokenOptions {
  /** Claims to set or override; `undefined` removes a claim. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Header fields to set or override (alg stays the key's unless given). */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Seconds since the epoch the token claims to be issued at (default: now). */
  readonly iat?: number;
  /** Lifetime in seconds (default 120). */
  readonly lifetime?: number;
}

export interface CdsTestClient {
  readonly iss: string;
  readonly kid: string;
  readonly algorithm: CdsAlgorithm;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** The entry of O3CARE_CDS_CLIENTS with the key inline. */
  readonly config: CdsClientConfig;
  /** A signed token for the endpoint at `path` (`/cds-services/ozone-screen`). */
  token(path: string, options?: TokenOptions): Promise<string>;
  headers(path: string, options?: TokenOptions): Promise<Record<string, string>>;
}

export interface NewClientOptions {
  readonly iss?: string;
  /** The clock tokens are issued by (default: the real one); tests with a fixed app clock pass the same. */
  readonly clock?: () => Date;
}

export async function newCdsClient(
  algorithm: CdsAlgorithm = 'ES384',
  options: NewClientOptions = {},
): Promise<CdsTestClient> {
  const iss = options.iss ?? `https://ehr-${randomUUID().slice(0, 8)}.example.org`;
  const clock = options.clock ?? (() => new Date());
  const nowSeconds = () => Math.floor(clock().getTime() / 1000);
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const kid = `key-${randomUUID().slice(0, 8)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: algorithm, use: 'sig' };
  const token = async (path: string, options: TokenOptions = {}) => {
    const iat = options.iat ?? nowSeconds();
    const payload: JWTPayload = {
      iss,
      aud: `${CDS_BASE_URL}${path}`,
      iat,
      exp: iat + (options.lifetime ?? 120),
      jti: randomUUID(),
    };
    const merged = { ...payload, ...options.claims } as Record<string, unknown>;
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    return new SignJWT(merged)
      .setProtectedHeader({ alg: algorithm, typ: 'JWT', kid, ...options.header })
      .sign(privateKey);
  };
  return {
    iss,
    kid,
    algorithm,
    privateKey,
    publicJwk,
    config: { iss, jwks: { keys: [{ ...publicJwk, kty: String(publicJwk.kty) }] } },
    token,
    headers: async (path, options) => ({ authorization: `Bearer ${await token(path, options)}` }),
  };
}
