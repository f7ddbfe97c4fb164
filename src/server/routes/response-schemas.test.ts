import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import { userView } from '../auth/schemas.ts';
import { PROBLEM_RESPONSES } from '../schemas/problem-responses.ts';
import { patientView } from '../schemas/record-views.ts';
import { signInAs } from '../testing/auth.ts';
import { apiClient, expectJson } from '../testing/clinic-api.ts';

const keysOf = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape).sort();

describe('response schemas never leak fields', () => {
  let store: Store;
  let app: FastifyInstance;
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  test('every /api route declares its success response and every problem status', async () => {
    const document = expectJson<{
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    }>(await app.inject({ url: '/docs/json' }), 200);
    const problemStatuses = Object.keys(PROBLEM_RESPONSES).sort();
    const routes = app.registeredRoutes().filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    assert.ok(routes.length > 40);
    for (const route of routes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const responses = Object.keys(document.paths[path]?.[route.method.toLowerCase()]?.responses ?? {});
      const success = responses.filter((status) => status.startsWith('2'));
      assert.equal(success.length, 1, `${route.method} ${route.url}: ${responses.join(', ')}`);
      assert.deepEqual(
        responses.filter((status) => !status.startsWith('2')).sort(),
        problemStatuses,
        `${route.method} ${route.url}`,
      );
    }
  });

  test('a patient and a user object carry exactly the keys of their schema', async () => {
    const coordinator = await signInAs(app, 'coordinator');
    const admin = await signInAs(app, 'admin');
    const { patient } = expectJson<{ patient: Record<string, unknown> }>(
      await apiClient(app, coordinator).post('/api/patients', {
        givenName: 'Iris',
        familyName: 'Nyberg',
        birthDate: '1990',
        sex: 'female',
        identifiers: [{ system: 'urn:mrn', value: '42' }],
        email: 'iris@example.org',
        phone: '+46 70 000 00 00',
        preferredLanguage: 'sv',
        stay: { arrival: '2027-03-01', departure: '2027-03-14' },
      }),
      201,
    );
    assert.deepEqual(
      Object.keys(patient).sort(),
      keysOf(patientView),
      'every field, and no other (no created_by)',
    );
    const { users } = expectJson<{ users: Record<string, unknown>[] }>(
      await apiClient(app, admin).get('/api/users'),
      200,
    );
    for (const user of users) {
      assert.deepEqual(Object.keys(user).sort(), keysOf(userView));
      assert.ok(!JSON.stringify(user).includes('argon2'));
    }
  });

  test('the serializer drops a field the response schema does not name', async () => {
    const bare = Fastify().withTypeProvider<ZodTypeProvider>();
    bare.setValidatorCompiler(validatorCompiler);
    bare.setSerializerCompiler(serializerCompiler);
    bare.get(
      '/leaky',
      { schema: { response: { 200: z.object({ patient: patientView }) } } },
      // A row-shaped object with columns the view does not list, as a careless handler might return it.
      async () =>
        ({
          patient: {
            id: 'p1',
            sex: 'unknown',
            identifiers: [],
            createdAt: 'now',
            updatedAt: 'now',
            created_by: 'user-1',
            password_hash: '$argon2id$…',
          },
        }) as unknown as { patient: z.infer<typeof patientView> },
    );
    const body = (await bare.inject({ url: '/leaky' })).json<{ patient: Record<string, unknown> }>();
    assert.deepEqual(Object.keys(body.patient).sort(), [
      'createdAt',
      'id',
      'identifiers',
      'sex',
      'updatedAt',
    ]);
    await bare.close();
  });
});
