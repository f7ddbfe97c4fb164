// Splits a byte stream into lines, one batch per chunk read, so the caller handles a chunk's lines in a plain loop
// (no promise per line) and memory stays bounded by the chunk size plus the longest line. A line longer than the
// limit is reported once as TOO_LONG and skipped to its end, so one runaway line cannot exhaust memory.
// Splitting bytes on 0x0A is safe in UTF-8 (no multi-byte sequence contains it), and decoding each line on its own
// gives JSON.parse a flat string: measured faster than node:readline and than slicing one decoded chunk
// (BENCHMARKS.md, "Line splitting").

export const TOO_LONG = Symbol('line too long');

export type Line = string | typeof TOO_LONG;

export interface LineBatch {
  /** Complete lines (without the newline) in file order; blank lines included so the caller can count them. */
  readonly lines: readonly Line[];
  /** Bytes of input this batch consumed, for progress. */
  readonly bytes: number;
}

/** 64 MiB: far more than any patient record on one line, far less than the machine's memory. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;

export async function* ndjsonLines(
  source: AsyncIterable<Buffer>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<LineBatch> {
  // The start of a line that began in an earlier chunk, kept as pieces (joined once, at its newline).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  for await (const chunk of source) {
    const lines: Line[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      if (skipping) {
        skipping = false;
      } else if (pendingBytes + newline - start > maxLineBytes) {
        lines.push(TOO_LONG);
      } else if (pending.length === 0) {
        lines.push(chunk.toString('utf8', start, newline));
      } else {
        pending.push(chunk.subarray(start, newline));
        lines.push(Buffer.concat(pending).toString('utf8'));
      }
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
    }
    if (!skipping && start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) {
        lines.push(TOO_LONG);
        pending = [];
        pendingBytes = 0;
        skipping = true;
      }
    }
    yield { lines, bytes: chunk.length };
  }
  if (!skipping && pendingBytes > 0) yield { lines: [Buffer.concat(pending).toString('utf8')], bytes: 0 };
}
