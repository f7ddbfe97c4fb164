import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import type { RecordedFact } from '../services/record-types.ts';
import type { SignedIn } from '../testing/auth.ts';
import { signInAs } from '../testing/auth.ts';

const EXAMPLES = join(import.meta.dirname, '../../../../shared/fhir-examples');
const example = (name: string): unknown => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'));

describe('GET /api/patients/:id/facts', () => {
  let store: Store;
  let app: FastifyInstance;
  let physician: SignedIn;
  let nurse: SignedIn;
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    await app.ready();
    physician = await signInAs(app, 'physician');
    nurse = await signInAs(app, 'nurse');
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const factsOf = (patientId: string, as: SignedIn = physician) =>
    app.inject({ method: 'GET', url: `/api/patients/${patientId}/facts`, headers: as.headers() });

  test('a traveller known only from an imported summary shows its measurements with the resource they came from', async () => {
    const imported = await app.inject({
      method: 'POST',
      url: '/api/patients/import',
      headers: { ...physician.headers(), 'content-type': 'application/json' },
      payload: JSON.stringify(example('au-ps-provider-summary.json')),
    });
    assert.equal(imported.statusCode, 201, imported.body);
    const report = imported.json<{ patient: { id: string }; imported: { resource: string }[] }>();
    const noIntake = await app.inject({
      method: 'GET',
      url: `/api/patients/${report.patient.id}/intake`,
      headers: physician.headers(),
    });
    assert.equal(noIntake.statusCode, 404, 'no intake recorded yet');

    const response = await factsOf(report.patient.id, nurse);
    assert.equal(response.statusCode, 200, response.body);
    const { facts } = response.json<{ facts: RecordedFact[] }>();
    assert.deepEqual(facts.map((fact) => fact.kind).sort(), ['heightCm', 'weightKg']);
    for (const fact of facts) {
      assert.equal(fact.source, 'import');
      assert.ok(
        report.imported.some((entry) => entry.resource === fact.provenance.resource),
        `${fact.provenance.resource} is one of the imported resources`,
      );
    }
  });

  test('a fact found wrong and marked entered in error leaves the list', async () => {
    const registered = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: physician.headers(),
      payload: { givenName: 'Inés', familyName: 'Ortega', birthDate: '1970-03-02', sex: 'female' },
    });
    const patientId = registered.json<{ patient: { id: string } }>().patient.id;
    const saveIntake = (body: Record<string, unknown>) =>
      app.inject({
        method: 'PUT',
        url: `/api/patients/${patientId}/intake`,
        headers: physician.headers(),
        payload: body,
      });
    const first = await saveIntake({
      intake: { goal: { code: 'low-back-pain' } },
      facts: [
        { kind: 'haemoglobinGPerDl', value: 13.1, effective: '2026-11-01' },
        { kind: 'medications', value: { drugClass: 'antiplatelet', name: 'aspirin 100 mg' } },
      ],
    });
    assert.equal(first.statusCode, 200, first.body);
    const before = (await factsOf(patientId)).json<{ facts: RecordedFact[] }>().facts;
    assert.deepEqual(before.map((fact) => [fact.kind, fact.source]).sort(), [
      ['haemoglobinGPerDl', 'clinic'],
      ['medications', 'clinic'],
    ]);
    const aspirin = before.find((fact) => fact.kind === 'medications')!;
    const second = await saveIntake({
      intake: { goal: { code: 'low-back-pain' } },
      enteredInError: [{ factId: aspirin.id, reason: 'another patient’s list' }],
    });
    assert.equal(second.statusCode, 200, second.body);
    const after = (await factsOf(patientId)).json<{ facts: RecordedFact[] }>().facts;
    assert.deepEqual(
      after.map((fact) => fact.kind),
      ['haemoglobinGPerDl'],
    );
  });

  test('a patient id that is not in the clinic answers 404', async () => {
    const response = await factsOf(randomUUID());
    assert.equal(response.statusCode, 404, response.body);
  });
});
