import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Bundle } from '@medplum/fhirtypes';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import type { SignedIn } from '../testing/auth.ts';
import { signInAs } from '../testing/auth.ts';
import type { ImportReport } from '../services/patient-import.ts';
import { IMPORT_BODY_LIMIT } from './patient-import.ts';

const EXAMPLES = join(import.meta.dirname, '../../../../shared/fhir-examples');
const example = (name: string): Bundle => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Bundle;

interface ProblemBody {
  type: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** The minimal IPS with its Patient renamed, so each test imports a traveller of its own. */
function minimalFor(family: string, identifier: string): Bundle {
  const document = example('uv-ips-minimal.json');
  const entry = document.entry?.find((e) => e.resource?.resourceType === 'Patient');
  assert.ok(entry?.resource?.resourceType === 'Patient');
  entry.resource.name = [{ family, given: ['Martha'] }];
  entry.resource.identifier = [{ system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: identifier }];
  return document;
}

const unique = () => Math.random().toString(36).slice(2, 10);

describe('POST /api/patients/import', () => {
  let store: Store;
  let app: FastifyInstance;
  let coordinator: SignedIn;
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    await app.ready();
    coordinator = await signInAs(app, 'coordinator');
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const post = (payload: unknown, contentType = 'application/json'): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'POST',
      url: '/api/patients/import',
      headers: { ...coordinator.headers(), 'content-type': contentType },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  const imports = async () =>
    Number(
      (
        await store.db
          .selectFrom('patient_import')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('an IPS document sent as application/fhir+json registers the traveller and reports every resource', async () => {
    const id = unique();
    const response = await post(minimalFor(`DeLarosa${id}`, id), 'application/fhir+json');
    assert.equal(response.statusCode, 201, response.body);
    const report = response.json<ImportReport>();
    assert.equal(report.patient.outcome, 'created');
    assert.equal(report.source.bundleType, 'document');
    assert.equal(report.skipped.length, 7);
    assert.deepEqual(report.imported, []);
    assert.match(report.documentSha256, /^[0-9a-f]{64}$/);
    assert.ok(Object.keys(report.screening.eligibility).length > 0);
    const audit = await store.db
      .selectFrom('audit_event')
      .select(['action', 'outcome', 'actor_role', 'patient_id'])
      .where('action', '=', 'patient.import')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit, {
      action: 'patient.import',
      outcome: 'success',
      actor_role: 'coordinator',
      patient_id: report.patient.id,
    });
  });

  test('a later summary of the same traveller matches them by identifier', async () => {
    const id = unique();
    const first = (await post(minimalFor(`DeLarosa${id}`, id))).json<ImportReport>();
    const later = example('uv-ips-bundle-01.json');
    const patient = later.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource;
    assert.ok(patient?.resourceType === 'Patient');
    patient.identifier = [{ system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: id }];
    const response = await post(later);
    assert.equal(response.statusCode, 201, response.body);
    const report = response.json<ImportReport>();
    assert.deepEqual([report.patient.id, report.patient.matchedBy], [first.patient.id, 'identifier']);
  });

  test('a malformed birth date is a 400 naming its JSON path in the request, and nothing is imported', async () => {
    const before = await imports();
    const document = minimalFor('Bad', unique());
    Object.assign(document.entry?.[1]?.resource ?? {}, { birthDate: '1972-13-01' });
    const response = await post(document);
    assert.equal(response.statusCode, 400, response.body);
    const problem = response.json<ProblemBody>();
    assert.equal(problem.type, 'https://o3care.org/problems/invalid-request');
    assert.equal(problem.errors?.[0]?.path, '$.body.entry[1].resource.birthDate');
    assert.equal(await imports(), before);
  });

  test('what is not a Bundle is a 400 that says so', async () => {
    for (const [payload, path] of [
      [{ resourceType: 'Patient', id: 'p1' }, '$.body.resourceType'],
      ['"a string"', '$.body'],
      [[1, 2], '$.body'],
      [{ resourceType: 'Bundle', type: 'message', entry: [] }, '$.body.type'],
    ] as const) {
      const response = await post(payload);
      assert.equal(response.statusCode, 400, response.body);
      const problem = response.json<ProblemBody>();
      assert.equal(problem.errors?.[0]?.path, path);
      assert.match(problem.detail ?? '', /Bundle/);
    }
  });

  test('a body that is not JSON, under either JSON media type, is a 400 problem', async () => {
    for (const contentType of ['application/json', 'application/fhir+json']) {
      for (const payload of ['{ "resourceType": "Bundle", ', '']) {
        const response = await post(payload, contentType);
        assert.equal(response.statusCode, 400, `${contentType} ${JSON.stringify(payload)}: ${response.body}`);
        assert.equal(response.json<ProblemBody>().type, 'https://o3care.org/problems/invalid-request');
      }
    }
  });

  test('a document above the app’s 1 MiB limit imports; one above the 20 MiB import limit is a 413', async () => {
    const large = minimalFor(`Large${unique()}`, unique());
    const composition = large.entry?.[0]?.resource;
    assert.ok(composition?.resourceType === 'Composition');
    composition.text = { status: 'generated', div: `<div>${'x'.repeat(3 * 1024 * 1024)}</div>` };
    assert.equal((await post(large)).statusCode, 201);
    composition.text.div = `<div>${'x'.repeat(IMPORT_BODY_LIMIT)}</div>`;
    const tooLarge = await post(large);
    assert.equal(tooLarge.statusCode, 413);
    assert.equal(tooLarge.json<ProblemBody>().type, 'https://o3care.org/problems/payload-too-large');
  });

  test('the larger limit is the import route’s alone: registering a patient still stops at 1 MiB', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { ...coordinator.headers(), 'content-type': 'application/json' },
      payload: JSON.stringify({ familyName: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(response.statusCode, 413);
  });

  test('two registered patients with the traveller’s name and birth date make the import a 409, with nothing written', async () => {
    const family = `Twin${unique()}`;
    for (let i = 0; i < 2; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: coordinator.headers(),
        payload: { givenName: 'Martha', familyName: family, birthDate: '1972-05-01' },
      });
      assert.equal(response.statusCode, 201, response.body);
    }
    const before = await imports();
    const document = minimalFor(family, unique());
    Object.assign(document.entry?.[1]?.resource ?? {}, { identifier: [] });
    const response = await post(document);
    assert.equal(response.statusCode, 409, response.body);
    assert.match(response.json<ProblemBody>().detail ?? '', /2 patients have this name and birth date/);
    assert.equal(await imports(), before);
  });
});
