// Throughput and latency of the main API routes under concurrent load (issue 3: "Load: a benchmark in bench/
// (autocannon) for the main read and write routes with figures in BENCHMARKS.md as ratios to a bare Fastify route
// in the same run").
//
// A clinic is opened through the API (approved library, one user per clinical role), 12 patients are treated through
// the API to a signed session (bench patients), each then gets a draft session, and 48 more are registered. The real
// server (buildApp + listen on a free port) and a bare Fastify route (GET /bare) run in this process; autocannon runs
// in a child process (bench/http-load.ts) with real session cookies and CSRF headers of a signed-in (TOTP) physician
// or nurse. Each route is warmed up, then measured for a fixed time with a fixed number of connections; its requests
// go round-robin over the 12 bench patients, and writes carry distinct bodies. The bare route is measured before the
// first route and after every route, and each route's ratio uses the mean of the bare runs just before and just after
// it, so that a change in the machine's load between runs touches both sides of the ratio about equally.
// Reads run before writes (writes grow the record the reads would read). Every response must be 2xx: a run with any
// other status, a connection error or a timeout is invalid, reported, and makes the command exit with status 1.
//
// Usage: node bench/api-load.ts [--duration 5] [--warmup 1] [--connections 10] [--rounds 1] [--only TEXT] [--postgres]
// [--json] (--only: just the routes whose name contains TEXT, e.g. `--only orders`)

import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.ts';
import type { Clinic } from '../src/server/testing/clinic-api.ts';
import { expectJson, openClinic, treatedPatient } from '../src/server/testing/clinic-api.ts';
import { kneeIntake } from '../src/server/testing/well-screened-intake.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';
import { createFreshPostgresDatabase } from '../src/store/testing/stores.ts';
import { postgresAvailable, startPostgres } from '../test/postgres-server.ts';
import type { LoadGenerator, LoadRequest, LoadResult } from './http-load.ts';
import { BARE_REQUEST, listenOnFreePort, startBareServer, startLoadGenerator } from './http-load.ts';
import { fixed, thousands } from './stats.ts';

const BENCH_PATIENTS = 12;
const OTHER_PATIENTS = 48;
/** Distinct write bodies per route, sent round-robin (far more than the connections, so none repeats at once). */
const DISTINCT_WRITES = 600;

export interface RouteRound {
  readonly result: LoadResult;
  readonly bareBefore: LoadResult;
  readonly bareAfter: LoadResult;
  /** Route req/s over the mean req/s of the bare runs before and after it. */
  readonly ratio: number;
}

export interface RouteLoad {
  readonly route: string;
  readonly kind: 'read' | 'write';
  readonly rounds: readonly RouteRound[];
}

export interface ApiLoadResult {
  readonly database: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly patients: number;
  readonly routes: readonly RouteLoad[];
  /** Every run of the bare route, in order (before the first route, then after each route). */
  readonly bare: readonly LoadResult[];
  /** 1-minute load average when the runs on this database began, and its range over the runs. */
  readonly loadAverage: { readonly start: number; readonly min: number; readonly max: number };
  readonly cpus: number;
  readonly invalid: readonly string[];
}

interface BenchRecord {
  readonly patientId: string;
  readonly planId: string;
  readonly draftSessionId: string;
}

async function seed(app: Awaited<ReturnType<typeof buildApp>>): Promise<{
  clinic: Clinic;
  records: BenchRecord[];
}> {
  const clinic = await openClinic(app);
  const records: BenchRecord[] = [];
  for (let i = 0; i < BENCH_PATIENTS; i++) {
    const treated = await treatedPatient(app, clinic, { givenName: 'Bench', familyName: `Patient ${i}` });
    const { session } = expectJson<{ session: { id: string } }>(
      await clinic.nurse.api.post(`/api/orders/${treated.orderId}/sessions`, {}),
      201,
    );
    records.push({ patientId: treated.patientId, planId: treated.planId, draftSessionId: session.id });
  }
  for (let i = 0; i < OTHER_PATIENTS; i++) {
    expectJson(
      await clinic.coordinator.api.post('/api/patients', {
        givenName: 'Other',
        familyName: `Patient ${i}`,
        birthDate: '1980-01-01',
        sex: 'female',
      }),
      201,
    );
  }
  return { clinic, records };
}

interface RouteSpec {
  readonly route: string;
  readonly kind: 'read' | 'write';
  readonly requests: readonly LoadRequest[];
}

function routeSpecs(clinic: Clinic, records: readonly BenchRecord[], now: Date): RouteSpec[] {
  const physician = clinic.physician.headers();
  const nurse = clinic.nurse.headers();
  const each = (path: (r: BenchRecord) => string): LoadRequest[] =>
    records.map((r) => ({ method: 'GET', path: path(r), headers: physician }));
  const writes = (request: (r: BenchRecord, n: number) => LoadRequest): LoadRequest[] =>
    Array.from({ length: DISTINCT_WRITES }, (_, n) => request(records[n % records.length] as BenchRecord, n));
  const { intake } = kneeIntake(now);
  return [
    { route: 'GET /api/patients/:id', kind: 'read', requests: each((r) => `/api/patients/${r.patientId}`) },
    {
      route: 'GET /api/patients/:id/screening',
      kind: 'read',
      requests: each((r) => `/api/patients/${r.patientId}/screening`),
    },
    {
      route: 'GET /api/patients/:id/timeline',
      kind: 'read',
      requests: each((r) => `/api/patients/${r.patientId}/timeline`),
    },
    {
      route: `GET /api/patients (first page: 50 of ${OTHER_PATIENTS + BENCH_PATIENTS})`,
      kind: 'read',
      requests: [{ method: 'GET', path: '/api/patients', headers: physician }],
    },
    {
      // A new intake version without new facts: screening runs again over the record's facts.
      route: 'PUT /api/patients/:id/intake (screens again)',
      kind: 'write',
      requests: writes((r, n) => ({
        method: 'PUT',
        path: `/api/patients/${r.patientId}/intake`,
        headers: physician,
        body: { intake: { ...intake, goal: { code: 'knee-osteoarthritis', text: `climb stairs, v${n}` } } },
      })),
    },
    {
      route: 'POST /api/plans/:id/orders (dose check)',
      kind: 'write',
      requests: writes((r, n) => ({
        method: 'POST',
        path: `/api/plans/${r.planId}/orders`,
        headers: physician,
        // Every bench patient had a session signed minutes ago, so the engine warns that the interval is too short
        // (dose.interval-too-short); the order carries the coded override it needs, as a physician's would.
        body: {
          values: { concentrationUgPerMl: 10, gasVolumeMl: 10 },
          overrides: [
            { ruleId: 'dose.interval-too-short', reason: 'titration-plan', comment: `bench order ${n}` },
          ],
        },
      })),
    },
    {
      route: 'PATCH /api/sessions/:id (draft)',
      kind: 'write',
      requests: writes((r, n) => ({
        method: 'PATCH',
        path: `/api/sessions/${r.draftSessionId}`,
        headers: nurse,
        body: {
          vitals: { systolicMmHg: 110 + (n % 30), diastolicMmHg: 70 + (n % 15), heartRateBpm: 60 + (n % 25) },
          notes: `pre-session check ${n}`,
        },
      })),
    },
  ];
}

async function openBenchStore(
  postgres: boolean,
): Promise<{ store: Store; name: string; close: () => Promise<void> }> {
  if (!postgres) {
    const store = await openStore({ dataDir: undefined });
    return { store, name: 'PGlite (in memory)', close: () => store.close() };
  }
  if (!postgresAvailable())
    throw new Error('--postgres needs PostgreSQL 15 binaries (/usr/lib/postgresql/15/bin)');
  const server = await startPostgres();
  const database = await createFreshPostgresDatabase(server.url);
  // The pool size `o3care serve` uses (store/database.ts default).
  const store = await openStore({ url: database.url });
  return {
    store,
    name: 'PostgreSQL 15 (local)',
    close: async () => {
      await store.close();
      await database.drop();
      server.stop();
    },
  };
}

export interface ApiLoadOptions {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly rounds: number;
  /** Only the routes whose name contains this text (the bare route is always measured). */
  readonly only?: string;
}

export async function measureApiLoad(
  postgres: boolean,
  options: ApiLoadOptions,
  load: LoadGenerator,
): Promise<ApiLoadResult> {
  const { store, name, close } = await openBenchStore(postgres);
  const app = await buildApp({ store });
  const bare = await startBareServer();
  try {
    const { clinic, records } = await seed(app);
    const origin = await listenOnFreePort(app);
    const specs = routeSpecs(clinic, records, app.now()).filter(
      (spec) => options.only === undefined || spec.route.includes(options.only),
    );
    const run = (requests: readonly LoadRequest[], target = origin) =>
      load.run({
        origin: target,
        requests,
        connections: options.connections,
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
      });
    const start = loadavg()[0] ?? NaN;
    const rounds = new Map<string, RouteRound[]>(specs.map((s) => [s.route, []]));
    const all: LoadResult[] = [];
    const bareRuns: LoadResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      let bareBefore = await run([BARE_REQUEST], bare.origin);
      all.push(bareBefore);
      bareRuns.push(bareBefore);
      for (const spec of specs) {
        const result = await run(spec.requests);
        const bareAfter = await run([BARE_REQUEST], bare.origin);
        all.push(result, bareAfter);
        bareRuns.push(bareAfter);
        const baseline = (bareBefore.requestsPerSecond + bareAfter.requestsPerSecond) / 2;
        rounds
          .get(spec.route)
          ?.push({ result, bareBefore, bareAfter, ratio: result.requestsPerSecond / baseline });
        bareBefore = bareAfter;
      }
    }
    const routes = specs.map((s) => ({ route: s.route, kind: s.kind, rounds: rounds.get(s.route) ?? [] }));
    const invalid = [
      ...routes.flatMap((r) => r.rounds.map((round) => [r.route, round.result] as const)),
      ...bareRuns.map((result) => ['GET /bare', result] as const),
    ]
      .filter(([, result]) => !result.valid)
      .map(([route, result]) => `${name}: ${route}: ${describeFailure(result)}`);
    const loads = all.map((r) => r.loadAverage);
    return {
      database: name,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      patients: BENCH_PATIENTS + OTHER_PATIENTS,
      routes,
      bare: bareRuns,
      loadAverage: { start, min: Math.min(...loads), max: Math.max(...loads) },
      cpus: cpus().length,
      invalid,
    };
  } finally {
    await bare.close();
    await app.close();
    await close();
  }
}

function describeFailure(result: LoadResult): string {
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');
  const first = result.firstFailure
    ? `; first: ${result.firstFailure.status} ${result.firstFailure.body}`
    : '';
  return `${result.non2xx} non-2xx (${statuses}), ${result.errors} errors, ${result.timeouts} timeouts${first}`;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

/** The round whose ratio is the median (the lower middle one for an even count). */
function middleRound(rounds: readonly RouteRound[]): RouteRound | undefined {
  const sorted = [...rounds].sort((a, b) => a.ratio - b.ratio);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Milliseconds to 2 decimals; a run without responses has no latency (NaN, or null once through JSON). */
const ms = (value: number | null): string =>
  value === null || !Number.isFinite(value) ? '–' : fixed(value, 2);

/** The bare runs of a database, as the row of the run with the median req/s. */
function bareRow(r: ApiLoadResult): string {
  const runs = r.bare;
  const middle = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
    Math.floor((runs.length - 1) / 2)
  ];
  if (!middle) return `| ${r.database} | GET /bare (baseline) | – | – | – | – | – | – | 1.00 |`;
  const l = middle.latency;
  const failures = runs.reduce((s, b) => s + b.non2xx + b.errors, 0);
  return `| ${r.database} | GET /bare (baseline, median of ${runs.length} runs) | ${thousands(middle.requestsPerSecond)} | ${thousands(middle.responses)} | ${ms(l.p50Ms)} | ${ms(l.p95Ms)} | ${ms(l.p99Ms)} | ${failures} | 1.00 |`;
}

export function apiLoadTable(results: readonly ApiLoadResult[]): string {
  const first = results[0];
  const rounds = first?.routes[0]?.rounds.length ?? 0;
  const header = first
    ? `API under load: autocannon, ${first.connections} connections, ${first.warmupSeconds} s warm-up + ` +
      `${first.durationSeconds} s per run, ${rounds} round(s); real server, signed-in cookies and CSRF headers. ` +
      `Ratio: req/s over the mean of the bare Fastify route (GET /bare, same process) measured just before and ` +
      `after. ${first.cpus} CPUs; 1-min load average ` +
      results
        .map((r) => `${r.database}: ${fixed(r.loadAverage.min, 1)}–${fixed(r.loadAverage.max, 1)}`)
        .join(', ') +
      '.'
    : 'API under load: no results.';
  const rows = results.flatMap((r) => [
    bareRow(r),
    ...r.routes.map((route) => {
      const middle = middleRound(route.rounds);
      if (!middle) return `| ${r.database} | ${route.route} | – | – | – | – | – | – | – |`;
      const l = middle.result.latency;
      const ratios = route.rounds.map((x) => x.ratio);
      const ratio =
        ratios.length > 1
          ? `${fixed(median(ratios), 3)} (${fixed(Math.min(...ratios), 3)}–${fixed(Math.max(...ratios), 3)})`
          : fixed(middle.ratio, 3);
      const non2xx = route.rounds.reduce((s, x) => s + x.result.non2xx + x.result.errors, 0);
      return `| ${r.database} | ${route.route} | ${thousands(middle.result.requestsPerSecond)} | ${thousands(middle.result.responses)} | ${ms(l.p50Ms)} | ${ms(l.p95Ms)} | ${ms(l.p99Ms)} | ${non2xx} | ${ratio} |`;
    }),
  ]);
  return [
    header,
    '',
    '| database | route | req/s | responses | p50 ms | p95 ms | p99 ms | non-2xx + errors | ratio to bare |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...results.flatMap((r) => r.invalid.map((line) => `\nINVALID ${line}`)),
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '1' },
      only: { type: 'string' },
      postgres: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const options: ApiLoadOptions = {
    durationSeconds: Number(values.duration),
    warmupSeconds: Number(values.warmup),
    connections: Number(values.connections),
    rounds: Number(values.rounds),
    ...(values.only !== undefined ? { only: values.only } : {}),
  };
  const load = startLoadGenerator();
  try {
    const results = [await measureApiLoad(false, options, load)];
    if (values.postgres) results.push(await measureApiLoad(true, options, load));
    if (values.json) console.log(JSON.stringify(results));
    else console.log(apiLoadTable(results));
    if (results.some((r) => r.invalid.length > 0)) {
      for (const line of results.flatMap((r) => r.invalid)) console.error(`invalid run: ${line}`);
      process.exitCode = 1;
    }
  } finally {
    await load.close();
  }
}
