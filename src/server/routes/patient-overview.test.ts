import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import type { PatientOverview } from '../services/patient-overview.ts';
import type { SignedIn } from '../testing/auth.ts';
import { signInAs } from '../testing/auth.ts';

describe('GET /api/patients/overview', () => {
  let store: Store;
  let app: FastifyInstance;
  let coordinator: SignedIn;
  let physician: SignedIn;
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    await app.ready();
    coordinator = await signInAs(app, 'coordinator');
    physician = await signInAs(app, 'physician');
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  async function register(familyName: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: coordinator.headers(),
      payload: { givenName: 'Ana', familyName, birthDate: '1968-04-09', sex: 'female' },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ patient: { id: string } }>().patient.id;
  }

  async function overviews(ids: readonly string[]): Promise<PatientOverview[]> {
    const response = await app.inject({
      method: 'GET',
      url: `/api/patients/overview?ids=${ids.join(',')}`,
      headers: coordinator.headers(),
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ overviews: PatientOverview[] }>().overviews;
  }

  test('each listed patient shows the goal and whether they wait for intake, for a decision, or were turned away', async () => {
    const registered = await register('Nuevo');
    const screened = await register('Cribada');
    const declined = await register('Rechazada');
    for (const patientId of [screened, declined]) {
      const intake = await app.inject({
        method: 'PUT',
        url: `/api/patients/${patientId}/intake`,
        headers: physician.headers(),
        payload: { intake: { goal: { code: 'knee-osteoarthritis' } } },
      });
      assert.equal(intake.statusCode, 200, intake.body);
    }
    const decision = await app.inject({
      method: 'POST',
      url: `/api/patients/${declined}/decisions`,
      headers: physician.headers(),
      payload: { reason: 'patient-declined' },
    });
    assert.equal(decision.statusCode, 201, decision.body);

    assert.deepEqual(await overviews([registered, screened, declined]), [
      { id: registered, status: 'awaiting-intake' },
      { id: screened, goal: 'knee-osteoarthritis', status: 'awaiting-decision' },
      { id: declined, goal: 'knee-osteoarthritis', status: 'no-ozone' },
    ]);
  });

  test('an id that is not a patient of the clinic is left out rather than failing the list', async () => {
    const known = await register('Conocida');
    assert.deepEqual(
      (await overviews([randomUUID(), known])).map((overview) => overview.id),
      [known],
    );
  });

  test('an id that is not a UUID is refused, naming the query', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/patients/overview?ids=not-an-id',
      headers: coordinator.headers(),
    });
    assert.equal(response.statusCode, 400, response.body);
  });
});
