import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from './dispatch.ts';

test('every command of the top-level help loads a command of that name and summary', async () => {
  for (const entry of COMMANDS) {
    const command = await entry.load();
    assert.deepEqual([command.name, command.summary], [entry.name, entry.summary]);
  }
  assert.equal(new Set(COMMANDS.map((c) => c.name)).size, COMMANDS.length, 'names are unique');
});
