// Verifies the JWT every CDS Hooks call carries (CDS Hooks 2.0, "Trusting CDS Clients"; SPEC-INTEROP §3), with jose:
// signed with ES384 or RS384 only (never `none`, never HMAC, which 2.0 forbids), `typ` JWT and a `kid`, `iss` on the
// allow-list and verified with that issuer's keys only, `aud` exactly the endpoint URL called, `exp` and `iat`
// present and current within a small clock skew, a lifetime of at most five minutes, and a `jti` never seen before.
// The answer is the issuer or nothing: callers refuse with a bare 401 whatever the reason.

import type { JWTVerifyGetKey } from 'jose';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { ReplayCache } from './replay-cache.ts';

export const CDS_ALGORITHMS = ['ES384', 'RS384'];

export interface CdsJwtOptions {
  readonly keySets: ReadonlyMap<string, JWTVerifyGetKey>;
  readonly now: () => Date;
  /** Clock skew allowed on `exp` and `iat`, seconds. Default 30. */
  readonly clockToleranceSeconds?: number;
  /** Longest token lifetime (`exp` − `iat`) and oldest `iat` accepted, seconds. Default 300. */
  readonly maxLifetimeSeconds?: number;
}

export interface VerifiedClient {
  readonly iss: string;
  readonly jti: string;
}

/** Why a token was refused, for the operator's log: never the token or its claims. */
export type Refusal = 'malformed' | 'unknown-issuer' | 'invalid' | 'lifetime' | 'replayed';

export type VerifyResult =
  | { readonly ok: true; readonly client: VerifiedClient }
  | { readonly ok: false; readonly reason: Refusal; readonly code?: string };

const MAX_JTI = 256;

export function cdsJwtVerifier(options: CdsJwtOptions) {
  const tolerance = options.clockToleranceSeconds ?? 30;
  const maxLifetime = options.maxLifetimeSeconds ?? 300;
  const replays = new ReplayCache();

  return async function verifyCdsJwt(token: string, audience: string): Promise<VerifyResult> {
    let iss: unknown;
    try {
      // Unverified reads, only to choose the issuer's keys; nothing is trusted before jwtVerify.
      iss = decodeJwt(token).iss;
      // CDS Hooks 2.0 makes `kid` REQUIRED; without it a key set of one key would match anything.
      if (typeof decodeProtectedHeader(token).kid !== 'string') return { ok: false, reason: 'malformed' };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const keySet = typeof iss === 'string' ? options.keySets.get(iss) : undefined;
    if (typeof iss !== 'string' || keySet === undefined) return { ok: false, reason: 'unknown-issuer' };
    const now = options.now();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        algorithms: CDS_ALGORITHMS,
        issuer: iss,
        audience,
        typ: 'JWT',
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        // maxTokenAge makes jose require `iat` and refuse one in the future (beyond the tolerance).
        maxTokenAge: maxLifetime,
        clockTolerance: tolerance,
        currentDate: now,
      }));
    } catch (error) {
      return {
        ok: false,
        reason: 'invalid',
        ...(error instanceof errors.JOSEError ? { code: error.code } : {}),
      };
    }
    const { exp, iat, jti } = payload;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI)
      return { ok: false, reason: 'invalid' };
    // A token valid for hours would sit in the replay cache for hours; CDS Hooks tokens are per call.
    if (exp === undefined || iat === undefined || exp - iat > maxLifetime)
      return { ok: false, reason: 'lifetime' };
    const nowMs = now.getTime();
    if (!replays.claim(iss, jti, (exp + tolerance) * 1000, nowMs)) return { ok: false, reason: 'replayed' };
    return { ok: true, client: { iss, jti } };
  };
}

export type CdsJwtVerifier = ReturnType<typeof cdsJwtVerifier>;
