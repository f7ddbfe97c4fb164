import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { webSourceFingerprint } from './web-build.ts';

test('the web build is redone when a source file changes, but not for a changed test beside it', () => {
  const root = mkdtempSync(join(tmpdir(), 'o3care-fingerprint-'));
  try {
    mkdirSync(join(root, 'src', 'web', 'features'), { recursive: true });
    writeFileSync(join(root, 'src', 'web', 'main.tsx'), 'export {};');
    writeFileSync(join(root, 'src', 'web', 'features', 'x.test.ts'), 'test 1');
    writeFileSync(join(root, 'vite.config.ts'), 'export default {};');
    const first = webSourceFingerprint(root);
    writeFileSync(join(root, 'src', 'web', 'features', 'x.test.ts'), 'test 2');
    assert.equal(webSourceFingerprint(root), first);
    writeFileSync(join(root, 'src', 'web', 'main.tsx'), 'export const changed = 1;');
    assert.notEqual(webSourceFingerprint(root), first);
    const second = webSourceFingerprint(root);
    writeFileSync(join(root, 'vite.config.ts'), 'export default { base: "/x/" };');
    assert.notEqual(webSourceFingerprint(root), second);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
