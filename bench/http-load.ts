// A small HTTP load harness for the benchmarks: serve a Fastify app on a free port, serve a bare Fastify route beside
// it as the baseline, and fire autocannon at either from a child process. The load generator runs in its own process
// so that its work (building requests, parsing responses, timing) does not share the server's event loop; on a
// 2-core machine the two processes still share the cores, which is why figures are reported as ratios to the bare
// route measured the same way in the same run.
//
//   const bare = await startBareServer();
//   const origin = await listenOnFreePort(app);
//   const load = startLoadGenerator();
//   const baseline = await load.run({ origin: bare.origin, requests: [BARE_REQUEST] });
//   const reads = await load.run({ origin, requests: [{ method: 'GET', path: '/api/…', headers }] });
//   await load.close();
//
// Each run warms up (results discarded), then measures for a fixed time with a fixed number of connections. The
// requests of a run are sent round-robin across all connections, so writes can spread over many records and carry
// distinct bodies. Every response is counted by status; `valid` is false when any was not 2xx, or a request failed
// or timed out (a run with errors measures the error path, not the route).

import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type { Latency } from './stats.ts';
import { summarise } from './stats.ts';

export type LoadMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface LoadRequest {
  readonly method: LoadMethod;
  /** Path and query, e.g. `/api/patients?limit=20`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON (with `content-type: application/json`) when present. */
  readonly body?: unknown;
}

export interface LoadSpec {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Sent round-robin across all connections: one request for a plain run, many for distinct records or bodies. */
  readonly requests: readonly LoadRequest[];
  /** Default 10. */
  readonly connections?: number;
  /** Measured time, default 5 s. */
  readonly durationSeconds?: number;
  /** Run before the measured time and discarded (JIT, caches, connection pools), default 1 s; 0 for none. */
  readonly warmupSeconds?: number;
}

export interface LoadResult {
  readonly connections: number;
  readonly durationSeconds: number;
  /** Responses received in the measured time. */
  readonly responses: number;
  readonly requestsPerSecond: number;
  /** Per response, as the load generator timed it (request written → response complete). */
  readonly latency: Latency;
  /** Responses by status code, e.g. { "200": 5120 }. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly non2xx: number;
  /** Connection errors and timeouts (timeouts are counted in both). */
  readonly errors: number;
  readonly timeouts: number;
  /** The first response that was not 2xx, to say why a run is invalid. */
  readonly firstFailure?: { readonly status: number; readonly body: string };
  /** No non-2xx response, no error, no timeout, and at least one response. */
  readonly valid: boolean;
  /** 1-minute load average of the machine when the measured time ended. */
  readonly loadAverage: number;
}

/** The baseline request of `startBareServer`. */
export const BARE_REQUEST: LoadRequest = { method: 'GET', path: '/bare' };

/** Listens on 127.0.0.1 on a port the OS picks; returns the origin. */
export async function listenOnFreePort(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/**
 * The baseline: a Fastify instance with no plugins and one route, `GET /bare` answering `{ ok: true }` with a
 * response schema (as every o3care route has one), in the calling process so that it shares the process, the event
 * loop and the cores with the server under test.
 */
export async function startBareServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const bare = Fastify({ logger: false });
  bare.get(
    '/bare',
    {
      schema: {
        response: {
          200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
        },
      },
    },
    async () => ({ ok: true }),
  );
  const origin = await listenOnFreePort(bare);
  return { origin, close: () => bare.close() };
}

export interface LoadGenerator {
  run(spec: LoadSpec): Promise<LoadResult>;
  /** Ends the child process. */
  close(): Promise<void>;
}

interface RunMessage {
  readonly id: number;
  readonly spec: LoadSpec;
}
type ReplyMessage =
  { readonly id: number; readonly result: LoadResult } | { readonly id: number; readonly error: string };

/** Forks the load generator (this module, `--load-generator`); runs are sent to it one at a time. */
export function startLoadGenerator(): LoadGenerator {
  const child: ChildProcess = fork(import.meta.filename, ['--load-generator'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Structured clone keeps NaN (a run without responses) and numbers exactly; JSON would turn NaN into null.
    serialization: 'advanced',
  });
  const pending = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  child.on('message', (message: ReplyMessage) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (!waiting) return;
    if ('result' in message) waiting.resolve(message.result);
    else waiting.reject(new Error(`load generator: ${message.error}`));
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`load generator exited (${code})`));
    pending.clear();
  });
  return {
    run(spec) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, spec } satisfies RunMessage);
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

/** One autocannon run of `seconds`. */
async function fire(spec: LoadSpec, seconds: number): Promise<LoadResult> {
  const connections = spec.connections ?? 10;
  const built = spec.requests.map((request) => ({
    method: request.method,
    path: request.path,
    headers: {
      ...request.headers,
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
  }));
  if (built.length === 0) throw new Error('a load run needs at least one request');
  let next = 0;
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let firstFailure: LoadResult['firstFailure'];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.origin,
        connections,
        duration: seconds,
        requests: [
          {
            // Round-robin over all connections: each new request takes the next entry.
            setupRequest: (request) => ({ ...request, ...built[next++ % built.length] }),
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && firstFailure === undefined)
                firstFailure = { status, body: String(body).slice(0, 500) };
            },
          },
        ],
      },
      (error: unknown, done) => (error ? reject(toError(error)) : resolve(done)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      latenciesMs.push(responseTimeMs);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const latencyNs = Float64Array.from(latenciesMs, (ms) => ms * 1e6);
  const non2xx = Object.entries(statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    connections,
    durationSeconds: result.duration,
    responses: latenciesMs.length,
    requestsPerSecond: latenciesMs.length / result.duration,
    latency: summarise(latencyNs),
    statuses,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ...(firstFailure !== undefined ? { firstFailure } : {}),
    valid: latenciesMs.length > 0 && non2xx === 0 && result.errors === 0 && result.timeouts === 0,
    loadAverage: loadavg()[0] ?? NaN,
  };
}

const toError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

async function warmUpAndMeasure(spec: LoadSpec): Promise<LoadResult> {
  const warmup = spec.warmupSeconds ?? 1;
  if (warmup > 0) {
    const warm = await fire(spec, warmup);
    // A warm-up that fails would fail the measured run too; say so now, with the reason.
    if (!warm.valid) return warm;
  }
  return fire(spec, spec.durationSeconds ?? 5);
}

if (import.meta.main && process.argv.includes('--load-generator')) {
  process.on('message', (message: RunMessage) => {
    warmUpAndMeasure(message.spec).then(
      (result) => process.send?.({ id: message.id, result } satisfies ReplyMessage),
      (error: unknown) =>
        process.send?.({
          id: message.id,
          error: error instanceof Error ? error.message : String(error),
        } satisfies ReplyMessage),
    );
  });
}
