// The layer rules of DESIGN.md are enforced by lint (eslint.config.js), not by convention: these tests lint probe
// sources placed in each layer and expect the forbidden imports and impure calls to be reported.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// Probes are not files of the TypeScript project, so type-aware rules are switched off for them alone.
const eslint = new ESLint({
  overrideConfig: [{ files: ['**/layer-probe.ts'], ...tseslint.configs.disableTypeChecked }],
});

async function messagesFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('layer rules', () => {
  test('src/clinical may not import node built-ins or any other layer', async () => {
    const messages = await messagesFor(
      'src/clinical/layer-probe.ts',
      "import { readFileSync } from 'node:fs';\nimport { x } from '../fhir/urls.ts';\nimport { y } from '../store/db.ts';\nexport const z = [readFileSync, x, y];\n",
    );
    assert.equal(
      messages.filter((m) => m.startsWith('no-restricted-imports')).length,
      3,
      messages.join('\n'),
    );
  });

  test('src/clinical has no clock, no randomness and no environment', async () => {
    const messages = await messagesFor(
      'src/clinical/layer-probe.ts',
      'export const a = Date.now();\nexport const b = new Date();\nexport const c = Math.random();\nexport const d = process.env;\n',
    );
    assert.equal(messages.filter((m) => m.startsWith('no-restricted-syntax')).length, 3, messages.join('\n'));
    assert.equal(
      messages.filter((m) => m.startsWith('no-restricted-globals')).length,
      1,
      messages.join('\n'),
    );
  });

  test('src/clinical may take the time as a parameter', async () => {
    const messages = await messagesFor(
      'src/clinical/layer-probe.ts',
      'export const at = (asOf: Date) => new Date(asOf.getTime());\n',
    );
    assert.deepEqual(messages, []);
  });

  test('src/fhir may import clinical but not the server, store or command line', async () => {
    const messages = await messagesFor(
      'src/fhir/layer-probe.ts',
      "import { TECHNIQUES } from '../clinical/techniques.ts';\nimport { app } from '../server/app.ts';\nimport { db } from '../store/db.ts';\nimport { main } from '../cli/main.ts';\nexport const z = [TECHNIQUES, app, db, main];\n",
    );
    assert.equal(
      messages.filter((m) => m.startsWith('no-restricted-imports')).length,
      3,
      messages.join('\n'),
    );
  });

  test('src/store may not import fhir or server; src/server may not import the command line', async () => {
    const store = await messagesFor(
      'src/store/layer-probe.ts',
      "import { a } from '../fhir/urls.ts';\nimport { b } from '../server/app.ts';\nexport const z = [a, b];\n",
    );
    assert.equal(store.filter((m) => m.startsWith('no-restricted-imports')).length, 2, store.join('\n'));
    const server = await messagesFor(
      'src/server/layer-probe.ts',
      "import { main } from '../cli/main.ts';\nexport const z = main;\n",
    );
    assert.equal(server.filter((m) => m.startsWith('no-restricted-imports')).length, 1, server.join('\n'));
  });
});
