// screen-bulk throughput against its baseline, measured in the same run: reading the same NDJSON file with the same
// line splitter and JSON.parse of every line, versus `o3care screen-bulk FILE --out /dev/null`. Both run as fresh
// child processes (this script re-invoked with --baseline FILE for the first), timed from spawn to exit. Budget (DESIGN.md): at least 50% of the baseline's records per second, and constant memory for any
// file size, shown by running on a file 4× larger and comparing the child's peak RSS.
// Peak RSS comes from GNU time (`/usr/bin/time -v`, "Maximum resident set size"); without it RSS is not reported.
// Usage: node bench/screen-bulk-throughput.ts [--count 100000] [--scale 4] [--rounds 3] [--json]

import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ndjsonLines } from '../src/cli/ndjson-lines.ts';
import { DEFAULT_AS_OF, generateBulk } from '../scripts/generate-bulk.ts';
import { thousands } from './stats.ts';

const ROOT = join(import.meta.dirname, '..');
const GNU_TIME = '/usr/bin/time';

export interface FileRun {
  readonly records: number;
  readonly bytes: number;
  readonly rounds: number;
  /** Medians over the rounds. */
  readonly baselineRecordsPerSecond: number;
  readonly screenBulkRecordsPerSecond: number;
  readonly ratio: number;
  /** Lowest and highest ratio of a single round (baseline and screen-bulk run back to back). */
  readonly ratioRange: readonly [number, number];
  /** Highest peak resident set size of the screen-bulk child in MiB, or undefined without GNU time. */
  readonly peakRssMiB: number | undefined;
}

export interface ThroughputResult {
  readonly runs: readonly FileRun[];
}

async function ensureFile(count: number): Promise<string> {
  const file = join(ROOT, 'bench', 'out', `bulk-${count}.ndjson`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${thousands(count)} records into ${file} …\n`);
    await generateBulk(count, file);
  }
  return file;
}

/** The baseline: read the file with the same splitter as screen-bulk and JSON.parse every line. */
async function baseline(file: string): Promise<{ records: number; bytes: number }> {
  let records = 0;
  let bytes = 0;
  for await (const batch of ndjsonLines(createReadStream(file, { highWaterMark: 1024 * 1024 }))) {
    bytes += batch.bytes;
    for (const line of batch.lines) {
      if (typeof line === 'string' && line.length > 0) {
        JSON.parse(line);
        records++;
      }
    }
  }
  return { records, bytes };
}

/** Runs a child process to completion: wall time from spawn to exit, its stdout, and its stderr. */
function runChild(
  program: string,
  args: readonly string[],
): Promise<{ seconds: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, stdout, stderr });
      else reject(new Error(`${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
    });
  });
}

/** screen-bulk as a child (under GNU time when present): wall time and peak RSS. */
async function screenBulk(file: string): Promise<{ seconds: number; peakRssMiB: number | undefined }> {
  const command = [
    process.execPath,
    join(ROOT, 'src/cli/main.ts'),
    'screen-bulk',
    file,
    '--out',
    '/dev/null',
  ];
  const args = [...command, '--as-of', DEFAULT_AS_OF];
  const run = existsSync(GNU_TIME)
    ? await runChild(GNU_TIME, ['-v', ...args])
    : await runChild(process.execPath, args.slice(1));
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
  return { seconds: run.seconds, peakRssMiB: kb === undefined ? undefined : Number(kb) / 1024 };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

/**
 * Baseline and screen-bulk back to back, `rounds` times: on a shared machine the load changes from minute to
 * minute, and alternating keeps both sides exposed to the same conditions.
 */
async function measureFile(file: string, rounds: number): Promise<FileRun> {
  let records = 0;
  let bytes = 0;
  const baselineRates: number[] = [];
  const bulkRates: number[] = [];
  const ratios: number[] = [];
  let peakRssMiB: number | undefined;
  for (let round = 0; round < rounds; round++) {
    const base = await runChild(process.execPath, [import.meta.filename, '--baseline', file]);
    ({ records, bytes } = JSON.parse(base.stdout) as { records: number; bytes: number });
    const bulk = await screenBulk(file);
    baselineRates.push(records / base.seconds);
    bulkRates.push(records / bulk.seconds);
    ratios.push(base.seconds / bulk.seconds);
    if (bulk.peakRssMiB !== undefined) peakRssMiB = Math.max(peakRssMiB ?? 0, bulk.peakRssMiB);
  }
  const baselineRecordsPerSecond = median(baselineRates);
  const screenBulkRecordsPerSecond = median(bulkRates);
  return {
    records,
    bytes,
    rounds,
    baselineRecordsPerSecond,
    screenBulkRecordsPerSecond,
    ratio: screenBulkRecordsPerSecond / baselineRecordsPerSecond,
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    peakRssMiB,
  };
}

export async function measureThroughput(
  count: number,
  scale: number,
  rounds: number,
): Promise<ThroughputResult> {
  // Every file exists before any timing starts, so generation cannot disturb a measurement.
  const base = await ensureFile(count);
  const large = scale > 1 ? await ensureFile(count * scale) : undefined;
  const runs = [await measureFile(base, rounds)];
  // The larger file is there to show memory stays flat; one round of it is enough for that.
  if (large !== undefined) runs.push(await measureFile(large, 1));
  return { runs };
}

export function throughputTable(result: ThroughputResult): string {
  const rows = result.runs.map(
    (r) =>
      `| ${thousands(r.records)} | ${thousands(r.bytes / 1_048_576)} | ${r.rounds} | ${thousands(r.baselineRecordsPerSecond)} | ` +
      `${thousands(r.screenBulkRecordsPerSecond)} | ${r.ratio.toFixed(2)} | ${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)} | ` +
      `${r.peakRssMiB === undefined ? 'n/a' : r.peakRssMiB.toFixed(0)} |`,
  );
  const [small, large] = result.runs;
  const rss = (run: FileRun | undefined) =>
    run?.peakRssMiB === undefined ? undefined : run.peakRssMiB.toFixed(0);
  const flat =
    rss(small) === undefined
      ? 'peak RSS not measured (no /usr/bin/time)'
      : large === undefined
        ? `peak RSS ${rss(small)} MiB (run with --scale 4 to compare a larger file)`
        : `peak RSS ${rss(small)} MiB → ${rss(large)} MiB for ${(large.records / (small?.records ?? 1)).toFixed(0)}× the records`;
  return [
    'screen-bulk throughput (baseline: same line splitter + JSON.parse per line; both as child processes, alternating)',
    '',
    '| records | MiB | rounds | baseline records/s (median) | screen-bulk records/s (median) | ratio of medians (target ≥ 0.5) | ratio per round | screen-bulk peak RSS MiB |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Memory: ${flat}.`,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      scale: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean' },
      baseline: { type: 'string' },
    },
  });
  if (values.baseline !== undefined) {
    console.log(JSON.stringify(await baseline(values.baseline)));
  } else {
    const result = await measureThroughput(
      Math.max(1, Number(values.count)),
      Number(values.scale),
      Math.max(1, Number(values.rounds)),
    );
    console.log(values.json === true ? JSON.stringify(result) : throughputTable(result));
  }
}
