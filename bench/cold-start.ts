// Cold start with an existing embedded database (DESIGN.md budget: < 3 s to first request): the time from spawning
// `o3care serve` on a migrated data folder until GET /readyz first answers 200. Each round spawns the real command
// (`node src/cli/main.ts serve`, as `npm start` runs it, without the npm wrapper) and polls the port every 10 ms.
// Baseline in the same run, alternating with it: a bare Fastify server in a fresh node process
// (`bench/bare-server.ts`), so the ratio says what o3care adds to starting any Node server on this machine.
// Usage: node bench/cold-start.ts [--rounds 7] [--json]

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fixed } from './stats.ts';

const ROOT = join(import.meta.dirname, '..');

export interface ColdStartResult {
  readonly rounds: number;
  /** Milliseconds to the first 200 from /readyz, one per round. */
  readonly o3careMs: readonly number[];
  /** Milliseconds to the first 200 from the bare server, one per round. */
  readonly bareMs: readonly number[];
  readonly loadAverage: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Spawns `args`, polls `path` on `port` until it answers 200, returns the elapsed ms and stops the process. */
async function timeToFirstAnswer(args: readonly string[], port: number, path: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, O3CARE_LOG: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  try {
    for (;;) {
      if (exited) throw new Error(`${args.join(' ')} exited before answering: ${stderr}`);
      if (await answers(`http://127.0.0.1:${port}${path}`)) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (performance.now() - started > 60_000) throw new Error(`${args.join(' ')}: no answer in 60 s`);
    }
  } finally {
    child.kill('SIGTERM');
    await exit;
  }
}

function migrate(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src/cli/main.ts', 'migrate', '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrate exited ${code}`))));
  });
}

export async function measureColdStart(rounds: number): Promise<ColdStartResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'o3care-cold-start-'));
  try {
    await migrate(dataDir);
    const o3careMs: number[] = [];
    const bareMs: number[] = [];
    // One unmeasured round of each warms the OS file cache, as on a clinic machine that has run o3care before.
    for (let round = -1; round < rounds; round += 1) {
      const port = await freePort();
      const o3care = await timeToFirstAnswer(
        ['src/cli/main.ts', 'serve', '--data-dir', dataDir, '--port', String(port)],
        port,
        '/readyz',
      );
      const barePort = await freePort();
      const bare = await timeToFirstAnswer(['bench/bare-server.ts', String(barePort)], barePort, '/bare');
      if (round >= 0) {
        o3careMs.push(o3care);
        bareMs.push(bare);
      }
    }
    return { rounds, o3careMs, bareMs, loadAverage: loadavg()[0] ?? NaN };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

export function coldStartTable(result: ColdStartResult): string {
  const row = (name: string, values: readonly number[]) =>
    `| ${name} | ${fixed(median(values), 0)} | ${fixed(Math.min(...values), 0)} | ${fixed(Math.max(...values), 0)} |`;
  const ratios = result.o3careMs.map((ms, i) => ms / (result.bareMs[i] ?? NaN));
  return [
    `Cold start, ${result.rounds} rounds (load average ${fixed(result.loadAverage, 1)}):`,
    '',
    '| process | median ms | min ms | max ms |',
    '| --- | --- | --- | --- |',
    row('`o3care serve` on a migrated embedded database → first 200 from /readyz', result.o3careMs),
    row('bare Fastify server (baseline) → first 200', result.bareMs),
    '',
    `o3care / bare, per round: median ${fixed(median(ratios), 2)} (${ratios.map((r) => fixed(r, 2)).join(', ')})`,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } },
  });
  const result = await measureColdStart(Number(values.rounds));
  console.log(values.json ? JSON.stringify(result) : coldStartTable(result));
}
