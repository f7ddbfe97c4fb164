import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import type { Clinic } from '../testing/clinic-api.ts';
import { expectJson, KNEE_PLAN, openClinic, treatedPatient } from '../testing/clinic-api.ts';
import { kneeIntake } from '../testing/well-screened-intake.ts';
import type { todayView } from './today.ts';
import type { z } from 'zod';

type Today = z.infer<typeof todayView>;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

for (const database of testDatabases()) {
  describe(`the clinic's day (GET /api/today) on ${database.name}`, () => {
    let store: Store;
    let app: FastifyInstance;
    let clinic: Clinic;
    before(async () => {
      store = await database.open();
      app = await buildApp({ store });
      clinic = await openClinic(app);
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const today = async (): Promise<Today> =>
      expectJson<Today>(await clinic.physician.api.get('/api/today'), 200);
    const startOfDay = () => new Date(Math.floor(app.now().getTime() / DAY_MS) * DAY_MS);

    async function registered(familyName: string): Promise<string> {
      const { patient } = expectJson<{ patient: { id: string } }>(
        await clinic.coordinator.api.post('/api/patients', {
          givenName: 'Ana',
          familyName,
          birthDate: '1970-05-02',
          sex: 'female',
        }),
        201,
      );
      return patient.id;
    }

    test('a session booked for today is on the list, one booked for tomorrow is not', async () => {
      const record = await treatedPatient(app, clinic, { givenName: 'Tomás', familyName: 'Booked' });
      const book = async (at: Date) =>
        expectJson<{ session: { id: string } }>(
          await clinic.nurse.api.post(`/api/orders/${record.orderId}/sessions`, {
            scheduledAt: at.toISOString(),
          }),
          201,
        ).session.id;
      const laterToday = await book(new Date(startOfDay().getTime() + 23 * HOUR_MS));
      const tomorrow = await book(new Date(startOfDay().getTime() + DAY_MS + 10 * HOUR_MS));

      const mine = (await today()).sessions.filter((s) => s.patientId === record.patientId);
      const booked = mine.find((s) => s.sessionId === laterToday);
      assert.equal(booked?.timing, 'today');
      assert.equal(booked?.status, 'draft');
      assert.equal(booked?.familyName, 'Booked');
      assert.equal(
        mine.some((s) => s.sessionId === tomorrow),
        false,
        'tomorrow’s session waits for tomorrow',
      );
      assert.equal(
        mine.some((s) => s.sessionId === record.sessionId),
        false,
        'a signed session with no booking is history, not today’s work',
      );
    });

    test('a patient screened but not yet decided on waits for the physician, with the screening’s hard stops counted', async () => {
      const patientId = await registered('Screened');
      // No G6PD result and no pregnancy status for a woman of 56: screening asks for both before systemic ozone.
      expectJson(
        await clinic.physician.api.put(`/api/patients/${patientId}/intake`, {
          intake: { goal: { code: 'low-back-pain' }, fundamentalsAssessed: [] },
        }),
        200,
      );
      const waiting = (await today()).awaitingDecision.find((p) => p.patientId === patientId);
      assert.ok(waiting, 'listed as awaiting a decision');
      assert.ok(waiting.screenedAt);
      assert.ok(waiting.findings.warning + waiting.findings.hardStop > 0);

      const treated = await treatedPatient(app, clinic, { givenName: 'Pia', familyName: 'Decided' });
      assert.equal(
        (await today()).awaitingDecision.some((p) => p.patientId === treated.patientId),
        false,
        'a patient with a plan is decided on',
      );
    });

    test('a plan waits for the patient’s consent, then for the countersignature, then leaves the list', async () => {
      const patientId = await registered('Consenting');
      const base = `/api/patients/${patientId}`;
      expectJson(await clinic.physician.api.put(`${base}/intake`, kneeIntake(app.now())), 200);
      const { plan } = expectJson<{ plan: { id: string } }>(
        await clinic.physician.api.post(`${base}/plans`, KNEE_PLAN),
        201,
      );
      const waitingFor = async () =>
        (await today()).awaitingConsent.find((p) => p.planId === plan.id)?.waitingFor;

      assert.equal(await waitingFor(), 'patient-signature');
      const { consent } = expectJson<{ consent: { id: string } }>(
        await clinic.coordinator.api.post(`${base}/consents`, {
          templateId: clinic.consentTemplateId,
          patientSignature: { name: 'Ana Consenting', method: 'wet-ink' },
        }),
        201,
      );
      assert.equal(await waitingFor(), 'countersignature');
      expectJson(await clinic.physician.api.post(`/api/consents/${consent.id}/countersign`), 200);
      assert.equal(await waitingFor(), undefined);
    });

    test('an adverse event stays on the list until a physician reviews it', async () => {
      const record = await treatedPatient(app, clinic, { givenName: 'Eva', familyName: 'Reaction' });
      const listed = (await today()).unreviewedAdverseEvents.find(
        (e) => e.adverseEventId === record.adverseEventId,
      );
      assert.equal(listed?.grade, 1);
      assert.equal(listed.blocksCare, false, 'a grade 1 event does not stop the next session');
      assert.equal(listed.sessionId, record.sessionId);

      expectJson(
        await clinic.physician.api.post(`/api/adverse-events/${record.adverseEventId}/review`, {}),
        200,
      );
      assert.equal(
        (await today()).unreviewedAdverseEvents.some((e) => e.adverseEventId === record.adverseEventId),
        false,
      );
    });

    test('a knee course at its sixth session with no outcome since is a review due, and stays due with a stop when it misses its MCID', async () => {
      const record = await treatedPatient(app, clinic, { givenName: 'Raúl', familyName: 'Reviewed' });
      // Five earlier signed sessions of the same order, a week apart: the first session done today is the sixth.
      const signed = await store.db
        .selectFrom('ozone_session')
        .selectAll()
        .where('id', '=', record.sessionId)
        .executeTakeFirstOrThrow();
      for (let week = 5; week >= 1; week--) {
        const at = new Date(app.now().getTime() - week * 7 * DAY_MS);
        await store.db
          .insertInto('ozone_session')
          .values({
            ...signed,
            id: randomUUID(),
            started_at: at,
            signed_at: at,
            created_at: at,
            updated_at: at,
            vitals: JSON.stringify(signed.vitals),
            checklist: JSON.stringify(signed.checklist),
            operator_credentials: JSON.stringify(signed.operator_credentials),
            generator_reading:
              signed.generator_reading === null ? null : JSON.stringify(signed.generator_reading),
            rescreening: signed.rescreening === null ? null : JSON.stringify(signed.rescreening),
          })
          .execute();
      }
      const due = (await today()).reviewsDue.find((r) => r.planId === record.planId);
      assert.equal(due?.recommendation, 'reassess');
      assert.equal(due.signedSessions, 6);
      assert.equal(due.goal, 'knee-osteoarthritis');

      const outcome = (value: number, phase: string, recordedAt?: Date) =>
        clinic.nurse.api.post(`/api/patients/${record.patientId}/outcomes`, {
          planId: record.planId,
          measure: 'koos-subscale',
          value,
          phase,
          ...(recordedAt ? { recordedAt: recordedAt.toISOString() } : {}),
        });
      expectJson(await outcome(40, 'baseline', new Date(app.now().getTime() - 6 * 7 * DAY_MS)), 201);
      expectJson(await outcome(45, 'review'), 201);
      const afterReview = (await today()).reviewsDue.find((r) => r.planId === record.planId);
      assert.equal(
        afterReview?.recommendation,
        'stop',
        'KOOS up 5 points misses its MCID of 10: the course should stop, and stays on the list',
      );
    });

    test('reading the day is audited once, and in the record of each patient it lists', async () => {
      const patientId = await registered('Audited');
      expectJson(
        await clinic.physician.api.put(`/api/patients/${patientId}/intake`, {
          intake: { goal: { code: 'knee-osteoarthritis' } },
        }),
        200,
      );
      await today();
      const rows = await store.db
        .selectFrom('audit_event')
        .select(['action', 'actor_role', 'detail'])
        .where('patient_id', '=', patientId)
        .where('action', '=', 'worklist.read')
        .execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.actor_role, 'physician');
      assert.deepEqual((rows[0]?.detail as { sections: string[] }).sections, ['awaitingDecision']);
      const summary = await store.db
        .selectFrom('audit_event')
        .select(['detail'])
        .where('action', '=', 'patient.list')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      assert.equal((summary.detail as { view: string }).view, 'today');
    });
  });
}
