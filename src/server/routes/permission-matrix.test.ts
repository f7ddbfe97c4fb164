import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import type { Action, Role } from '../auth/permissions.ts';
import { can, ROLES } from '../auth/permissions.ts';
import type { SignedIn } from '../testing/auth.ts';
import { signInAs } from '../testing/auth.ts';

// Every /api route with the action it performs, written out by hand: the routes declare their action in code, this
// table says what it should be, and the test below signs in as every role and calls every route. `public` routes
// answer signed out; `signed-in` routes answer any role. HEAD routes follow their GET.
// prettier-ignore
const ROUTES: Readonly<Record<string, Action | 'public' | 'signed-in'>> = {
  'POST /api/auth/login':                      'public',
  'POST /api/auth/totp':                       'public',
  'POST /api/auth/logout':                     'public',
  'GET /api/auth/session':                     'public',
  'GET /api/clinic':                           'public',
  'POST /api/auth/bootstrap':                  'public',
  'POST /api/auth/password':                   'signed-in',
  'GET /api/users':                            'user.manage',
  'POST /api/users':                           'user.manage',
  'PATCH /api/users/:id':                      'user.manage',
  'GET /api/patients':                         'patient.list',
  'GET /api/today':                            'patient.list',
  'POST /api/patients':                        'patient.create',
  'GET /api/patients/overview':                'patient.list',
  'POST /api/patients/import':                 'patient.import',
  'GET /api/patients/:id':                     'patient.read',
  'PATCH /api/patients/:id':                   'patient.update',
  'GET /api/patients/:id/intake':              'patient.read',
  'PUT /api/patients/:id/intake':              'intake.write',
  'GET /api/patients/:id/screening':           'patient.read',
  'GET /api/patients/:id/facts':               'patient.read',
  'POST /api/patients/:id/decisions':          'decision.write',
  'POST /api/patients/:id/plans':              'plan.write',
  'GET /api/patients/:id/plans':               'patient.read',
  'POST /api/plans/:id/close':                 'plan.write',
  'GET /api/library/versions':                 'library.read',
  'GET /api/library/versions/:id':             'library.read',
  'POST /api/library/versions':                'library.edit',
  'POST /api/library/versions/:id/approve':    'library.approve',
  'POST /api/plans/:id/orders':                'order.write',
  'GET /api/patients/:id/orders':              'patient.read',
  'POST /api/patients/:id/order-check':        'plan.write',
  'GET /api/consent-templates':                'consent.sign-as-patient',
  'POST /api/consent-templates':               'consent.write',
  'POST /api/patients/:id/consents':           'consent.sign-as-patient',
  'POST /api/consents/:id/countersign':        'consent.countersign',
  'POST /api/consents/:id/withdraw':           'consent.sign-as-patient',
  'GET /api/patients/:id/consents':            'patient.read',
  'POST /api/orders/:id/sessions':             'session.write',
  'GET /api/sessions/:id':                     'patient.read',
  'PATCH /api/sessions/:id':                   'session.write',
  'POST /api/sessions/:id/pre-check':          'session.write',
  'POST /api/sessions/:id/sign':               'session.sign',
  'POST /api/sessions/:id/amendments':         'session.amend',
  'POST /api/sessions/:id/adverse-events':     'session.write',
  'POST /api/adverse-events/:id/review':       'adverse-event.review',
  'GET /api/staff':                            'session.write',
  'POST /api/patients/:id/outcomes':           'outcome.write',
  'GET /api/plans/:id/course':                 'patient.read',
  'GET /api/patients/:id/timeline':            'patient.read',
  'GET /api/audit':                            'audit.read',
  'GET /api/audit/verify':                     'audit.read',
  'GET /api/me/access-log':                    'access-log.read-own',
  'GET /api/reports/overrides':                'report.read',
  'GET /api/reports/safety':                   'report.read',
  'GET /api/reports/outcomes':                 'report.read',
  'GET /api/reports/declines':                 'report.read',
};

const FORBIDDEN = 'https://o3care.org/problems/forbidden';
const UNAUTHENTICATED = 'https://o3care.org/problems/unauthenticated';

describe('the permission matrix: every role × every /api route', () => {
  let store: Store;
  let app: FastifyInstance;
  const sessions = new Map<Role, SignedIn>();
  let registered: string[];
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    await app.ready();
    for (const role of ROLES) sessions.set(role, await signInAs(app, role));
    registered = app
      .registeredRoutes()
      .filter((route) => route.url.startsWith('/api/'))
      .map((route) => `${route.method} ${route.url}`);
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const tableEntry = (route: string) => ROUTES[route.replace(/^HEAD /, 'GET ')];

  test('the table names exactly the /api routes the app registered', () => {
    const missing = registered.filter((route) => tableEntry(route) === undefined);
    assert.deepEqual(missing, [], 'registered /api routes without a row in ROUTES');
    const stale = Object.keys(ROUTES).filter((route) => !registered.includes(route));
    assert.deepEqual(stale, [], 'rows of ROUTES the app does not register');
  });

  function call(route: string, session: SignedIn | undefined): Promise<LightMyRequestResponse> {
    const [method, path] = route.split(' ') as [string, string];
    const url = path.replaceAll(':id', randomUUID());
    const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
    return app.inject({
      method: method as 'GET',
      url,
      headers: session?.headers() ?? {},
      ...(hasBody ? { payload: {} } : {}),
    });
  }

  const lastAuditRow = () =>
    store.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'actor_role', 'detail'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

  test('signed out, every route but the public ones answers 401', async () => {
    for (const route of registered) {
      if (tableEntry(route) === 'public') continue;
      const response = await call(route, undefined);
      assert.equal(response.statusCode, 401, `${route}: ${response.body}`);
      if (!route.startsWith('HEAD '))
        assert.equal(response.json<{ type: string }>().type, UNAUTHENTICATED, route);
    }
  });

  for (const role of ROLES) {
    test(`${role}: allowed exactly where permissions.ts says, 403 (audited as denied) everywhere else`, async () => {
      const session = sessions.get(role)!;
      const outcomes: string[] = [];
      for (const route of registered) {
        const entry = tableEntry(route);
        if (entry === 'public') continue;
        const allowed = entry === 'signed-in' || can(role, entry!);
        const response = await call(route, session);
        outcomes.push(`${route} → ${response.statusCode}`);
        if (allowed) {
          assert.ok(
            ![401, 403].includes(response.statusCode),
            `${role} × ${route} should be allowed: ${response.statusCode} ${response.body}`,
          );
          assert.ok(response.statusCode < 500, `${role} × ${route}: ${response.statusCode} ${response.body}`);
          continue;
        }
        assert.equal(response.statusCode, 403, `${role} × ${route} should be 403: ${response.body}`);
        if (route.startsWith('HEAD ')) continue;
        assert.equal(response.json<{ type: string }>().type, FORBIDDEN);
        const row = await lastAuditRow();
        assert.deepEqual(
          [row.action, row.outcome, row.actor_role, (row.detail as { reason?: string }).reason],
          [entry, 'denied', role, 'forbidden'],
          `${role} × ${route}: the refusal is audited`,
        );
      }
      assert.ok(outcomes.length >= Object.keys(ROUTES).length - 5, 'every non-public route was called');
    });
  }
});
