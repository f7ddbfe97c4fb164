// Hostile input (issue 3): thousands of generated malformed bodies, headers, query strings and path ids sent to every
// route the app registers, signed in as a role the route allows so that the input reaches validation and the
// services, not only the guard. Every answer must be a 4xx problem with a clear message (a 400 naming each bad field
// by its JSON path), never a 5xx; a refused request must have written nothing (a row-level trigger, installed only in
// this test's database, counts committed writes per table); afterwards the audit chain verifies and the app still
// answers. A few inputs happen to be valid: those are counted, not failed, and their writes are allowed.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../store/audit.repository.ts';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import type { Role } from '../auth/permissions.ts';
import { ROLES } from '../auth/permissions.ts';
import { CSRF_HEADER } from '../auth/plugin.ts';
import { PROBLEM_BASE } from '../problem.ts';
import type { SignedIn } from '../testing/auth.ts';
import { createUser, signIn, signInAs } from '../testing/auth.ts';
import type { TreatedPatient } from '../testing/clinic-api.ts';
import { expectJson, openClinic, treatedPatient } from '../testing/clinic-api.ts';
import type { JsonSchema, QueryParameter, ValueOptions } from '../testing/hostile.ts';
import {
  fittingValue,
  hostileAccept,
  hostileContentType,
  hostileCookie,
  hostileCsrf,
  hostilePathId,
  hostileQuery,
  hostileValue,
  malformedJsonText,
  nearValidBody,
  oddHeader,
  toJsonText,
} from '../testing/hostile.ts';

/** Requests per family and database; together with the probes and the oversized bodies, over 3,000 per database. */
const RUNS = { bodies: 1_100, malformed: 450, headers: 550, queries: 450, pathIds: 400 } as const;

/** Where a 400 may say the bad field is: Fastify's validation contexts, and the URL itself when it cannot be decoded. */
const FIELD_PATH = /^\$\.(body|querystring|params|headers|url)([.[]|$)/;

/** Tables whose rows legitimately change on refused requests: the audit trail and the sign-in throttle. */
const UNCOUNTED_TABLES = new Set(['audit_event', 'audit_head', 'login_throttle', 'hostile_input_writes']);
/** Sessions are touched (last_seen_at) on every request: only their creation and deletion count as writes. */
const INSERT_DELETE_ONLY = new Set(['auth_session']);

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Operation {
  readonly method: string;
  /** As registered: `/api/patients/:id`. */
  readonly url: string;
  readonly body: JsonSchema | undefined;
  readonly query: readonly QueryParameter[];
}

/**
 * Who a route lets through, as probed: `public` routes are fuzzed without a session (sign-in routes, health, and
 * routes no web session opens, such as CDS Hooks with its client tokens); the others as one of `roles`.
 */
type Access = { readonly kind: 'public' } | { readonly kind: 'roles'; readonly roles: readonly Role[] };

interface HostileRequest {
  readonly operation: Operation;
  /** What this request does wrong, for failure messages. */
  readonly what: string;
  readonly method: string;
  readonly url: string;
  readonly role: Role | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: string;
}

/** What a family does to an otherwise ordinary request. */
interface Change {
  readonly what: string;
  readonly id?: string;
  readonly query?: string;
  readonly payload?: string | undefined;
  readonly headers?: (base: Record<string, string>) => Record<string, string>;
  readonly method?: string;
}

interface OpenApiDocument {
  readonly paths: Readonly<
    Record<
      string,
      Readonly<
        Record<
          string,
          {
            readonly parameters?: readonly {
              readonly in: string;
              readonly name: string;
              readonly schema: JsonSchema;
            }[];
            readonly requestBody?: {
              readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
            };
          }
        >
      >
    >
  >;
}

const truncate = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text;

function exchangeText(request: HostileRequest, response?: LightMyRequestResponse): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${truncate(value, 120)}`)
    .join('\n    ');
  return [
    `${request.operation.method} ${request.operation.url} as ${request.role ?? 'nobody'}: ${request.what}`,
    `  ${request.method} ${truncate(request.url, 300)}`,
    `  headers:\n    ${headers || '(none)'}`,
    `  body: ${request.payload === undefined ? '(none)' : truncate(JSON.stringify(request.payload), 400)}`,
    response
      ? `  → ${response.statusCode} ${String(response.headers['content-type'] ?? '')} ${truncate(response.body, 600)}`
      : '',
  ].join('\n');
}

/** Nothing about the answer may suggest a crash: a 4xx problem with a message, and for a 400 each bad field's path. */
function assertRefusedClearly(request: HostileRequest, response: LightMyRequestResponse): void {
  const context = () => exchangeText(request, response);
  assert.ok(response.statusCode >= 400 && response.statusCode < 500, `not a 4xx answer\n${context()}`);
  const contentType = String(response.headers['content-type'] ?? '');
  if (
    /^\/(fhir|cds-services)([/?]|$)/.test(request.url) &&
    !contentType.startsWith('application/problem+json')
  ) {
    // FHIR and CDS Hooks answer with OperationOutcomes (DESIGN.md, Errors; a path no route matches is still a problem); a CDS call without a valid client token
    // gets a bare 401 with `WWW-Authenticate: Bearer` by design (src/server/cds/plugin.ts).
    if (response.statusCode === 401 && response.body === '') {
      assert.match(String(response.headers['www-authenticate'] ?? ''), /^Bearer/, context());
      return;
    }
    assert.match(contentType, /^application\/(fhir\+)?json/, context());
    if (request.method === 'HEAD') return;
    const outcome = response.json<{ resourceType?: string; issue?: unknown[] }>();
    assert.equal(outcome.resourceType, 'OperationOutcome', context());
    assert.ok(Array.isArray(outcome.issue) && outcome.issue.length > 0, context());
    return;
  }
  assert.match(contentType, /^application\/problem\+json/, `not problem+json\n${context()}`);
  if (request.method === 'HEAD') return;
  const problem = response.json<{
    type?: unknown;
    title?: unknown;
    status?: unknown;
    detail?: unknown;
    errors?: unknown;
  }>();
  assert.ok(
    typeof problem.type === 'string' && problem.type.startsWith(PROBLEM_BASE),
    `problem type\n${context()}`,
  );
  assert.ok(typeof problem.title === 'string' && problem.title.length > 0, `problem title\n${context()}`);
  assert.equal(problem.status, response.statusCode, `problem status\n${context()}`);
  assert.ok(typeof problem.detail === 'string' && problem.detail.length > 0, `a clear message\n${context()}`);
  if (response.statusCode !== 400) return;
  const errors = problem.errors as { path?: unknown; message?: unknown }[] | undefined;
  assert.ok(Array.isArray(errors) && errors.length > 0, `a 400 names the bad fields\n${context()}`);
  for (const error of errors) {
    assert.ok(typeof error.path === 'string' && FIELD_PATH.test(error.path), `field path\n${context()}`);
    assert.ok(typeof error.message === 'string' && error.message.length > 0, `field message\n${context()}`);
  }
}

/** A 2xx is a normal answer: JSON (or, for /metrics, Prometheus text), as the route's response schema made it. */
function assertNormalAnswer(request: HostileRequest, response: LightMyRequestResponse): void {
  const contentType = String(response.headers['content-type'] ?? '');
  if (request.method === 'HEAD' || response.statusCode === 204) return;
  assert.match(contentType, /^(application\/(fhir\+)?json|text\/plain)/, exchangeText(request, response));
}

/** The last segment before `:id` names the record kind: `/api/plans/:id/orders` → `plans`. */
const kindOf = (url: string): string => /\/([^/]+)\/:id(\/|$)/.exec(url)?.[1] ?? '';

// The databases run side by side: PostgreSQL works in its own process while PGlite and the generators use this one.
describe('hostile input', { concurrency: true }, () => {
  for (const database of testDatabases()) {
    // One request at a time within a database: the write counter attributes each commit to the request just answered.
    describe(`on every route (${database.name})`, { concurrency: false }, () => {
      let store: Store;
      let app: FastifyInstance;
      let record: TreatedPatient;
      let options: ValueOptions;
      const sessions = new Map<Role, SignedIn>();
      /** Real ids by the kind of record a route's `:id` names. */
      const realIds = new Map<string, string>();
      let operations: Operation[] = [];
      const access = new Map<string, Access>();

      /** What the fuzz did, checked and summarised at the end. */
      const tally = {
        requests: 0,
        normal: 0,
        normalWrites: new Map<string, number>(),
        statuses: new Map<number, number>(),
        /** Routes that answered something other than 401/403, i.e. the input got past the guard. */
        pastGuard: new Set<string>(),
        /** Tables written by requests that succeeded (the only ones allowed to change). */
        writtenBySuccess: new Set<string>(),
        recentWrites: [] as string[],
      };
      let writes = new Map<string, number>();
      let rowCountsBefore = new Map<string, number>();

      const routeKey = (operation: Operation) => `${operation.method} ${operation.url}`;

      async function tableNames(): Promise<string[]> {
        const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
          store.db,
        );
        return rows.map((row) => row.table_name);
      }

      async function rowCounts(): Promise<Map<string, number>> {
        const counts = new Map<string, number>();
        for (const table of await tableNames()) {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from ${sql.table(table)}`.execute(store.db);
          counts.set(table, rows[0]!.n);
        }
        return counts;
      }

      /**
       * Test instrumentation, not a mock: a row-level trigger on every table bumps a per-table counter in the writing
       * transaction, so the counter moves exactly when a write commits (a rolled-back write rolls the bump back too).
       */
      async function countCommittedWrites(): Promise<void> {
        await sql`create table hostile_input_writes (table_name text primary key, writes bigint not null)`.execute(
          store.db,
        );
        await sql`
        create function hostile_input_count() returns trigger language plpgsql as $$
        begin
          insert into hostile_input_writes values (tg_table_name, 1)
          on conflict (table_name) do update set writes = hostile_input_writes.writes + 1;
          return null;
        end $$`.execute(store.db);
        for (const table of await tableNames()) {
          if (UNCOUNTED_TABLES.has(table) || table.startsWith('kysely_')) continue;
          const events = INSERT_DELETE_ONLY.has(table)
            ? sql`insert or delete`
            : sql`insert or update or delete`;
          await sql`create trigger hostile_input_count after ${events} on ${sql.table(table)}
          for each row execute function hostile_input_count()`.execute(store.db);
        }
      }

      async function committedWrites(): Promise<Map<string, number>> {
        const { rows } = await sql<{ table_name: string; writes: string | number }>`
        select table_name, writes from hostile_input_writes`.execute(store.db);
        return new Map(rows.map((row) => [row.table_name, Number(row.writes)]));
      }

      const inject = (request: HostileRequest, remoteAddress: string) =>
        app.inject({
          method: request.method as InjectOptions['method'],
          url: request.url,
          headers: request.headers,
          remoteAddress,
          ...(request.payload !== undefined ? { payload: request.payload } : {}),
        });

      /** Sends one request and checks its answer and what it wrote. */
      async function exchange(request: HostileRequest): Promise<LightMyRequestResponse> {
        // A new client address per request keeps the per-IP sign-in rate limit from answering 429 to everything.
        tally.requests++;
        const n = tally.requests;
        const response = await inject(request, `198.19.${(n >> 8) & 255}.${n & 255}`);
        tally.statuses.set(response.statusCode, (tally.statuses.get(response.statusCode) ?? 0) + 1);
        if (![401, 403].includes(response.statusCode)) tally.pastGuard.add(routeKey(request.operation));
        const now = await committedWrites();
        const written = [...now]
          .filter(([table, count]) => count !== (writes.get(table) ?? 0))
          .map(([t]) => t);
        writes = now;
        assert.ok(
          response.statusCode < 500,
          `a server error\n${exchangeText(request, response)}\n` +
            `the last successful writes (a read may fail on what one of them stored):\n${tally.recentWrites.join('\n')}`,
        );
        if (response.statusCode >= 200 && response.statusCode < 300) {
          tally.normal++;
          assertNormalAnswer(request, response);
          for (const table of written) tally.writtenBySuccess.add(table);
          if (written.length > 0) {
            tally.recentWrites.push(exchangeText(request, response));
            if (tally.recentWrites.length > 3) tally.recentWrites.shift();
            const key = routeKey(request.operation);
            tally.normalWrites.set(key, (tally.normalWrites.get(key) ?? 0) + 1);
          }
          return response;
        }
        assertRefusedClearly(request, response);
        assert.deepEqual(written, [], `a refused request wrote rows\n${exchangeText(request, response)}`);
        return response;
      }

      /** A probe is counted but not judged: a route that fails on it fails again, with a counterexample, in the fuzz. */
      async function probeExchange(request: HostileRequest): Promise<LightMyRequestResponse> {
        tally.requests++;
        const response = await inject(request, `198.18.255.${tally.requests & 255}`);
        writes = await committedWrites();
        return response;
      }

      // ------------------------------------------------------------ request builders

      const sessionHeaders = (role: Role | null): Record<string, string> =>
        role === null ? {} : sessions.get(role)!.headers();

      const roleFor = (operation: Operation): fc.Arbitrary<Role | null> => {
        const allowed = access.get(routeKey(operation));
        return allowed?.kind === 'roles' ? fc.constantFrom(...allowed.roles) : fc.constant(null);
      };

      const idFor = (operation: Operation): fc.Arbitrary<string> => {
        const real = realIds.get(kindOf(operation.url));
        return real ? fc.oneof({ weight: 3, arbitrary: fc.constant(real) }, fc.uuid()) : fc.uuid();
      };

      const fittingBody = (operation: Operation): fc.Arbitrary<string | undefined> =>
        !WRITE_METHODS.has(operation.method)
          ? fc.constant(undefined)
          : operation.body
            ? fittingValue(operation.body, options).map(toJsonText)
            : fc.constant('{}');

      /** A request to `operation` from an allowed role with a real or random id, which `change` then makes hostile. */
      function hostile(
        candidates: readonly Operation[],
        change: (operation: Operation) => fc.Arbitrary<Change>,
      ): fc.Arbitrary<HostileRequest> {
        const perOperation = new Map<
          Operation,
          fc.Arbitrary<{
            operation: Operation;
            role: Role | null;
            id: string;
            body: string | undefined;
            change: Change;
          }>
        >();
        return fc
          .constantFrom(...candidates)
          .chain((operation) => {
            // Arbitraries built from a schema cost far more to build than to draw from: one per operation.
            let arbitrary = perOperation.get(operation);
            if (!arbitrary) {
              arbitrary = fc.record({
                operation: fc.constant(operation),
                role: roleFor(operation),
                id: idFor(operation),
                body: fittingBody(operation),
                change: change(operation),
              });
              perOperation.set(operation, arbitrary);
            }
            return arbitrary;
          })
          .map(({ operation, role, id, body, change }) => {
            const path = operation.url.replaceAll(':id', change.id ?? id);
            const payload = 'payload' in change ? change.payload : body;
            const base: Record<string, string> = {
              ...sessionHeaders(role),
              ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
            };
            const request: HostileRequest = {
              operation,
              what: change.what,
              method: change.method ?? operation.method,
              url: change.query !== undefined ? `${path}?${change.query}` : path,
              role,
              headers: change.headers ? change.headers(base) : base,
              ...(payload !== undefined ? { payload } : {}),
            };
            // fast-check prints counterexamples with this: the exchange, not the route's whole JSON Schema.
            return Object.assign(request, { [fc.toStringMethod]: () => exchangeText(request) });
          });
      }

      const fuzz = (arbitrary: fc.Arbitrary<HostileRequest>, numRuns: number) =>
        fc.assert(
          fc.asyncProperty(arbitrary, async (request) => {
            await exchange(request);
          }),
          { numRuns },
        );

      // ------------------------------------------------------------ setup

      before(async () => {
        store = await database.open();
        app = await buildApp({ store });
        await app.ready();
        const clinic = await openClinic(app);
        record = await treatedPatient(app, clinic);
        const admin = await signInAs(app, 'admin');
        const patientUser = await createUser(store, { role: 'patient', patientId: record.patientId });
        const spare = await createUser(store, { role: 'nurse' });
        sessions.set('admin', admin);
        sessions.set('medical-director', clinic.director);
        sessions.set('physician', clinic.physician);
        sessions.set('nurse', clinic.nurse);
        sessions.set('coordinator', clinic.coordinator);
        sessions.set('patient', await signIn(app, patientUser));
        for (const [kind, id] of Object.entries({
          patients: record.patientId,
          plans: record.planId,
          orders: record.orderId,
          consents: record.consentId,
          sessions: record.sessionId,
          'adverse-events': record.adverseEventId,
          versions: clinic.libraryVersionId,
          // PATCH /api/users/:id may disable or re-role this account: never one the fuzz signs in with.
          users: spare.user.id,
        }))
          realIds.set(kind, id);
        options = {
          ids: [
            ...realIds.values(),
            clinic.consentTemplateId,
            clinic.physician.user.id,
            clinic.director.user.id,
            clinic.nurse.user.id,
          ],
          now: app.now(),
        };

        const document = app.swagger() as unknown as OpenApiDocument;
        // The /docs routes serve the third-party Swagger UI and the OpenAPI document itself: not ours to fuzz.
        operations = app
          .registeredRoutes()
          .filter((route) => !route.url.startsWith('/docs'))
          .map((route) => {
            const path = document.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')] ?? {};
            const spec = path[(route.method === 'HEAD' ? 'GET' : route.method).toLowerCase()];
            return {
              method: route.method,
              url: route.url,
              body: spec?.requestBody?.content?.['application/json']?.schema,
              query: (spec?.parameters ?? [])
                .filter((p) => p.in === 'query')
                .map(({ name, schema }) => ({ name, schema })),
            };
          });
        await countCommittedWrites();
        writes = await committedWrites();
        rowCountsBefore = await rowCounts();
        await probeAccess();
      });

      after(async () => {
        await app?.close();
        await store?.close();
      });

      /**
       * Which roles each route lets through, found by asking: a request with a non-UUID id and a body of the wrong type
       * is refused by the guard (401/403) or, once past it, by validation, so the probe itself changes nothing.
       */
      async function probeAccess(): Promise<void> {
        for (const operation of operations) {
          const get = operation.method === 'HEAD' ? access.get(`GET ${operation.url}`) : undefined;
          if (get) {
            access.set(routeKey(operation), get);
            continue;
          }
          const probe = (role: Role | null) => {
            const write = WRITE_METHODS.has(operation.method);
            return probeExchange({
              operation,
              what: 'access probe',
              method: operation.method,
              url: operation.url.replaceAll(':id', 'probe-not-a-uuid'),
              role,
              headers: { ...sessionHeaders(role), ...(write ? { 'content-type': 'application/json' } : {}) },
              ...(write ? { payload: '[]' } : {}),
            });
          };
          if (![401, 403].includes((await probe(null)).statusCode)) {
            access.set(routeKey(operation), { kind: 'public' });
            continue;
          }
          const roles: Role[] = [];
          for (const role of ROLES)
            if (![401, 403].includes((await probe(role)).statusCode)) roles.push(role);
          access.set(routeKey(operation), roles.length > 0 ? { kind: 'roles', roles } : { kind: 'public' });
        }
        const api = operations.filter((o) => o.url.startsWith('/api/'));
        assert.ok(api.length >= 40, `the app registers its /api routes (${api.length} found)`);
      }

      const writeOperations = () => operations.filter((o) => WRITE_METHODS.has(o.method));
      const withId = () => operations.filter((o) => o.url.includes(':id'));

      // ------------------------------------------------------------ the fuzz

      test('near-valid and wrongly shaped bodies on every write route are refused field by field', async () => {
        await fuzz(
          hostile(writeOperations(), (operation) =>
            fc.oneof(
              {
                weight: 4,
                arbitrary: nearValidBody(operation.body, options).map((b) => ({
                  what: `body: ${b.mutation}`,
                  payload: b.text,
                })),
              },
              hostileValue.map((v) => ({ what: 'body of the wrong shape', payload: toJsonText(v) })),
            ),
          ),
          RUNS.bodies,
        );
      });

      test('malformed JSON, lying lengths and foreign content types are refused', async () => {
        await fuzz(
          hostile(writeOperations(), () =>
            fc.oneof(
              malformedJsonText.map((text) => ({ what: 'malformed JSON', payload: text })),
              hostileContentType.map((type) => ({
                what: `content-type ${String(type)}`,
                headers: (base: Record<string, string>) => {
                  const { 'content-type': _json, ...rest } = base;
                  return type === undefined ? rest : { ...rest, 'content-type': type };
                },
              })),
              fc.constantFrom('0', '1', '99999999999', '-1', 'abc').map((length) => ({
                what: `content-length ${length}`,
                headers: (base: Record<string, string>) => ({ ...base, 'content-length': length }),
              })),
            ),
          ),
          RUNS.malformed,
        );
      });

      test('malformed cookies, CSRF tokens and odd headers never get past sign-in or crash a route', async () => {
        await fuzz(
          hostile(operations, (operation) => {
            const allowed = access.get(routeKey(operation));
            const live = allowed?.kind === 'roles' ? sessions.get(allowed.roles[0]!)?.cookie : undefined;
            return fc.oneof(
              hostileCookie(live).map((cookie) => ({
                what: 'malformed cookie',
                headers: (base: Record<string, string>) => ({ ...base, cookie }),
              })),
              hostileCsrf.map((csrf) => ({
                what: `CSRF header ${csrf === undefined ? 'missing' : JSON.stringify(truncate(csrf, 20))}`,
                headers: (base: Record<string, string>) => {
                  const { [CSRF_HEADER]: _token, ...rest } = base;
                  return csrf === undefined ? rest : { ...rest, [CSRF_HEADER]: csrf };
                },
              })),
              fc.tuple(oddHeader, hostileAccept).map(([[name, value], accept]) => ({
                what: `header ${name}, accept ${truncate(accept, 30)}`,
                headers: (base: Record<string, string>) => ({ ...base, [name]: value, accept }),
              })),
            );
          }),
          RUNS.headers,
        );
      });

      test('repeated, nested, huge and badly encoded query strings are refused', async () => {
        const reads = operations.filter(
          (o) => o.method === 'GET' || o.method === 'HEAD' || o.query.length > 0,
        );
        await fuzz(
          hostile([...reads, ...writeOperations()], (operation) =>
            hostileQuery(operation.query, options).map((query) => ({ what: 'hostile query string', query })),
          ),
          RUNS.queries,
        );
      });

      test('path ids that are not UUIDs, ids of nothing and unregistered methods answer 400 or 404', async () => {
        await fuzz(
          hostile(withId(), () =>
            fc.oneof(
              {
                weight: 5,
                arbitrary: hostilePathId.map((id) => ({ what: `path id ${truncate(id, 40)}`, id })),
              },
              fc
                .constantFrom('DELETE', 'PUT', 'OPTIONS', 'PATCH', 'GET')
                .map((method) => ({ what: `method ${method}`, method })),
            ),
          ),
          RUNS.pathIds,
        );
      });

      test('inputs that once made a route answer 500 are refused as 400s naming the spot', async () => {
        // Each of these was a 500 (or stored a session no one could read again) before the fixes in
        // plugins/storable-input.ts, plugins/error-handler.ts and routes/sessions.ts; kept as fixed cases because
        // the fuzz meets them only by chance.
        const session = `/api/sessions/${record.sessionId}`;
        const deep = '['.repeat(5_000) + ']'.repeat(5_000);
        const amend = (value: string, field = 'notes') =>
          `{"field":"${field}","reason":"typo","value":${value}}`;
        const cases: readonly (readonly [
          string,
          string,
          string | undefined,
          string,
          Record<string, string>?,
        ])[] = [
          [
            'POST /api/patients',
            '/api/patients',
            JSON.stringify({ givenName: 'a\u0000b' }),
            '$.body.givenName',
          ],
          [
            'POST /api/auth/login',
            '/api/auth/login',
            JSON.stringify({ username: 'x\u0000', password: 'p' }),
            '$.body.username',
          ],
          ['POST /api/sessions/:id/amendments', `${session}/amendments`, amend('"x\\udc00"'), '$.body.value'],
          ['POST /api/sessions/:id/amendments', `${session}/amendments`, amend(deep), '$.body.value'],
          [
            'POST /api/sessions/:id/amendments',
            `${session}/amendments`,
            amend('null', 'checklist'),
            '$.body.value',
          ],
          [
            'POST /api/sessions/:id/amendments',
            `${session}/amendments`,
            amend('{"systolicMmHg":"high"}', 'vitals'),
            '$.body.value.systolicMmHg',
          ],
          [
            'POST /api/sessions/:id/amendments',
            `${session}/amendments`,
            amend('"not-a-uuid"', 'supervisingPhysicianId'),
            '$.body.value',
          ],
          [
            'POST /api/sessions/:id/amendments',
            `${session}/amendments`,
            amend('"0"', 'startedAt'),
            '$.body.value',
          ],
          ['POST /api/patients', '/api/patients', '{"__proto__":{"admin":true}}', '$.body'],
          ['POST /api/patients', '/api/patients', '{"givenName":', '$.body'],
          [
            'POST /api/patients',
            '/api/patients',
            '{}',
            '$.headers.content-length',
            { 'content-length': '1' },
          ],
          ['GET /api/patients', '/api/patients?name=a%00b', undefined, '$.querystring.name'],
          ['GET /api/patients/:id', '/api/patients/%zz', undefined, '$.url'],
          ['GET /api/patients/:id', `/api/patients/${'a'.repeat(101)}`, undefined, '$.url'],
        ];
        for (const [key, url, payload, path, extra] of cases) {
          const operation = operations.find((o) => routeKey(o) === key);
          assert.ok(operation, `${key} is registered`);
          const role: Role | null = key.startsWith('POST /api/auth/') ? null : 'physician';
          const response = await exchange({
            operation,
            what: 'a fixed case',
            method: operation.method,
            url,
            role,
            headers: {
              ...sessionHeaders(role),
              ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
              ...extra,
            },
            ...(payload !== undefined ? { payload } : {}),
          });
          assert.equal(response.statusCode, 400, `${key} ${url.slice(0, 80)}: ${response.body}`);
          const { errors } = response.json<{ errors: { path: string }[] }>();
          assert.ok(
            errors.some((error) => error.path === path || error.path.startsWith(`${path}[`)),
            `${key}: ${path} in ${JSON.stringify(errors)}`,
          );
        }
        expectJson(
          await app.inject({ method: 'GET', url: session, headers: sessionHeaders('physician') }),
          200,
        );
      });

      test('a body over the size limit is refused with 413 on every write route', async () => {
        const oversized = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
        for (const operation of writeOperations()) {
          const role = roleFor(operation);
          const [who] = fc.sample(role, 1);
          const response = await exchange({
            operation,
            what: 'oversized body',
            method: operation.method,
            url: operation.url.replaceAll(':id', realIds.get(kindOf(operation.url)) ?? crypto.randomUUID()),
            role: who ?? null,
            headers: { ...sessionHeaders(who ?? null), 'content-type': 'application/json' },
            payload: oversized,
          });
          // 413, unless the route takes larger documents (an IPS import) and refused this one for its content.
          assert.ok(response.statusCode >= 400, `${routeKey(operation)}: ${response.statusCode}`);
        }
      });

      test('malformed HTTP on a real socket gets a 4xx and the server keeps serving', async () => {
        const address = await app.listen({ port: 0, host: '127.0.0.1' });
        const port = Number(new URL(address).port);
        const raw = (bytes: string) =>
          new Promise<string>((resolve, reject) => {
            const socket = connect({ port, host: '127.0.0.1' }, () => socket.end(bytes, 'latin1'));
            let answer = '';
            socket.setEncoding('latin1');
            socket.on('data', (chunk: string) => (answer += chunk));
            socket.on('end', () => resolve(answer));
            socket.on('error', reject);
          });
        const cases = [
          'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n',
          'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n',
          'GARBAGE\r\n\r\n',
          'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n',
          `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
          'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
          'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
        ];
        for (const bytes of cases) {
          const answer = await raw(bytes);
          assert.match(
            answer,
            /^HTTP\/1\.1 4\d\d /,
            `${JSON.stringify(truncate(bytes, 80))} → ${truncate(answer, 200)}`,
          );
        }
        const health = await fetch(new URL('/healthz', address));
        assert.equal(health.status, 200);
      });

      // ------------------------------------------------------------ afterwards

      test('afterwards: only successful requests changed rows, the audit chain verifies, the app still answers', async (t) => {
        assert.ok(tally.requests >= 3_000, `thousands of requests (${tally.requests})`);
        const unreached = [...access]
          .filter(([key, who]) => who.kind === 'roles' && !tally.pastGuard.has(key))
          .map(([key]) => key);
        assert.deepEqual(unreached, [], 'every route that some role may call was fuzzed past its guard');

        const rowCountsAfter = await rowCounts();
        const changed = [...rowCountsAfter]
          .filter(([table, n]) => !UNCOUNTED_TABLES.has(table) && n !== rowCountsBefore.get(table))
          .map(([table]) => table);
        const unexplained = changed.filter((table) => !tally.writtenBySuccess.has(table));
        assert.deepEqual(unexplained, [], 'tables whose row counts changed without a successful write');

        const chain = await verifyAuditChain(store.db);
        assert.equal(chain.ok, true, JSON.stringify(chain));

        assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
        assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
        const read = await app.inject({
          method: 'GET',
          url: `/api/patients/${record.patientId}`,
          headers: sessions.get('physician')!.headers(),
        });
        expectJson(read, 200);

        const statuses = [...tally.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
        t.diagnostic(
          `${tally.requests} requests; ${tally.normal} answered 2xx (${[...tally.normalWrites.values()].reduce((a, b) => a + b, 0)} of them writes); ${statuses.join(' ')}`,
        );
      });
    });
  }
});
