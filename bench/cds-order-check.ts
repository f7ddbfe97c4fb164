// `ozone-order-check` over HTTP (DESIGN.md performance budget; issue 5): order-sign calls with a realistic prefetch
// (the 50-resource synthetic record of bench/screening-latency.ts) at 200 concurrent connections, JWT verification
// included, against a bare Fastify route measured the same way in the same run. Budget: p95 < 50 ms and at least 40%
// of the bare route's throughput.
//
// Every call needs a token with its own jti (the replay cache refuses a second use), so tokens are signed before the
// measured time and handed out one per request by the load generator, a child process running autocannon. The
// prefetch body is the same for every call; only the Authorization header changes.
//
//   node bench/cds-order-check.ts [--seconds 5] [--connections 200] [--algorithms RS384,ES384] [--workers 0,1] [--rates 250,500,1000]
//                                 [--max-rate 4000] [--json]

import { fork } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app.ts';
import type { CdsAlgorithm, CdsTestClient } from '../src/server/cds/testing/cds-clients.ts';
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
  /**
   * Calls a second offered at an even pace over the connections (open loop), instead of each connection sending its
   * next call as soon as the last is answered (closed loop, autocannon: the saturating throughput run).
   */
  readonly rate?: number;
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
  /** Open-loop runs at the offered rates (`--rates`): latency at a given load rather than at saturation. */
  readonly paced: readonly CdsRun[];
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
    // A Buffer, not the string: with a per-request token autocannon rebuilds each request, and would encode it again.
    options.body = Buffer.from(spec.body);
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

/**
 * An open-loop run: a call is due every 1/rate seconds whatever the server does, sent on a free keep-alive connection
 * of at most `connections` (node:http's Agent queues it when all are busy), and its latency counts from when it was
 * due, not from when it could be sent. So a server that falls behind shows it in the latency, which a closed loop
 * hides by sending less (coordinated omission, as wrk2 corrects it). autocannon's own rate option is no help here:
 * it sends each connection's share of a second at the start of that second, all together.
 */
async function firePaced(spec: LoadSpec, seconds: number, tokens: { next: number }): Promise<CdsRun> {
  const rate = spec.rate!;
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.url);
  const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const start = performance.now();
  const total = Math.round(rate * seconds);
  const inFlight: Promise<void>[] = [];
  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const headers: Record<string, string> = {};
      if (body) headers['content-type'] = 'application/json';
      const list = spec.tokens;
      if (list !== undefined) headers.authorization = `Bearer ${list[tokens.next++ % list.length] ?? ''}`;
      const request = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: spec.method,
          headers,
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - dueAt);
            if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) > 299) non2xx++;
            resolve();
          });
        },
      );
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(body);
    });
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    for (; sent < due; sent++) inFlight.push(send(start + (sent / rate) * 1000));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  const duration = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    name: '',
    requestsPerSecond: latencies.length / duration,
    latency: summarise(Float64Array.from(latencies, (ms) => ms * 1e6)),
    responses: latencies.length,
    non2xx,
    errors,
    valid: latencies.length > 0 && non2xx === 0 && errors === 0,
    loadAverage: loadavg()[0] ?? NaN,
  };
}

if (import.meta.main && process.argv[2] === '--load-generator') {
  const spec = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as LoadSpec;
  const tokens = { next: 0 };
  const run1 = spec.rate === undefined ? fire : firePaced;
  if (spec.warmupSeconds > 0) await run1(spec, spec.warmupSeconds, tokens);
  const run = await run1(spec, spec.seconds, tokens);
  // A pool used up means replayed tokens (401s): the run would measure refusals, so say so.
  const exhausted = spec.tokens !== undefined && tokens.next > spec.tokens.length;
  process.send?.({ ...run, valid: run.valid && !exhausted });
  process.disconnect?.();
}

export function runLoad(dir: string, name: string, spec: LoadSpec): Promise<CdsRun> {
  const file = join(dir, `${name.replace(/[^\w.,-]+/g, '_')}.json`);
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

/** `count` tokens, signed in batches (WebCrypto spreads them over libuv's thread pool). */
async function signTokens(client: CdsTestClient, count: number): Promise<string[]> {
  const tokens: string[] = [];
  while (tokens.length < count) {
    const batch = Math.min(256, count - tokens.length);
    tokens.push(
      ...(await Promise.all(Array.from({ length: batch }, () => client.token(PATH, { lifetime: 300 })))),
    );
  }
  return tokens;
}

export async function benchCdsOrderCheck(options: {
  readonly seconds: number;
  readonly connections: number;
  readonly algorithms: readonly CdsAlgorithm[];
  /** Worker threads answering the calls (`O3CARE_CDS_WORKERS`), one app per value; 0 answers in the server's thread. */
  readonly workers: readonly number[];
  /** Offered rates (calls a second) of the open-loop latency runs, for the bare POST and each CDS configuration. */
  readonly rates: readonly number[];
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
  const appFor = (workers: number) =>
    buildApp({
      store,
      cds: { clients: clients.map((c) => c.config), publicBaseUrl: CDS_BASE_URL, workers },
    });
  const bare = await startBareServer();
  // A second baseline: a bare Fastify route that receives and parses the same 24 kB body. On this machine the body's
  // transport and parsing, and the load generator's work sending it, cost several times a tiny GET.
  const barePost = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  barePost.post('/bare', async (request) => ({ ok: typeof request.body === 'object' }));
  const barePostOrigin = await listenOnFreePort(barePost);
  const dir = mkdtempSync(join(tmpdir(), 'o3care-bench-cds-'));
  let cards = 0;
  try {
    const common = { connections: options.connections, seconds: options.seconds, warmupSeconds: 1 };
    const bareRuns: CdsRun[] = [];
    const cdsRuns: CdsRun[] = [];
    const pacedRuns: CdsRun[] = [];
    for (const rate of options.rates) {
      pacedRuns.push(
        await runLoad(dir, `bare POST, same body, ${rate}/s offered`, {
          ...common,
          url: `${barePostOrigin}/bare`,
          method: 'POST',
          body,
          rate,
        }),
      );
    }
    bareRuns.push(await runLoad(dir, 'bare GET', { ...common, url: `${bare.origin}/bare`, method: 'GET' }));
    bareRuns.push(
      await runLoad(dir, 'bare POST, same body', {
        ...common,
        url: `${barePostOrigin}/bare`,
        method: 'POST',
        body,
      }),
    );
    for (const workers of options.workers) {
      const app = await appFor(workers);
      try {
        const origin = await listenOnFreePort(app);
        const probe = await app.inject({
          method: 'POST',
          url: PATH,
          headers: { ...(await clients[0]!.headers(PATH)), 'content-type': 'application/json' },
          payload: body,
        });
        if (probe.statusCode !== 200)
          throw new Error(`the benchmark call fails: ${probe.statusCode} ${probe.body}`);
        cards = probe.json<{ cards: unknown[] }>().cards.length;
        for (const client of clients) {
          // Every call needs its own token (the replay cache refuses a second use), so each run gets fresh ones: for
          // the warm-up and the measured time at `maxRate` calls a second, or at the offered rate.
          const tokensFor = (perSecond: number) => signTokens(client, perSecond * (options.seconds + 1));
          const name = `cds-${client.algorithm}, ${workers === 0 ? 'no worker' : `${workers} worker${workers > 1 ? 's' : ''}`}`;
          const url = `${origin}${PATH}`;
          cdsRuns.push(
            await runLoad(dir, name, {
              ...common,
              url,
              method: 'POST',
              body,
              tokens: await tokensFor(options.maxRate),
            }),
          );
          for (const rate of options.rates) {
            pacedRuns.push(
              await runLoad(dir, `${name}, ${rate}/s offered`, {
                ...common,
                url,
                method: 'POST',
                body,
                tokens: await tokensFor(rate),
                rate,
              }),
            );
          }
        }
      } finally {
        await app.close();
      }
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
      paced: pacedRuns,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await bare.close();
    await barePost.close();
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
  const paced = result.paced.map((run) => {
    const valid = run.valid ? 'yes' : `NO (${run.non2xx} non-2xx, ${run.errors} errors)`;
    const met = run.valid && run.latency.p95Ms < 50 ? 'yes' : 'no';
    return `| ${run.name} | ${thousands(run.requestsPerSecond)} | ${fixed(run.latency.p50Ms, 1)} | ${fixed(run.latency.p95Ms, 1)} | ${fixed(run.latency.p99Ms, 1)} | ${met} | ${valid} | ${fixed(run.loadAverage, 1)} |`;
  });
  return [
    `ozone-order-check, ${result.connections} connections, ${result.seconds} s per run, prefetch of ${result.prefetchResources} resources (${thousands(result.bodyBytes)} bytes), ${result.cards} cards per answer`,
    '',
    'Throughput: each connection sends its next call as soon as the last is answered.',
    '',
    '| run | requests/s | p50 ms | p95 ms | p99 ms | vs bare GET | vs bare POST (same body) | valid | load avg |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...(paced.length === 0
      ? []
      : [
          '',
          'Latency at an offered load: calls due at an even pace over the same connections, timed from when each was due.',
          '',
          '| run | answered/s | p50 ms | p95 ms | p99 ms | p95 < 50 ms | valid | load avg |',
          '| --- | --- | --- | --- | --- | --- | --- | --- |',
          ...paced,
        ]),
  ].join('\n');
}

if (import.meta.main && process.argv[2] !== '--load-generator') {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '200' },
      algorithms: { type: 'string', default: 'RS384,ES384' },
      'max-rate': { type: 'string', default: '4000' },
      workers: { type: 'string', default: '0,1' },
      rates: { type: 'string', default: '250,500,1000' },
      json: { type: 'boolean' },
    },
  });
  const result = await benchCdsOrderCheck({
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    algorithms: values.algorithms.split(',') as CdsAlgorithm[],
    maxRate: Number(values['max-rate']),
    workers: values.workers.split(',').map(Number),
    rates: values.rates === '' ? [] : values.rates.split(',').map(Number),
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
