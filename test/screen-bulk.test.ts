// `o3care screen-bulk` as a child process on small generated files: one result line per record, malformed lines
// reported by line number without stopping, and a summary on stderr.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { seededRandom, syntheticRecord } from '../scripts/synthetic-record.ts';

const ROOT = join(import.meta.dirname, '..');
const AS_OF = '2026-11-27T09:00:00Z';

function o3care(args: readonly string[]) {
  return spawnSync(process.execPath, ['src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('o3care screen-bulk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'o3care-bulk-'));
  const random = seededRandom(7);
  const asOfMs = Date.parse(AS_OF);
  const record = (i: number) => JSON.stringify(syntheticRecord(random, i, asOfMs));
  // Lines 1–8: records, a broken line at 3, a blank line at 5, a Patient instead of a Bundle at 6, CRLF at 8.
  const lines = [
    record(1),
    record(2),
    '{"resourceType": "Bundle", "entry": [',
    record(4),
    '',
    '{"resourceType":"Patient","id":"lonely"}',
    record(7),
    `${record(8)}\r`,
  ];
  const input = join(dir, 'patients.ndjson');
  writeFileSync(input, `${lines.join('\n')}\n`);

  test('writes one result per record and one error per malformed line, by line number, and carries on', () => {
    const out = join(dir, 'results.ndjson');
    const run = o3care(['screen-bulk', input, '--out', out, '--as-of', AS_OF]);
    assert.equal(run.status, 0, run.stderr);
    const results = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      results.map((r) => r.line),
      [1, 2, 3, 4, 6, 7, 8],
    );
    const [third, sixth] = results.filter((r) => 'error' in r);
    assert.match(String(third?.error), /^invalid JSON/);
    assert.match(String(sixth?.error), /Bundle/);
    const screened = results.filter((r) => 'eligibility' in r);
    assert.equal(screened.length, 5);
    for (const r of screened) {
      assert.deepEqual(Object.keys(r), ['line', 'patientId', 'eligibility', 'findings']);
      assert.equal((r.eligibility as Record<string, string>).inhalation, 'prohibited');
    }
    assert.equal(screened[0]?.patientId, 'syn-1');
  });

  test('summarises records, malformed lines by number and eligibility per technique on stderr', () => {
    const run = o3care(['screen-bulk', input, '--as-of', AS_OF]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trimEnd().split('\n').length, 7, 'results go to stdout without --out');
    assert.match(run.stderr, /5 records screened, 2 malformed lines/);
    assert.match(run.stderr, /line 3: invalid JSON/);
    assert.match(run.stderr, /line 6: .*Bundle/);
    assert.match(run.stderr, /technique\s+eligible\s+caution\s+needs-data\s+contraindicated/);
    assert.match(run.stderr, /prohibited for every record: inhalation/);
    assert.doesNotMatch(run.stderr, /\r|#{3}/, 'no progress bar when stderr is not a terminal');
  });

  test('a file that cannot be opened, or no file at all, exits 2', () => {
    const missing = o3care(['screen-bulk', join(dir, 'missing.ndjson')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.ndjson: no such file/);
    assert.equal(o3care(['screen-bulk']).status, 2);
    assert.equal(o3care(['screen-bulk', dir]).status, 2);
  });

  test('refuses to write its results over the file it reads', () => {
    const run = o3care(['screen-bulk', input, '--out', input]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /is the input file/);
    assert.ok(readFileSync(input, 'utf8').startsWith('{"resourceType":"Bundle"'));
  });
});
