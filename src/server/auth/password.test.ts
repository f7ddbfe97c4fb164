import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hashPassword, OWASP_ARGON2ID, verifyDummyPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  test('a hash is a PHC argon2id string with the OWASP parameters and a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    assert.deepEqual(OWASP_ARGON2ID, { memoryKiB: 19 * 1024, passes: 2, parallelism: 1 });
    assert.notEqual(a, b);
  });

  test('the password verifies and any other does not', async () => {
    const hash = await hashPassword('correct horse battery staple');
    assert.equal(await verifyPassword('correct horse battery staple', hash), true);
    assert.equal(await verifyPassword('correct horse battery stapl', hash), false);
    assert.equal(await verifyPassword('Correct horse battery staple', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  test('hashes made by the argon2 reference implementation verify (PHC strings are interchangeable)', async () => {
    // `echo -n PASSWORD | argon2 SALT -id -t T -k M -p P -l L -e` (Debian package argon2, 0~20171227).
    assert.equal(
      await verifyPassword(
        'correct horse battery staple',
        '$argon2id$v=19$m=19456,t=2,p=1$bzNjYXJlLXRlc3Qtc2FsdA$bcYpS7YVGPdAmI/2EQLu6V+JlRLRxKxp8nuymZOGMnA',
      ),
      true,
    );
    const other = '$argon2id$v=19$m=4096,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$D+HiV7chvfR0PRLaS0+ubw';
    assert.equal(await verifyPassword('Tr0ub4dor&3', other), true);
    assert.equal(await verifyPassword('Tr0ub4dor&4', other), false);
  });

  test('the same password typed composed or decomposed verifies (Unicode NFKC)', async () => {
    const hash = await hashPassword('contrase\u00f1a segura');
    assert.equal(await verifyPassword('contrasen\u0303a segura', hash), true);
  });

  test('an unreadable, foreign or absurdly expensive hash verifies as false instead of throwing', async () => {
    for (const stored of [
      '',
      'plain text',
      '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObGRdescudvJCs',
      '$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObGRdescudvJCs',
      '$2b$10$abcdefghijklmnopqrstuuJ9yZ3m7F6Q0pYk0fGQyqKXoU0x6dO6W',
    ])
      assert.equal(await verifyPassword('anything', stored), false, stored);
  });

  test('verifying against the dummy hash answers false and costs about as much as a real verification', async () => {
    const hash = await hashPassword('a real password here');
    await verifyDummyPassword('warm up the dummy hash');
    const time = async (run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      return performance.now() - start;
    };
    const real = await time(() => verifyPassword('guess', hash));
    const dummy = await time(() => verifyDummyPassword('guess'));
    assert.equal(await verifyDummyPassword('guess'), false);
    assert.ok(dummy > real * 0.4, `dummy ${dummy.toFixed(1)} ms vs real ${real.toFixed(1)} ms`);
  });
});
