// Random tokens (session cookies, CSRF tokens), their stored form, and comparison that takes the same time however
// many leading characters match.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** What `newToken` produces; anything else is not worth a database lookup. */
export const isTokenShaped = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Constant-time string equality; hashing first makes the lengths equal, so length is not revealed either. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
