import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import type { Clinic } from '../testing/clinic-api.ts';
import { expectJson, openClinic } from '../testing/clinic-api.ts';
import { kneeIntake } from '../testing/well-screened-intake.ts';

interface CheckAnswer {
  evaluation: { signable: boolean; findings: { ruleId: string; severity: string }[] };
  entry?: { concentrationUgPerMl?: { softMin: number; softMax: number; hardMax: number } };
  flags: Record<string, string>;
}

describe('checking draft order values before the plan is signed', () => {
  let store: Store;
  let app: FastifyInstance;
  let clinic: Clinic;
  let patientId: string;
  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    clinic = await openClinic(app);
    const { patient } = expectJson<{ patient: { id: string } }>(
      await clinic.coordinator.api.post('/api/patients', {
        givenName: 'Dry',
        familyName: 'Run',
        birthDate: '1970-05-02',
        sex: 'male',
      }),
      201,
    );
    patientId = patient.id;
    expectJson(
      await clinic.physician.api.put(`/api/patients/${patientId}/intake`, kneeIntake(app.now())),
      200,
    );
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const check = (values: Record<string, number>) =>
    clinic.physician.api.post(`/api/patients/${patientId}/order-check`, {
      technique: 'intra-articular',
      values,
    });

  const storedRows = async () => ({
    plans: (await store.db.selectFrom('plan').select('id').where('patient_id', '=', patientId).execute())
      .length,
    orders: (
      await store.db.selectFrom('ozone_order').select('id').where('patient_id', '=', patientId).execute()
    ).length,
    decisions: (
      await store.db.selectFrom('decision').select('id').where('patient_id', '=', patientId).execute()
    ).length,
  });

  test('a concentration over the hard limit comes back as a hard stop on that value, and nothing is stored', async () => {
    const before = await storedRows();
    const answer = expectJson<CheckAnswer>(await check({ concentrationUgPerMl: 45, gasVolumeMl: 8 }), 200);
    assert.equal(answer.evaluation.signable, false);
    const stop = answer.evaluation.findings.find((f) => f.ruleId === 'dose.concentration-above-hard-max');
    assert.equal(stop?.severity, 'hard-stop');
    assert.equal(answer.flags.concentrationUgPerMl, 'hard-stop');
    assert.equal(answer.flags.gasVolumeMl, undefined);
    assert.ok(answer.entry?.concentrationUgPerMl, 'the entry’s limits come with the answer');
    assert.ok(45 > answer.entry.concentrationUgPerMl.hardMax);
    assert.deepEqual(await storedRows(), before);
    assert.deepEqual(before, { plans: 0, orders: 0, decisions: 0 });
  });

  test('a concentration above the usual range is a warning asking for a reason, not a stop', async () => {
    const answer = expectJson<CheckAnswer>(await check({ concentrationUgPerMl: 30, gasVolumeMl: 10 }), 200);
    assert.equal(answer.evaluation.signable, true);
    assert.ok(answer.evaluation.findings.some((f) => f.ruleId === 'dose.concentration-above-soft-max'));
    assert.equal(answer.flags.concentrationUgPerMl, 'warning');
  });

  test('values inside the usual range flag nothing', async () => {
    const answer = expectJson<CheckAnswer>(await check({ concentrationUgPerMl: 15, gasVolumeMl: 10 }), 200);
    assert.equal(answer.evaluation.signable, true);
    assert.deepEqual(answer.flags, {});
  });

  test('the check reads the record, so it is audited as a read of this patient', async () => {
    const seqBefore = await store.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirstOrThrow();
    expectJson(await check({ concentrationUgPerMl: 15, gasVolumeMl: 10 }), 200);
    const rows = await store.db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('patient_id', '=', patientId)
      .where('seq', '>', Number(seqBefore.seq ?? 0))
      .execute();
    assert.ok(rows.length > 0, 'the reads are audited');
    assert.ok(rows.every((row) => row.outcome === 'success' && !row.action.endsWith('.write')));
  });

  test('a nurse may not run the prescriber’s check', async () => {
    const response = await clinic.nurse.api.post(`/api/patients/${patientId}/order-check`, {
      technique: 'intra-articular',
      values: { concentrationUgPerMl: 15, gasVolumeMl: 10 },
    });
    assert.equal(response.statusCode, 403);
  });
});
