// `ozone-order-check` over HTTP (DESIGN.md performance budget; issue 5): order-sign calls with a realistic prefetch
// (the 50-resource synthetic record of bench/screening-latency.ts) at 200 concurrent connections, JWT verification
// included, against a bare Fastify route measured the same way in the same run. Budget: p95 < 50 ms and at least 40%
// of the bare route's throughput.
//
// Every call needs a token with its own jti (the replay cache refuses a second use), so tokens are signed before the
// measured time and handed out one per request by the load generator, a child process running autocannon. The
// prefetch body is the same for every call; only the Authorization header changes.
//
//   node bench/cds-order-check.ts [--seconds 5] [--connections 200] [--algorithms RS384,ES384] [--max-rate 4000] [--json]

import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app.ts';
import type { CdsAlgorithm } from '../src/server/cds/testing/cds-clients.ts';
import { CDS_BASE_URL, newCdsClient } from '../src/server/cds/testing/cds-clients.ts';
import { prefetchFromRecord } from '../src/server/cds/testing/prefetch-from-record.ts';
import { approvedLibrary } from '../src/server/services/testing/care-fixtures.ts';
import { openStore } from '../src/store/database.ts';
import { DEFAULT_AS_OF } from '../scripts/generate-bulk.ts';
import { seededRandom, syntheticRecord } from '../scripts/synthetic-record.ts';
import { listenOnFreePort, startBareServer } from './http-load.ts';
import type { Latency } from './stats.ts';
import { fixed, summarise, thousands } from './stats.ts';

const PATH = '/cds-services/ozone-order-check';

export interface LoadSpec {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: string;
  /** One Authorization header value per request; none for the bare route. */
  readonly tokens?: readonly string[];
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

export interface CdsRun {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly latency: Latency;
  readonly responses: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly valid: boolean;
  readonly loadAverage: number;
}

export interface CdsBenchResult {
  readonly connections: number;
  readonly seconds: number;
  readonly prefetchResources: number;
  readonly bodyBytes: number;
  readonly cards: number;
  readonly bare: readonly CdsRun[];
  readonly cds: readonly CdsRun[];
}

// ---- load generator (child process) ----

async function fire(spec: LoadSpec, seconds: number, tokens: { next: number }): Promise<CdsRun> {
  const latencies: number[] = [];
  let non2xx = 0;
  const options: autocannon.Options = {
    url: spec.url,
    method: spec.method,
    connections: spec.connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const list = spec.tokens;
          if (list === undefined) return request;
          const token = list[tokens.next++ % list.length] ?? '';
          return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
        },
      },
    ],
  };
  if (spec.body !== undefined) {
    options.body = spec.body;
    options.headers = { 'content-type': 'application/json' };
  }
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done) =>
      error ? reject(error instanceof Error ? error : new Error('autocannon failed')) : resolve(done),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status < 200 || status > 299) non2xx++;
    });
  });
  return {
    name: '',
    requestsPerSecond: latencies.length / result.duration,
    latency: summarise(Float64Array.from(latencies, (ms) => ms * 1e6)),
    responses: latencies.length,
    non2xx,
    errors: result.errors + result.timeouts,
    valid: latencies.length > 0 && non2xx === 0 && result.errors === 0 && result.timeouts === 0,
    loadAverage: loadavg()[0] ?? NaN,
  };
}

if (import.meta.main && process.argv[2] === '--load-generator') {
  const spec = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as LoadSpec;
  const tokens = { next: 0 };
  if (spec.warmupSeconds > 0) await fire(spec, spec.warmupSeconds, tokens);
  const run = await fire(spec, spec.seconds, tokens);
  // A pool used up means replayed tokens (401s): the run would measure refusals, so say so.
  const exhausted = spec.tokens !== undefined && tokens.next > spec.tokens.length;
  process.send?.({ ...run, valid: run.valid && !exhausted });
  process.disconnect?.();
}

export function runLoad(dir: string, name: string, spec: LoadSpec): Promise<CdsRun> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = fork(import.meta.filename, ['--load-generator', file], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (run: CdsRun) => resolve({ ...run, name }));
    child.once('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`load generator exited ${code}`)),
    );
  });
}

// ---- the benchmark ----

export async function benchCdsOrderCheck(options: {
  readonly seconds: number;
  readonly connections: number;
  readonly algorithms: readonly CdsAlgorithm[];
  /** Tokens are signed for at most this many calls a second; a faster run runs out and is marked invalid. */
  readonly maxRate: number;
}): Promise<CdsBenchResult> {
  const asOf = new Date(DEFAULT_AS_OF);
  const record = syntheticRecord(seededRandom(1), 1, asOf.getTime()) as { entry?: [] };
  const split = prefetchFromRecord(record);
  const order = {
    ...(JSON.parse(
      readFileSync(
        join(import.meta.dirname, '../examples/knee-oa-order-above-usual-range.order.json'),
        'utf8',
      ),
    ) as Record<string, unknown>),
    subject: { reference: `Patient/${split.patientId}` },
  };
  const body = JSON.stringify({
    hook: 'order-sign',
    hookInstance: '2f8e5c1a-6c3e-4a59-9d5b-8f1f0c7d9e21',
    context: {
      userId: 'Practitioner/bench',
      patientId: split.patientId,
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
    },
    prefetch: split.prefetch,
  });

  const store = await openStore({ dataDir: undefined });
  await approvedLibrary(store.db);
  const clients = await Promise.all(options.algorithms.map((algorithm) => newCdsClient(algorithm)));
  const app = await buildApp({
    store,
    cds: { clients: clients.map((c) => c.config), publicBaseUrl: CDS_BASE_URL },
  });
  const origin = await listenOnFreePort(app);
  const bare = await startBareServer();
  // A second baseline: a bare Fastify route that receives and parses the same 24 kB body. On this machine the body's
  // transport and parsing, and the load generator's work sending it, cost several times a tiny GET.
  const barePost = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  barePost.post('/bare', async (request) => ({ ok: typeof request.body === 'object' }));
  const barePostOrigin = await listenOnFreePort(barePost);
  const dir = mkdtempSync(join(tmpdir(), 'o3care-bench-cds-'));
  try {
    const probe = await app.inject({
      method: 'POST',
      url: PATH,
      headers: { ...(await clients[0]!.headers(PATH)), 'content-type': 'application/json' },
      payload: body,
    });
    if (probe.statusCode !== 200)
      throw new Error(`the benchmark call fails: ${probe.statusCode} ${probe.body}`);
    const cards = probe.json<{ cards: unknown[] }>().cards.length;
    const common = { connections: options.connections, seconds: options.seconds, warmupSeconds: 1 };
    const bareRuns: CdsRun[] = [];
    const cdsRuns: CdsRun[] = [];
    bareRuns.push(await runLoad(dir, 'bare GET', { ...common, url: `${bare.origin}/bare`, method: 'GET' }));
    bareRuns.push(
      await runLoad(dir, 'bare POST, same body', {
        ...common,
        url: `${barePostOrigin}/bare`,
        method: 'POST',
        body,
      }),
    );
    for (const client of clients) {
      // Enough tokens for the warm-up and the measured time at `maxRate` calls a second; signed in batches, which
      // WebCrypto spreads over libuv's thread pool.
      const count = options.maxRate * (options.seconds + 1);
      const tokens: string[] = [];
      while (tokens.length < count) {
        const batch = Math.min(256, count - tokens.length);
        tokens.push(
          ...(await Promise.all(Array.from({ length: batch }, () => client.token(PATH, { lifetime: 300 })))),
        );
      }
      cdsRuns.push(
        await runLoad(dir, `cds-${client.algorithm}`, {
          ...common,
          url: `${origin}${PATH}`,
          method: 'POST',
          body,
          tokens,
        }),
      );
    }
    bareRuns.push(
      await runLoad(dir, 'bare GET (again)', { ...common, url: `${bare.origin}/bare`, method: 'GET' }),
    );
    bareRuns.push(
      await runLoad(dir, 'bare POST, same body (again)', {
        ...common,
        url: `${barePostOrigin}/bare`,
        method: 'POST',
        body,
      }),
    );
    return {
      connections: options.connections,
      seconds: options.seconds,
      prefetchResources: (record.entry ?? []).length,
      bodyBytes: Buffer.byteLength(body),
      cards,
      bare: bareRuns,
      cds: cdsRuns,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await bare.close();
    await barePost.close();
    await app.close();
    await store.close();
  }
}

export function cdsTable(result: CdsBenchResult): string {
  const mean = (prefix: string) => {
    const runs = result.bare.filter((run) => run.name.startsWith(prefix));
    return runs.reduce((sum, run) => sum + run.requestsPerSecond, 0) / runs.length;
  };
  const bareGet = mean('bare GET');
  const barePost = mean('bare POST');
  const rows = [...result.bare, ...result.cds].map((run) => {
    const cds = run.name.startsWith('cds');
    const ratios = cds
      ? `${fixed(run.requestsPerSecond / bareGet, 2)} | ${fixed(run.requestsPerSecond / barePost, 2)}`
      : '— | —';
    const valid = run.valid ? 'yes' : `NO (${run.non2xx} non-2xx, ${run.errors} errors)`;
    return `| ${run.name} | ${thousands(run.requestsPerSecond)} | ${fixed(run.latency.p50Ms, 1)} | ${fixed(run.latency.p95Ms, 1)} | ${fixed(run.latency.p99Ms, 1)} | ${ratios} | ${valid} | ${fixed(run.loadAverage, 1)} |`;
  });
  return [
    `ozone-order-check, ${result.connections} connections, ${result.seconds} s per run, prefetch of ${result.prefetchResources} resources (${thousands(result.bodyBytes)} bytes), ${result.cards} cards per answer`,
    '',
    '| run | requests/s | p50 ms | p95 ms | p99 ms | vs bare GET | vs bare POST (same body) | valid | load avg |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

if (import.meta.main && process.argv[2] !== '--load-generator') {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '200' },
      algorithms: { type: 'string', default: 'RS384,ES384' },
      'max-rate': { type: 'string', default: '4000' },
      json: { type: 'boolean' },
    },
  });
  const result = await benchCdsOrderCheck({
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    algorithms: values.algorithms.split(',') as CdsAlgorithm[],
    maxRate: Number(values['max-rate']),
  });
  const cpu = cpus();
  if (values.json === true) console.log(JSON.stringify(result));
  else {
    console.log(
      `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}; Node.js ${process.version}; ${new Date().toISOString()}\n`,
    );
    console.log(cdsTable(result));
  }
}
