// Writes N synthetic patient records as NDJSON (one FHIR Bundle per line) for screen-bulk and its benchmark.
// Reproducible: the same --seed and --as-of give the same file, byte for byte.
// Usage: node scripts/generate-bulk.ts --count 100000 --out bench/out/bulk.ndjson [--seed 1] [--as-of ISO]

import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom, syntheticRecord } from './synthetic-record.ts';

/** The as-of the examples and benchmarks use, so that generated dates fall inside the freshness windows. */
export const DEFAULT_AS_OF = '2026-11-27T09:00:00Z';

export async function generateBulk(
  count: number,
  out: string,
  seed = 1,
  asOf = DEFAULT_AS_OF,
): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  const stream = createWriteStream(out);
  const random = seededRandom(seed);
  const asOfMs = Date.parse(asOf);
  let block = '';
  for (let i = 1; i <= count; i++) {
    block += `${JSON.stringify(syntheticRecord(random, i, asOfMs))}\n`;
    if (block.length > 1 << 20 || i === count) {
      if (!stream.write(block)) await once(stream, 'drain');
      block = '';
    }
  }
  stream.end();
  await once(stream, 'finish');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      out: { type: 'string', default: 'bench/out/bulk.ndjson' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
    },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 0 || Number.isNaN(Date.parse(values['as-of']))) {
    console.error('usage: node scripts/generate-bulk.ts --count N --out FILE [--seed S] [--as-of ISO]');
    process.exitCode = 2;
  } else {
    const started = performance.now();
    await generateBulk(count, values.out, Number(values.seed), values['as-of']);
    console.error(
      `wrote ${count} records to ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
