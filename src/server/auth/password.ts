// Password hashing with argon2id through node's crypto.argon2 (Node ≥ 24.7), stored as a PHC string.
// Parameters: the OWASP Password Storage Cheat Sheet's minimum for argon2id — 19 MiB of memory, 2 iterations,
// parallelism 1 (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).

import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Argon2Cost {
  /** Memory in KiB. */
  readonly memoryKiB: number;
  readonly passes: number;
  readonly parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Cost = { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 };

const SALT_BYTES = 16;
const TAG_BYTES = 32;
/** Argon2 version 0x13, the only one node implements. */
const VERSION = 19;

/** Passwords users choose: long enough for a password-only account (OWASP ASVS 2.1.1), short enough to bound work. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The same text typed on different keyboards can arrive composed or decomposed (NIST SP 800-63B §5.1.1.2).
const normalize = (password: string): string => password.normalize('NFKC');

function derive(password: string, salt: Buffer, cost: Argon2Cost, tagLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    argon2(
      'argon2id',
      {
        message: normalize(password),
        nonce: salt,
        memory: cost.memoryKiB,
        passes: cost.passes,
        parallelism: cost.parallelism,
        tagLength,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** PHC strings use unpadded standard base64. */
const b64 = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, cost: Argon2Cost = OWASP_ARGON2ID): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const tag = await derive(password, salt, cost, TAG_BYTES);
  return `$argon2id$v=${VERSION}$m=${cost.memoryKiB},t=${cost.passes},p=${cost.parallelism}$${b64(salt)}$${b64(tag)}`;
}

const PHC =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,}={0,2})\$([A-Za-z0-9+/]{22,}={0,2})$/;

interface ParsedHash {
  readonly cost: Argon2Cost;
  readonly salt: Buffer;
  readonly tag: Buffer;
}

function parseHash(phc: string): ParsedHash | null {
  const match = PHC.exec(phc);
  if (!match) return null;
  const [, m, t, p, salt, tag] = match as unknown as [string, string, string, string, string, string];
  const cost = { memoryKiB: Number(m), passes: Number(t), parallelism: Number(p) };
  // Bounds keep a tampered row from making one sign-in cost seconds or gigabytes.
  if (cost.memoryKiB > 1024 * 1024 || cost.passes < 1 || cost.parallelism < 1) return null;
  return { cost, salt: Buffer.from(salt, 'base64'), tag: Buffer.from(tag, 'base64') };
}

/** True when the password matches the stored PHC string; false for a wrong password or an unreadable hash. */
export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const parsed = parseHash(phc);
  if (!parsed) return false;
  const tag = await derive(password, parsed.salt, parsed.cost, parsed.tag.length);
  return timingSafeEqual(tag, parsed.tag);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as verifying a real password and answers false. Used when the username does not exist, so
 * that the response time does not tell which usernames do.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}
