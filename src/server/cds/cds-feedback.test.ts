import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { assertCdsResponse } from '../../fhir/cds/testing/cds-assertions.ts';
import { OVERRIDE_REASON_SYSTEM } from '../../fhir/urls.ts';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import type { Clinic } from '../testing/clinic-api.ts';
import { expectJson, KNEE_PLAN, openClinic } from '../testing/clinic-api.ts';
import { kneeIntake } from '../testing/well-screened-intake.ts';
import type { CdsTestClient } from './testing/cds-clients.ts';
import { CDS_BASE_URL, newCdsClient } from './testing/cds-clients.ts';
import { prefetchFromRecord } from './testing/prefetch-from-record.ts';

const ROOT = join(import.meta.dirname, '../../..');
const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;
const NOW = new Date('2026-11-27T09:00:00Z');
const clock = () => NOW;
const SCREEN = '/cds-services/ozone-screen';
const FEEDBACK = `${SCREEN}/feedback`;

interface Report {
  total: { accepted: number; overridden: number; overrideRate?: number };
  bySource: {
    api: { overridden: number };
    cds: { accepted: number; overridden: number; overrideRate?: number };
  };
  byReason: { reason: string; overridden: number; share: number }[];
  byTechnique: {
    technique: string;
    accepted: number;
    overridden: number;
    overrideRate?: number;
    byReason: { reason: string; overridden: number }[];
  }[];
}

for (const database of testDatabases()) {
  describe(`CDS feedback is stored and counted in the override report (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let client: CdsTestClient;
    let clinic: Clinic;
    before(async () => {
      store = await database.open();
      client = await newCdsClient('RS384', { clock });
      app = await buildApp({
        store,
        now: clock,
        cds: { clients: [client.config], publicBaseUrl: CDS_BASE_URL },
      });
      await app.ready();
      clinic = await openClinic(app);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const post = async (path: string, body: unknown) =>
      app.inject({ method: 'POST', url: path, headers: await client.headers(path), payload: body as object });

    /** One warning overridden through the API: an intra-articular order above the usual concentration. */
    async function overrideThroughTheApi(): Promise<void> {
      const { physician, coordinator } = clinic;
      const { patient } = expectJson<{ patient: { id: string } }>(
        await coordinator.api.post('/api/patients', {
          givenName: 'Ana',
          familyName: 'Ruiz',
          birthDate: '1970-01-01',
          sex: 'male',
        }),
        201,
      );
      expectJson(await physician.api.put(`/api/patients/${patient.id}/intake`, kneeIntake(NOW)), 200);
      const { plan } = expectJson<{ plan: { id: string } }>(
        await physician.api.post(`/api/patients/${patient.id}/plans`, KNEE_PLAN),
        201,
      );
      const saved = expectJson<{ overrides: { ruleId: string }[] }>(
        await physician.api.post(`/api/plans/${plan.id}/orders`, {
          values: { concentrationUgPerMl: 25, gasVolumeMl: 10 },
          overrides: [{ ruleId: 'dose.concentration-above-soft-max', reason: 'titration-plan' }],
        }),
        201,
      );
      assert.deepEqual(
        saved.overrides.map((o) => o.ruleId),
        ['dose.concentration-above-soft-max'],
      );
    }

    test('accepted and overridden cards are stored with the client, and the report counts them beside API overrides', async () => {
      await overrideThroughTheApi();
      const split = prefetchFromRecord(readJson('examples/g6pd-deficient-woman.record.json'));
      const screened = await post(SCREEN, {
        hook: 'patient-view',
        hookInstance: randomUUID(),
        context: { patientId: split.patientId },
        prefetch: split.prefetch,
      });
      const cards = assertCdsResponse(screened.json());
      const warning = cards.find((c) => c.source?.topic?.code === 'indication.route-mismatch');
      const critical = cards.find((c) => c.indicator === 'critical');
      assert.ok(warning && critical);
      const stored = await post(FEEDBACK, {
        feedback: [
          {
            card: warning.uuid,
            outcome: 'overridden',
            overrideReason: {
              reason: { system: OVERRIDE_REASON_SYSTEM, code: 'specialist-advice' },
              userComment: 'rheumatology agrees',
            },
            outcomeTimestamp: '2026-11-27T09:00:05Z',
          },
          {
            card: critical.uuid,
            outcome: 'accepted',
            acceptedSuggestions: [{ id: randomUUID() }],
            outcomeTimestamp: '2026-11-27T09:00:06Z',
          },
          { card: randomUUID(), outcome: 'overridden', outcomeTimestamp: '2026-11-27T09:00:07Z' },
        ],
      });
      assert.deepEqual(expectJson(stored, 200), { stored: 3 });
      const rows = await store.db.selectFrom('cds_feedback').selectAll().orderBy('outcome_at').execute();
      assert.deepEqual(
        rows.map((r) => [r.client_iss, r.outcome, r.reason_code, r.rule_id, r.user_comment]),
        [
          [client.iss, 'overridden', 'specialist-advice', 'indication.route-mismatch', 'rheumatology agrees'],
          [client.iss, 'accepted', null, critical.source?.topic?.code, null],
          [client.iss, 'overridden', null, null, null],
        ],
      );

      const report = expectJson<Report>(await clinic.director.api.get('/api/reports/overrides'), 200);
      assert.deepEqual(report.bySource, {
        api: { overridden: 1 },
        cds: { accepted: 1, overridden: 2, overrideRate: 2 / 3 },
      });
      assert.deepEqual(report.total, { accepted: 1, overridden: 3, overrideRate: 3 / 4 });
      assert.deepEqual(
        report.byReason.map((r) => [r.reason, r.overridden]),
        [
          ['none', 1],
          ['specialist-advice', 1],
          ['titration-plan', 1],
        ],
      );
      const knee = report.byTechnique.find((t) => t.technique === 'intra-articular');
      assert.deepEqual(knee?.byReason.map((r) => r.reason).sort(), ['titration-plan']);
      const mah = report.byTechnique.find((t) => t.technique === 'mah');
      assert.deepEqual(
        mah?.byReason,
        [{ reason: 'specialist-advice', overridden: 1 }],
        'the screening card named MAH among its techniques',
      );
      assert.equal(
        report.byTechnique.find((t) => t.technique === 'unknown')?.overridden,
        1,
        'feedback on a card this server did not issue',
      );

      const later = expectJson<Report>(
        await clinic.director.api.get('/api/reports/overrides?from=2026-11-28T00:00:00Z'),
        200,
      );
      assert.deepEqual(later.total, { accepted: 0, overridden: 0 });
      assert.equal(
        (await clinic.nurse.api.get('/api/reports/overrides')).statusCode,
        403,
        'nurses do not read reports',
      );
    });

    test('feedback that breaks the CDS Hooks format is refused with the path, and nothing of it is stored', async () => {
      const before = await store.db
        .selectFrom('cds_feedback')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const cases: [unknown, string][] = [
        [
          { feedback: [{ card: 'x', outcome: 'accepted', outcomeTimestamp: '2026-11-27T09:00:00Z' }] },
          'feedback[0].acceptedSuggestions',
        ],
        [
          { feedback: [{ card: 'x', outcome: 'maybe', outcomeTimestamp: '2026-11-27T09:00:00Z' }] },
          'feedback[0].outcome',
        ],
        [
          {
            feedback: [
              { card: 'x', outcome: 'overridden', outcomeTimestamp: '2026-11-27T09:00:00Z' },
              {
                card: 'y',
                outcome: 'overridden',
                overrideReason: { reason: { system: OVERRIDE_REASON_SYSTEM, code: 'felt-like-it' } },
                outcomeTimestamp: '2026-11-27T09:00:00Z',
              },
            ],
          },
          'feedback[1].overrideReason.reason.code',
        ],
        [{ feedback: [] }, 'feedback'],
      ];
      for (const [body, expression] of cases) {
        const response = await post(FEEDBACK, body);
        assert.equal(response.statusCode, 400, response.body);
        assert.deepEqual(response.json<{ issue: { expression: string[] }[] }>().issue[0]?.expression, [
          expression,
        ]);
      }
      const afterCount = await store.db
        .selectFrom('cds_feedback')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n));
    });

    test('stored feedback cannot be changed or deleted', async () => {
      await assert.rejects(sql`update cds_feedback set outcome = 'accepted'`.execute(store.db));
      await assert.rejects(store.db.deleteFrom('cds_feedback').execute());
    });
  });
}
