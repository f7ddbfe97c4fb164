import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { Line } from './ndjson-lines.ts';
import { ndjsonLines, TOO_LONG } from './ndjson-lines.ts';

/** A stream that delivers exactly these chunks, as a file read would. */
const chunks = (...parts: (string | Buffer)[]): AsyncIterable<Buffer> =>
  Readable.from(parts.map((part) => (Buffer.isBuffer(part) ? part : Buffer.from(part))));

async function collect(
  source: AsyncIterable<Buffer>,
  maxLineBytes?: number,
): Promise<{ lines: Line[]; bytes: number }> {
  const lines: Line[] = [];
  let bytes = 0;
  for await (const batch of ndjsonLines(source, maxLineBytes)) {
    lines.push(...batch.lines);
    bytes += batch.bytes;
  }
  return { lines, bytes };
}

test('lines split across chunks are joined, and blank lines are kept so line numbers stay true', async () => {
  const { lines, bytes } = await collect(chunks('{"a":1}\n{"b"', ':2}\n\n{"c":', '3}'));
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '', '{"c":3}']);
  assert.equal(bytes, 24);
});

test('a character split between two chunks is decoded whole', async () => {
  const bytes = Buffer.from('"ozônio"\n');
  const { lines } = await collect(chunks(bytes.subarray(0, 4), bytes.subarray(4)));
  assert.deepEqual(lines, ['"ozônio"']);
});

test('a line longer than the limit is reported once and skipped to its end', async () => {
  const { lines } = await collect(chunks('short\n', 'x'.repeat(30), 'y'.repeat(30), 'z\nafter\n'), 40);
  assert.deepEqual(lines, ['short', TOO_LONG, 'after']);
});

test('a file without a final newline still yields its last line', async () => {
  const { lines } = await collect(chunks('one\ntwo'));
  assert.deepEqual(lines, ['one', 'two']);
});
