import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  base32Decode,
  base32Encode,
  hotp,
  matchTotpStep,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpCodeForStep,
  totpStep,
} from './totp.ts';

const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238)', () => {
  test('HOTP matches the RFC 4226 Appendix D test values', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expected.forEach((code, counter) => assert.equal(hotp(RFC_KEY, counter), code, `counter ${counter}`));
  });

  test('TOTP with SHA-1 matches the RFC 6238 Appendix B test vectors', () => {
    const vectors: [seconds: number, code: string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors)
      assert.equal(hotp(RFC_KEY, totpStep(new Date(seconds * 1000)), 8), code, `T = ${seconds}`);
    // The same vectors at 6 digits are the last six, as authenticator apps show them.
    assert.equal(totpCode(base32Encode(RFC_KEY), new Date(59_000)), '287082');
  });

  test('base32 follows RFC 4648 §10 and round-trips', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [text, encoded] of vectors) {
      assert.equal(base32Encode(Buffer.from(text)), encoded);
      assert.equal(base32Decode(encoded).toString(), text);
    }
    assert.equal(base32Decode('mzxw 6ytb oi======').toString(), 'foobar');
    assert.throws(() => base32Decode('MZXW1'), /not a base32 character/);
    const secret = newTotpSecret();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(base32Encode(base32Decode(secret)), secret);
  });

  test('a code is accepted one step either side of the server clock, and not two', () => {
    const secret = newTotpSecret();
    const now = new Date('2031-05-04T10:00:10Z');
    const step = totpStep(now);
    for (const offset of [-1, 0, 1])
      assert.equal(matchTotpStep(secret, totpCodeForStep(secret, step + offset), now), step + offset);
    for (const offset of [-2, 2]) {
      const code = totpCodeForStep(secret, step + offset);
      // A code from outside the window can coincide with one inside it (1 in 10⁶); skip that case.
      if ([-1, 0, 1].some((o) => totpCodeForStep(secret, step + o) === code)) continue;
      assert.equal(matchTotpStep(secret, code, now), null, `offset ${offset}`);
    }
    assert.equal(matchTotpStep(secret, '12345', now), null);
    assert.equal(matchTotpStep(secret, 'abcdef', now), null);
  });

  test('the otpauth URI names issuer, account, algorithm, digits and period', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'dr.who@clinic'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/o3care:dr.who@clinic');
    assert.deepEqual(Object.fromEntries(uri.searchParams), {
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'o3care',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
