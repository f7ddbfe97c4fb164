// Latency of a patient's timeline over the API with 1,000 signed sessions in the record (DESIGN.md budget: < 50 ms).
// The patient is treated through the API (clinic, library, intake, plan, order, consent, one signed session), then
// the signed session is cloned to 1,000 in SQL, with adverse events, amendments and outcomes, beside 100 other
// patients of 100 sessions each, so that the query must find one patient's rows among many. No ANALYZE is run after
// the bulk insert: embedded PGlite runs PostgreSQL in single-user mode, without autovacuum, so its planner may never
// see fresher statistics. Each request goes through the whole stack: app.inject, session cookie, permission,
// compartment, the query, its audit row, the serializer.
// Baseline in the same run: GET /api/auth/session (authenticated, no patient data, no audit row).
// Usage: node bench/timeline-latency.ts [--iterations 300] [--postgres] [--explain] [--json]
// (--explain prints the query plan of the first page on each database, to stderr).

import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import type { apiClient } from '../src/server/testing/clinic-api.ts';
import { openClinic, treatedPatient } from '../src/server/testing/clinic-api.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';
import { createFreshPostgresDatabase } from '../src/store/testing/stores.ts';
import { timelineQuery } from '../src/store/timeline.repository.ts';
import { postgresAvailable, startPostgres } from '../test/postgres-server.ts';
import type { Latency } from './stats.ts';
import { fixed, summarise } from './stats.ts';

export interface TimelineResult {
  readonly database: string;
  readonly iterations: number;
  readonly sessions: number;
  readonly otherSessions: number;
  readonly firstPage: Latency;
  readonly deepPage: Latency;
  readonly baseline: Latency;
}

const SESSIONS = 1_000;
const OTHER_PATIENTS = 100;
const OTHER_SESSIONS_EACH = 100;

/** Clones the patient's signed session to `count` sessions in all, one a day back in time. */
async function cloneSessions(
  store: Store,
  sessionId: string,
  patientId: string,
  count: number,
): Promise<void> {
  await sql`
    insert into ozone_session (id, patient_id, order_id, technique, scheduled_at, started_at, vitals, consent_id,
      checklist, generator_reading, concentration_ug_per_ml, gas_volume_ml, blood_volume_ml, duration_min, operator_id,
      operator_credentials, supervising_physician_id, image_guidance, notes, rescreening, library_version_id, status,
      signed_by, signed_at, created_by, created_at, updated_at)
    select gen_random_uuid(), ${patientId}::uuid, s.order_id, s.technique, s.scheduled_at - g * interval '1 day',
      s.started_at - g * interval '1 day', s.vitals, s.consent_id, s.checklist, s.generator_reading,
      s.concentration_ug_per_ml, s.gas_volume_ml, s.blood_volume_ml, s.duration_min, s.operator_id,
      s.operator_credentials, s.supervising_physician_id, s.image_guidance, s.notes, s.rescreening,
      s.library_version_id, 'signed', s.signed_by, s.signed_at - g * interval '1 day', s.created_by,
      s.created_at - g * interval '1 day', s.updated_at
    from ozone_session s, generate_series(1, ${count}) as g
    where s.id = ${sessionId}`.execute(store.db);
}

async function seed(
  app: FastifyInstance,
  store: Store,
): Promise<{ patientId: string; physician: ReturnType<typeof apiClient> }> {
  const clinic = await openClinic(app);
  const record = await treatedPatient(app, clinic, { givenName: 'Tomás', familyName: 'Timeline' });
  await cloneSessions(store, record.sessionId, record.patientId, SESSIONS - 1);
  const patientId = record.patientId;
  await sql`
    insert into adverse_event (id, session_id, patient_id, grade, description, reported_by, reported_at)
    select gen_random_uuid(), id, patient_id, 1, 'mild ache', signed_by, signed_at + interval '1 hour'
    from ozone_session where patient_id = ${patientId} order by started_at limit 50`.execute(store.db);
  await sql`
    insert into session_amendment (id, session_id, patient_id, field, old_value, new_value, reason, amended_by, amended_at)
    select gen_random_uuid(), id, patient_id, 'notes', 'null', '"corrected"', 'typo', signed_by, signed_at + interval '2 hours'
    from ozone_session where patient_id = ${patientId} order by started_at desc limit 20`.execute(store.db);
  await sql`
    insert into outcome_measure (id, patient_id, measure, value, phase, recorded_at, recorded_by)
    select gen_random_uuid(), ${patientId}::uuid, 'pain-nrs', 7 - (g % 5), 'follow-up', now() - g * interval '30 days', 'bench'
    from generate_series(1, 30) as g`.execute(store.db);
  for (let i = 0; i < OTHER_PATIENTS; i++) {
    const other = crypto.randomUUID();
    await sql`
      insert into patient (id, given_name, family_name, sex, created_by, created_at, updated_at)
      values (${other}, 'Other', ${`Patient ${i}`}, 'unknown', 'bench', now(), now())`.execute(store.db);
    await cloneSessions(store, record.sessionId, other, OTHER_SESSIONS_EACH);
  }
  return { patientId, physician: clinic.physician.api };
}

async function time(iterations: number, request: () => Promise<number>): Promise<Latency> {
  for (let i = 0; i < Math.max(30, iterations / 10); i++) await request();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    const status = await request();
    samples[i] = Number(process.hrtime.bigint() - start);
    if (status !== 200) throw new Error(`request answered ${status}`);
  }
  return summarise(samples);
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
  const store = await openStore({ url: database.url, poolSize: 5 });
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

async function explain(store: Store, patientId: string): Promise<string> {
  const query = timelineQuery(patientId, { limit: 51 }).compile(store.db);
  const { rows } = await store.db.executeQuery<Record<string, string>>({
    ...query,
    sql: `explain analyze ${query.sql}`,
  });
  return rows.map((row) => Object.values(row)[0]).join('\n');
}

export async function measureTimeline(
  iterations: number,
  postgres: boolean,
  options: { readonly explain?: boolean } = {},
): Promise<TimelineResult> {
  const { store, name, close } = await openBenchStore(postgres);
  const app = await buildApp({ store });
  try {
    const { patientId, physician } = await seed(app, store);
    if (options.explain === true) console.error(`${name}\n${await explain(store, patientId)}\n`);
    const url = `/api/patients/${patientId}/timeline`;
    let cursor: string | undefined;
    for (let page = 0; page < 15; page++) {
      const body = (await physician.get(`${url}${cursor ? `?cursor=${cursor}` : ''}`)).json<{
        next?: string;
      }>();
      cursor = body.next;
    }
    if (!cursor) throw new Error('the timeline has fewer than 16 pages');
    const deepUrl = `${url}?cursor=${cursor}`;
    return {
      database: name,
      iterations,
      sessions: SESSIONS,
      otherSessions: OTHER_PATIENTS * OTHER_SESSIONS_EACH,
      firstPage: await time(iterations, async () => (await physician.get(url)).statusCode),
      deepPage: await time(iterations, async () => (await physician.get(deepUrl)).statusCode),
      baseline: await time(iterations, async () => (await physician.get('/api/auth/session')).statusCode),
    };
  } finally {
    await app.close();
    await close();
  }
}

export function timelineTable(results: readonly TimelineResult[]): string {
  const rows = results.flatMap(
    (r) =>
      [
        [r.database, 'GET /api/auth/session (baseline)', r.baseline],
        [r.database, 'timeline, first page (50 events)', r.firstPage],
        [r.database, 'timeline, page 16 (cursor)', r.deepPage],
      ] as const,
  );
  return [
    `Patient timeline with ${results[0]?.sessions ?? SESSIONS} signed sessions (+ ${thousandsOf(results[0]?.otherSessions)} of other patients), ` +
      `${results[0]?.iterations ?? 0} requests each, through app.inject. Budget: < 50 ms.`,
    '',
    '| database | request | p50 ms | p95 ms | p99 ms | mean ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      ([database, label, l]) =>
        `| ${database} | ${label} | ${fixed(l.p50Ms, 2)} | ${fixed(l.p95Ms, 2)} | ${fixed(l.p99Ms, 2)} | ${fixed(l.meanMs, 2)} |`,
    ),
  ].join('\n');
}

const thousandsOf = (value: number | undefined) => (value ?? 0).toLocaleString('en-US');

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '300' },
      postgres: { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const iterations = Number(values.iterations);
  const options = { explain: values.explain };
  const results = [await measureTimeline(iterations, false, options)];
  if (values.postgres) results.push(await measureTimeline(iterations, true, options));
  if (values.json) console.log(JSON.stringify(results));
  else console.log(timelineTable(results));
}
