import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PROBLEM_RESPONSES } from './schemas/problem-responses.ts';
import { PROBLEM_TYPES } from './problem.ts';

const DOC = new URL('../../docs/api/problems.md', import.meta.url);

test('every problem code is documented with its status, and the page documents no other', () => {
  const rows = [...readFileSync(DOC, 'utf8').matchAll(/^- `([a-z-]+)` \((\d{3})\): /gm)].map(
    ([, code, status]) => [code, Number(status)] as const,
  );
  assert.deepEqual(
    rows.sort(([a], [b]) => a!.localeCompare(b!)),
    Object.entries(PROBLEM_TYPES)
      .map(([code, { status }]) => [code, status] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
});

test('every route declares a response schema for each problem status', () => {
  const statuses = [...new Set(Object.values(PROBLEM_TYPES).map((type) => type.status))].sort();
  assert.deepEqual(Object.keys(PROBLEM_RESPONSES).map(Number).sort(), statuses);
});
