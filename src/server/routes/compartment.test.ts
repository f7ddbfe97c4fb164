import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import type { SignedIn, TestUser } from '../testing/auth.ts';
import { createUser, signIn } from '../testing/auth.ts';
import type { Clinic, TreatedPatient } from '../testing/clinic-api.ts';
import { apiClient, expectJson, openClinic, treatedPatient } from '../testing/clinic-api.ts';

/** The record each `/api/<collection>/:id` names, in a treated patient's record. */
const ID_OF: Readonly<Record<string, keyof TreatedPatient>> = {
  patients: 'patientId',
  plans: 'planId',
  orders: 'orderId',
  sessions: 'sessionId',
  consents: 'consentId',
  'adverse-events': 'adverseEventId',
};

/** Everything of a problem body but its request id (which differs for every request by design). */
function answer(response: LightMyRequestResponse): { status: number; body: unknown } {
  if (response.body === '') return { status: response.statusCode, body: '' };
  const { requestId, ...rest } = response.json<{ requestId?: string }>();
  assert.ok(requestId === undefined || typeof requestId === 'string');
  return { status: response.statusCode, body: rest };
}

describe('patient A cannot read or infer patient B', () => {
  let store: Store;
  let app: FastifyInstance;
  let clinic: Clinic;
  let a: TreatedPatient;
  let b: TreatedPatient;
  let patientA: SignedIn & TestUser;
  let patientB: SignedIn & TestUser;
  let scopedRoutes: { method: string; url: string; collection: string }[];
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    clinic = await openClinic(app);
    a = await treatedPatient(app, clinic, { givenName: 'Ana', familyName: 'Aalto' });
    b = await treatedPatient(app, clinic, { givenName: 'Bea', familyName: 'Bravo' });
    const accountA = await createUser(store, {
      role: 'patient',
      patientId: a.patientId,
      displayName: 'Ana Aalto',
    });
    const accountB = await createUser(store, {
      role: 'patient',
      patientId: b.patientId,
      displayName: 'Bea Bravo',
    });
    patientA = { ...accountA, ...(await signIn(app, accountA)) };
    patientB = { ...accountB, ...(await signIn(app, accountB)) };
    scopedRoutes = app
      .registeredRoutes()
      .filter((route) => route.method !== 'HEAD')
      .map((route) => ({ ...route, collection: /^\/api\/([^/]+)\/:id/.exec(route.url)?.[1] ?? '' }))
      .filter((route) => route.collection in ID_OF);
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const call = (route: { method: string; url: string }, id: string, as: SignedIn) =>
    app.inject({
      method: route.method as 'GET',
      url: route.url.replace(':id', id),
      headers: as.headers(),
      ...(route.method === 'GET' ? {} : { payload: {} }),
    });

  test('every patient-scoped route answers B’s ids exactly as it answers ids that do not exist', async () => {
    assert.ok(scopedRoutes.length >= 25, `found ${scopedRoutes.length} patient-scoped routes`);
    for (const route of scopedRoutes) {
      const bId = b[ID_OF[route.collection]!];
      const theirs = answer(await call(route, bId, patientA));
      const nobodys = answer(await call(route, randomUUID(), patientA));
      assert.deepEqual(theirs, nobodys, `${route.method} ${route.url}`);
      assert.ok([403, 404].includes(theirs.status), `${route.method} ${route.url}: ${theirs.status}`);
    }
  });

  test('where a patient may act at all, another patient’s record is a 404 naming only its kind', async () => {
    const readable = [
      ['GET', '/api/patients/:id', 'patientId', 'patient'],
      ['GET', '/api/patients/:id/timeline', 'patientId', 'patient'],
      ['GET', '/api/patients/:id/consents', 'patientId', 'patient'],
      ['PUT', '/api/patients/:id/intake', 'patientId', 'patient'],
      ['GET', '/api/sessions/:id', 'sessionId', 'session'],
      ['GET', '/api/plans/:id/course', 'planId', 'plan'],
      ['POST', '/api/consents/:id/withdraw', 'consentId', 'consent'],
    ] as const;
    for (const [method, url, key, kind] of readable) {
      const problem = expectJson<{ type: string; detail: string }>(
        await call({ method, url }, b[key], patientA),
        404,
      );
      assert.deepEqual(
        [problem.type, problem.detail],
        ['https://o3care.org/problems/not-found', `no such ${kind}`],
      );
    }
    // And the same routes answer A's own record.
    for (const [method, url, key] of readable.filter(([method]) => method === 'GET')) {
      expectJson(await call({ method, url }, a[key], patientA), 200);
    }
    const list = await apiClient(app, patientA).get('/api/patients?name=bra');
    assert.equal(list.statusCode, 403, 'a patient cannot search patients');
  });

  test('A’s access log shows only accesses to A’s record, and B’s log shows nothing of A’s attempts', async () => {
    const logOf = async (patient: SignedIn) =>
      expectJson<{ accesses: { actorName: string | null; action: string; resource: string | null }[] }>(
        await apiClient(app, patient).get('/api/me/access-log?limit=200'),
        200,
      ).accesses;
    const logA = await logOf(patientA);
    const bIds: string[] = Object.values(ID_OF).map((key) => b[key]);
    for (const access of logA)
      assert.ok(
        !bIds.some((id) => access.resource?.includes(id)),
        `A's log names B's record: ${access.resource}`,
      );
    assert.ok(
      logA.some(
        (access) => access.action === 'patient.create' && access.resource === `patient/${a.patientId}`,
      ),
    );
    assert.ok(
      logA.some((access) => access.action === 'session.sign'),
      'the signed session is in A’s log',
    );
    assert.ok(logA.some((access) => access.actorName === clinic.physician.user.displayName));
    const logB = await logOf(patientB);
    assert.ok(logB.length > 0);
    assert.ok(!logB.some((access) => access.actorName === 'Ana Aalto'), 'A’s probing is not in B’s log');
  });

  test('the compartment refusals are audited as denied, without naming B as the patient', async () => {
    const rows = await store.db
      .selectFrom('audit_event')
      .select(['patient_id', 'resource', 'detail'])
      .where('actor_id', '=', patientA.user.id)
      .where('outcome', '=', 'denied')
      .execute();
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => row.patient_id === null || row.patient_id === a.patientId));
    assert.ok(rows.some((row) => (row.detail as { reason: string }).reason === 'compartment'));
  });
});
