// The FHIR R4 API over a clinic built through the /api (testing/clinic-api.ts): conformance of everything it emits,
// search and paging, OperationOutcome errors, the patient compartment, system-client bearer tokens, and the audit
// trail of every access. One embedded database for the file; each test makes its own patients and clients.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Bundle, CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { checkRequiredBindings } from '../../fhir/testing/required-bindings.ts';
import { validateR4 } from '../../fhir/testing/validate-r4.ts';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import { signInAs } from '../testing/auth.ts';
import type { Clinic, TreatedPatient } from '../testing/clinic-api.ts';
import { apiClient, expectJson, openClinic, treatedPatient } from '../testing/clinic-api.ts';
import { createClient, revokeClient } from './system-clients.ts';

const FHIR_JSON = /^application\/fhir\+json/;
const DAY_MS = 86_400_000;

describe('the FHIR R4 API', () => {
  let store: Store;
  let app: FastifyInstance;
  let clinic: Clinic;
  let a: TreatedPatient;
  let b: TreatedPatient;

  /** Fully worked patient: the treated patient plus an outcome measure and an order whose warnings were overridden. */
  async function workedPatient(name: { givenName: string; familyName: string }): Promise<TreatedPatient> {
    const patient = await treatedPatient(app, clinic, name);
    expectJson(
      await clinic.nurse.api.post(`/api/patients/${patient.patientId}/outcomes`, {
        planId: patient.planId,
        measure: 'pain-nrs',
        value: 6,
        phase: 'baseline',
      }),
      201,
    );
    // A gas volume under the library's soft minimum: a warning (DOSEL) the prescriber overrides with a coded reason.
    const values = { concentrationUgPerMl: 10, gasVolumeMl: 4 };
    const first = await clinic.physician.api.post(`/api/plans/${patient.planId}/orders`, { values });
    assert.equal(first.statusCode, 422, first.body);
    const warnings = first.json<{ findings: { ruleId: string }[] }>().findings;
    expectJson(
      await clinic.physician.api.post(`/api/plans/${patient.planId}/orders`, {
        values,
        overrides: warnings.map((w) => ({ ruleId: w.ruleId, reason: 'titration-plan' })),
      }),
      201,
    );
    return patient;
  }

  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    clinic = await openClinic(app);
    a = await workedPatient({ givenName: 'Alma', familyName: 'Aalto' });
    b = await workedPatient({ givenName: 'Bruno', familyName: 'Berg' });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const read = async <T = Resource>(response: LightMyRequestResponse, status = 200): Promise<T> => {
    assert.equal(response.statusCode, status, response.body);
    assert.match(String(response.headers['content-type']), FHIR_JSON);
    return response.json<T>();
  };
  const asPhysician = (url: string) => clinic.physician.api.get(url);
  const withToken = (token: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const entriesOf = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource as Resource);
  const pathOf = (url: string) => url.slice(url.indexOf('/fhir/R4'));

  test('metadata: a CapabilityStatement of exactly what is served, for anyone, JSON with _format=json', async () => {
    const statement = await read<CapabilityStatement>(
      await app.inject({ url: '/fhir/R4/metadata?_format=json' }),
    );
    validateR4(statement);
    assert.deepEqual(checkRequiredBindings(statement).violations, []);
    assert.equal(statement.fhirVersion, '4.0.1');
    const resources = statement.rest?.[0]?.resource ?? [];
    assert.deepEqual(resources.map((r) => r.type).sort(), [
      'AdverseEvent',
      'AllergyIntolerance',
      'AuditEvent',
      'CarePlan',
      'Condition',
      'Consent',
      'DetectedIssue',
      'MedicationRequest',
      'MedicationStatement',
      'Observation',
      'Patient',
      'Procedure',
      'QuestionnaireResponse',
    ]);
    for (const resource of resources) {
      assert.deepEqual(
        resource.interaction?.map((i) => i.code),
        ['read', 'search-type'],
        resource.type,
      );
    }
    const patient = resources.find((r) => r.type === 'Patient');
    assert.deepEqual(
      patient?.operation?.map((o) => o.name),
      ['everything', 'summary'],
    );
    const xml = await read<OperationOutcome>(await app.inject({ url: '/fhir/R4/metadata?_format=xml' }), 406);
    assert.equal(xml.issue[0]?.code, 'not-supported');
  });

  test('everything the API returns for a treated patient is valid R4 and honours the required bindings', async () => {
    const everything = await read<Bundle>(await asPhysician(`/fhir/R4/Patient/${a.patientId}/$everything`));
    const summary = await read<Bundle>(await asPhysician(`/fhir/R4/Patient/${a.patientId}/$summary`));
    const types = new Set(entriesOf(everything).map((r) => r.resourceType));
    for (const type of [
      'Patient',
      'Observation',
      'MedicationRequest',
      'Procedure',
      'CarePlan',
      'Consent',
      'AdverseEvent',
      'DetectedIssue',
      'QuestionnaireResponse',
    ]) {
      assert.ok(types.has(type as Resource['resourceType']), `$everything holds a ${type}`);
    }
    const searched: Bundle[] = [];
    for (const type of types) {
      const filter = type === 'Patient' ? `_id=${a.patientId}` : `patient=${a.patientId}`;
      const bundle = await read<Bundle>(await asPhysician(`/fhir/R4/${type}?${filter}`));
      assert.ok((bundle.total ?? 0) > 0, type);
      searched.push(bundle);
      const first = entriesOf(bundle)[0];
      searched.push(await read<Bundle>(await asPhysician(`/fhir/R4/${type}/${first?.id ?? ''}`)));
    }
    const report = { violations: [] as string[], checked: new Set<string>() };
    for (const resource of [everything, summary, ...searched]) {
      validateR4(resource);
      checkRequiredBindings(resource, report);
    }
    assert.deepEqual(report.violations, []);
    assert.equal(summary.type, 'document');
    assert.equal(summary.entry?.[0]?.resource?.resourceType, 'Composition');
    assert.ok(summary.entry?.every((e) => e.fullUrl?.startsWith('http')));
  });

  test('search: code, date and status filter; _sort orders both ways; pages link self, next and previous', async () => {
    const base = `/fhir/R4/Observation?patient=${a.patientId}`;
    const all = await read<Bundle>(await asPhysician(`${base}&_sort=date&_count=100`));
    const total = all.total ?? 0;
    assert.ok(total >= 5, `a treated patient has several observations (${total})`);
    const dates = entriesOf(all).map((r) =>
      r.resourceType === 'Observation' ? (r.effectiveDateTime ?? '') : '',
    );
    assert.deepEqual(dates, [...dates].sort(), 'oldest first with _sort=date');
    const newestFirst = await read<Bundle>(await asPhysician(`${base}&_sort=-date&_count=100`));
    const newestDates = entriesOf(newestFirst).map((r) =>
      r.resourceType === 'Observation' ? (r.effectiveDateTime ?? '') : '',
    );
    assert.deepEqual(newestDates, [...dates].reverse(), 'newest first with _sort=-date');

    const seen: string[] = [];
    let page = await read<Bundle>(await asPhysician(`${base}&_sort=date&_count=2`));
    const link = (bundle: Bundle, relation: string) => bundle.link?.find((l) => l.relation === relation)?.url;
    assert.ok(link(page, 'self'));
    assert.equal(link(page, 'previous'), undefined, 'the first page has no previous');
    for (;;) {
      assert.equal(page.total, total, 'every page states the same total');
      seen.push(...entriesOf(page).map((r) => r.id ?? ''));
      const next = link(page, 'next');
      if (next === undefined) break;
      page = await read<Bundle>(await asPhysician(pathOf(next)));
      assert.ok(link(page, 'previous'), 'later pages link back');
    }
    assert.deepEqual(
      seen,
      entriesOf(all).map((r) => r.id),
      'the pages together are the whole result, in order',
    );

    const weight = await read<Bundle>(await asPhysician(`${base}&code=http://loinc.org|29463-7`));
    assert.equal(weight.total, 1);
    const painOutcome = await read<Bundle>(
      await asPhysician(`${base}&code=https://o3care.org/fhir/CodeSystem/outcome-measure|pain-nrs`),
    );
    assert.equal(painOutcome.total, 1);
    const future = await read<Bundle>(await asPhysician(`${base}&date=gt2100-01-01`));
    assert.equal(future.total, 0);
    const signed = await read<Bundle>(
      await asPhysician(`/fhir/R4/Procedure?subject=Patient/${a.patientId}&status=completed`),
    );
    assert.deepEqual(
      entriesOf(signed).map((r) => r.id),
      [a.sessionId],
    );
    const drafts = await read<Bundle>(
      await asPhysician(`/fhir/R4/Procedure?patient=${a.patientId}&status=preparation`),
    );
    assert.equal(drafts.total, 0);
    const byIdentifier = await read<Bundle>(
      await asPhysician(`/fhir/R4/Patient?identifier=https://o3care.org/fhir/sid/patient|${a.patientId}`),
    );
    assert.deepEqual(
      entriesOf(byIdentifier).map((r) => r.id),
      [a.patientId],
    );
    const byName = await read<Bundle>(await asPhysician('/fhir/R4/Patient?name=Aalt'));
    assert.ok(
      entriesOf(byName).every((r) => r.resourceType === 'Patient' && r.name?.[0]?.family === 'Aalto'),
    );
  });

  test('errors are OperationOutcomes: a bad parameter names itself (400), unknown types and ids are 404', async () => {
    const colour = await read<OperationOutcome>(
      await asPhysician(`/fhir/R4/Observation?patient=${a.patientId}&colour=blue`),
      400,
    );
    assert.deepEqual(colour.issue[0]?.expression, ['colour']);
    const count = await read<OperationOutcome>(
      await asPhysician(`/fhir/R4/Observation?patient=${a.patientId}&_count=x`),
      400,
    );
    assert.deepEqual(count.issue[0]?.expression, ['_count']);
    const noPatient = await read<OperationOutcome>(
      await asPhysician('/fhir/R4/Observation?code=29463-7'),
      400,
    );
    assert.deepEqual(noPatient.issue[0]?.expression, ['patient']);
    for (const url of [
      '/fhir/R4/Basic',
      `/fhir/R4/Procedure/${randomUUID()}`,
      '/fhir/R4/Procedure/not-an-id!',
      '/fhir/R4/a/b/c',
    ]) {
      const outcome = await read<OperationOutcome>(await asPhysician(url), 404);
      validateR4(outcome);
      assert.equal(outcome.issue[0]?.severity, 'error');
    }
    const signedOut = await read<OperationOutcome>(
      await app.inject({ url: `/fhir/R4/Patient/${a.patientId}` }),
      401,
    );
    assert.equal(signedOut.issue[0]?.code, 'login');
  });

  test('a patient sees only their own compartment, through every search, read and operation', async () => {
    const own = await signInAs(app, 'patient', { patientId: a.patientId });
    const asA = apiClient(app, own);
    const bEverything = await read<Bundle>(await asPhysician(`/fhir/R4/Patient/${b.patientId}/$everything`));
    const bResources = entriesOf(bEverything);
    const before = await store.db
      .selectFrom('audit_event')
      .select('seq')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

    // Without a patient parameter a patient's search is their own compartment.
    const mine = await read<Bundle>(await asA.get('/fhir/R4/Observation'));
    assert.ok((mine.total ?? 0) > 0);
    assert.ok(
      entriesOf(mine).every(
        (r) => r.resourceType === 'Observation' && r.subject?.reference === `Patient/${a.patientId}`,
      ),
    );
    const patients = await read<Bundle>(await asA.get(`/fhir/R4/Patient?_id=${b.patientId}`));
    assert.equal(patients.total, 0);

    const types = new Set(bResources.map((r) => r.resourceType).filter((type) => type !== 'Patient'));
    for (const type of types) {
      await read(await asA.get(`/fhir/R4/${type}?patient=${b.patientId}`), 404);
      await read(
        await asA.get(`/fhir/R4/${type}?subject=Patient/${b.patientId}`),
        type === 'Consent' || type === 'DetectedIssue' ? 400 : 404,
      );
    }
    for (const resource of bResources) {
      await read(await asA.get(`/fhir/R4/${resource.resourceType}/${resource.id ?? ''}`), 404);
    }
    await read(await asA.get(`/fhir/R4/Patient/${b.patientId}/$everything`), 404);
    await read(await asA.get(`/fhir/R4/Patient/${b.patientId}/$summary`), 404);
    await read(await asA.get(`/fhir/R4/AuditEvent?patient=${a.patientId}`), 403);

    const refusals = await store.db
      .selectFrom('audit_event')
      .select(['outcome', 'patient_id', 'actor_id'])
      .where('seq', '>', before.seq)
      .where('outcome', '=', 'denied')
      .execute();
    assert.ok(refusals.length >= bResources.length, 'every refusal is audited');
    assert.ok(refusals.every((r) => r.patient_id !== b.patientId && r.actor_id === own.user.id));
    // And their own record is whole: $everything of their own compartment works.
    const ownEverything = await read<Bundle>(await asA.get(`/fhir/R4/Patient/${a.patientId}/$everything`));
    assert.ok(entriesOf(ownEverything).every((r) => JSON.stringify(r).includes(a.patientId)));
    assert.ok(!JSON.stringify(ownEverything).includes(b.patientId));
  });

  test('system clients: a live token reads; unknown, malformed, revoked or expired ones are 401; the role decides', async () => {
    const admin = {
      actorId: clinic.director.user.id,
      actorRole: 'medical-director',
      sourceIp: null,
      requestId: null,
    };
    const now = app.now();
    const ehr = await createClient(
      store.db,
      admin,
      { name: `ehr-${randomUUID().slice(0, 8)}`, role: 'physician', lifetimeDays: 30 },
      now,
    );
    assert.match(ehr.token, /^o3c_[A-Za-z0-9_-]{43}$/);
    const stored = await store.db
      .selectFrom('api_client')
      .select('token_hash')
      .where('id', '=', ehr.client.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, ehr.token, 'only the hash is stored');
    assert.match(stored.token_hash, /^[0-9a-f]{64}$/);

    const procedures = await read<Bundle>(
      await withToken(ehr.token, `/fhir/R4/Procedure?patient=${a.patientId}`),
    );
    assert.equal(procedures.total, 1);
    const forbidden = await read<OperationOutcome>(await withToken(ehr.token, '/fhir/R4/AuditEvent'), 403);
    assert.equal(forbidden.issue[0]?.code, 'forbidden');

    for (const header of [
      `Bearer o3c_${'A'.repeat(43)}`,
      'Bearer not-a-token',
      `Basic ${Buffer.from('user:pass').toString('base64')}`,
      'Bearer',
    ]) {
      const response = await app.inject({
        url: `/fhir/R4/Patient/${a.patientId}`,
        headers: { authorization: header },
      });
      const outcome = await read<OperationOutcome>(response, 401);
      assert.equal(outcome.issue[0]?.code, 'login', header);
      assert.match(String(response.headers['www-authenticate']), /^Bearer/);
    }
    // A bearer token is for the FHIR API only: the /api still refuses any Authorization header.
    const api = await app.inject({
      url: `/api/patients/${a.patientId}`,
      headers: { authorization: `Bearer ${ehr.token}` },
    });
    assert.equal(api.statusCode, 401);

    const expired = await createClient(
      store.db,
      admin,
      { name: `old-${randomUUID().slice(0, 8)}`, role: 'physician', lifetimeDays: 1 },
      new Date(now.getTime() - 2 * DAY_MS),
    );
    await read(await withToken(expired.token, `/fhir/R4/Patient/${a.patientId}`), 401);
    await revokeClient(store.db, admin, ehr.client.name, now);
    await read(await withToken(ehr.token, `/fhir/R4/Procedure?patient=${a.patientId}`), 401);

    const auditor = await createClient(
      store.db,
      admin,
      { name: `siem-${randomUUID().slice(0, 8)}`, role: 'admin', lifetimeDays: 30 },
      now,
    );
    await read(await withToken(auditor.token, `/fhir/R4/Observation?patient=${a.patientId}`), 403);
    const trail = await read<Bundle>(
      await withToken(auditor.token, `/fhir/R4/AuditEvent?patient=${a.patientId}&_count=20`),
    );
    assert.ok((trail.total ?? 0) > 0);
    validateR4(trail);
    assert.deepEqual(checkRequiredBindings(trail).violations, []);
    const one = entriesOf(trail)[0];
    validateR4(await read(await withToken(auditor.token, `/fhir/R4/AuditEvent/${one?.id ?? ''}`)));
  });

  test('every access is audited like the /api reads, and searching the trail is itself audited as audit.read', async () => {
    const last = async () =>
      (
        await store.db
          .selectFrom('audit_event')
          .select('seq')
          .orderBy('seq', 'desc')
          .executeTakeFirstOrThrow()
      ).seq;
    const rowsAfter = (seq: number) =>
      store.db
        .selectFrom('audit_event')
        .select(['action', 'patient_id', 'actor_id', 'outcome'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .execute();

    let mark = await last();
    await read(await asPhysician(`/fhir/R4/Procedure?patient=${a.patientId}`));
    let rows = await rowsAfter(mark);
    assert.ok(rows.some((r) => r.action === 'session.read' && r.patient_id === a.patientId));
    assert.ok(
      rows.some(
        (r) =>
          r.action === 'fhir.search' &&
          r.patient_id === a.patientId &&
          r.actor_id === clinic.physician.user.id,
      ),
    );

    mark = await last();
    await read(await asPhysician(`/fhir/R4/Patient/${a.patientId}/$summary`));
    rows = await rowsAfter(mark);
    assert.ok(rows.some((r) => r.action === 'fhir.summary' && r.patient_id === a.patientId));

    const admin = {
      actorId: clinic.director.user.id,
      actorRole: 'medical-director',
      sourceIp: null,
      requestId: null,
    };
    const client = await createClient(
      store.db,
      admin,
      { name: `bi-${randomUUID().slice(0, 8)}`, role: 'medical-director', lifetimeDays: 30 },
      app.now(),
    );
    mark = await last();
    await read(await withToken(client.token, `/fhir/R4/AuditEvent?patient=${a.patientId}&_count=1`));
    rows = await rowsAfter(mark);
    assert.deepEqual(
      rows.map((r) => [r.action, r.actor_id]),
      [['audit.read', `api-client/${client.client.id}`]],
    );
  });
});
