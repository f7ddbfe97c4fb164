import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import { createUser, signIn } from '../testing/auth.ts';
import type { Clinic } from '../testing/clinic-api.ts';
import { apiClient, expectJson, KNEE_PLAN, openClinic, treatedPatient } from '../testing/clinic-api.ts';
import { kneeIntake } from '../testing/well-screened-intake.ts';

interface Finding {
  ruleId: string;
  severity: string;
  techniques: string[];
  message: string;
  evidence: unknown[];
}
interface Problem {
  type: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  findings?: Finding[];
}

const PROBLEMS = 'https://o3care.org/problems/';
const DAY_MS = 86_400_000;

for (const database of testDatabases()) {
  describe(`the clinical record through the HTTP API on ${database.name}`, () => {
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

    const auditRows = (patientId: string, outcome: 'denied' | 'success') =>
      store.db
        .selectFrom('audit_event')
        .select(['action', 'resource', 'actor_role', 'detail'])
        .where('patient_id', '=', patientId)
        .where('outcome', '=', outcome)
        .orderBy('seq')
        .execute();

    test('a patient is registered, found by name or identifier, and changed', async () => {
      const { coordinator } = clinic;
      const registered = expectJson<{ patient: { id: string } }>(
        await coordinator.api.post('/api/patients', {
          givenName: 'Marta',
          familyName: 'Quiroga',
          birthDate: '1968-07',
          sex: 'female',
          identifiers: [{ system: 'urn:passport', value: 'PX-4471' }],
          email: 'marta@example.org',
          phone: '+34 600 000 000',
          preferredLanguage: 'es',
          stay: { arrival: '2027-01-10', departure: '2027-01-31' },
        }),
        201,
      ).patient;
      const found = async (query: string) =>
        expectJson<{ patients: { id: string }[] }>(
          await coordinator.api.get(`/api/patients?${query}`),
          200,
        ).patients.map((p) => p.id);
      assert.ok((await found('name=quir')).includes(registered.id));
      assert.ok(
        (await found(`identifier=${encodeURIComponent('urn:passport|PX-4471')}`)).includes(registered.id),
      );
      assert.ok(
        (await found('identifier=PX-4471')).includes(registered.id),
        'a bare value matches any system',
      );
      assert.deepEqual(await found(`identifier=${encodeURIComponent('urn:other|PX-4471')}`), []);

      const changed = expectJson<{ patient: Record<string, unknown> }>(
        await coordinator.api.patch(`/api/patients/${registered.id}`, {
          phone: '+34 611 111 111',
          stay: null,
        }),
        200,
      ).patient;
      assert.equal(changed.phone, '+34 611 111 111');
      assert.equal(changed.stay, undefined, 'null clears the stay window');

      const refused = expectJson<Problem>(
        await coordinator.api.post('/api/patients', {
          givenName: 'X',
          birthDate: '1980-02-30',
          stay: { arrival: '2027-02-01', departure: '2027-01-01' },
          favouriteColour: 'blue',
        }),
        400,
      );
      assert.deepEqual(refused.errors?.map((e) => e.path).sort(), [
        '$.body.birthDate',
        '$.body.favouriteColour',
        '$.body.stay.departure',
      ]);
      const nameless = expectJson<Problem>(await coordinator.api.post('/api/patients', { sex: 'male' }), 400);
      assert.deepEqual(
        nameless.errors?.map((e) => e.path),
        ['$.body.familyName'],
      );
    });

    test('intake, screening, plan, order with a soft-limit override, consent, pre-check, signing, outcome and course review', async () => {
      const { coordinator, physician, nurse, director } = clinic;
      const { patient } = expectJson<{ patient: { id: string } }>(
        await coordinator.api.post('/api/patients', { givenName: 'Luis', familyName: 'Ferrer', sex: 'male' }),
        201,
      );
      const base = `/api/patients/${patient.id}`;

      // Intake: a new version, screened at once.
      const saved = expectJson<{ version: number; screening: { eligibility: Record<string, string> } }>(
        await physician.api.put(`${base}/intake`, kneeIntake(app.now())),
        200,
      );
      assert.equal(saved.version, 1);
      assert.equal(saved.screening.eligibility['intra-articular'], 'eligible');
      assert.equal(saved.screening.eligibility.inhalation, 'prohibited');
      const intake = expectJson<{ intake: { version: number }; facts: { id: string; kind: string }[] }>(
        await nurse.api.get(`${base}/intake`),
        200,
      );
      assert.equal(intake.intake.version, 1);
      assert.deepEqual(intake.facts.map((f) => f.kind).sort(), [
        'g6pd',
        'haemoglobinGPerDl',
        'heightCm',
        'weightKg',
      ]);

      // Screening: findings, eligibility, the library it ran against, the goal's evidence with citations.
      const screening = expectJson<{
        library: { id: string; version: string; status: string };
        goal: { evidenceGrade: string; citations: { id: string; citation: string }[] };
      }>(await physician.api.get(`${base}/screening`), 200);
      assert.deepEqual(screening.library, {
        id: clinic.libraryVersionId,
        version: 'clinic-1',
        status: 'approved',
      });
      assert.equal(screening.goal.evidenceGrade, 'moderate-low');
      assert.ok(
        screening.goal.citations.some((c) => c.id === 'lopes-de-jesus-2017' && c.citation.length > 20),
      );

      // Plan.
      const { plan } = expectJson<{
        plan: { id: string; libraryVersionId: string; stepFindings: unknown[] };
      }>(await physician.api.post(`${base}/plans`, KNEE_PLAN), 201);
      assert.equal(plan.libraryVersionId, clinic.libraryVersionId);
      assert.equal(plan.stepFindings.length, 2);

      // Order above the soft limit: a coded reason is required, then it is stored with the override.
      const orders = `/api/plans/${plan.id}/orders`;
      const values = { concentrationUgPerMl: 25, gasVolumeMl: 10 };
      const needsReason = expectJson<Problem>(await physician.api.post(orders, { values }), 422);
      assert.equal(needsReason.type, `${PROBLEMS}override-required`);
      assert.deepEqual(
        needsReason.findings?.map((f) => [f.ruleId, f.severity]),
        [['dose.concentration-above-soft-max', 'warning']],
      );
      const ordered = expectJson<{
        order: { id: string; status: string };
        overrides: { overrideReason: string }[];
      }>(
        await physician.api.post(orders, {
          values,
          overrides: [
            { ruleId: 'dose.concentration-above-soft-max', reason: 'titration-plan', comment: 'step 3' },
          ],
        }),
        201,
      );
      assert.equal(ordered.order.status, 'signed');
      assert.deepEqual(
        ordered.overrides.map((o) => o.overrideReason),
        ['titration-plan'],
      );

      // Consent: the patient's signature, the physician's countersignature.
      const { consent } = expectJson<{ consent: { id: string } }>(
        await coordinator.api.post(`${base}/consents`, {
          templateId: clinic.consentTemplateId,
          patientSignature: { name: 'Luis Ferrer', method: 'wet-ink' },
        }),
        201,
      );
      const countersigned = expectJson<{ consent: { countersignature: { by: string } } }>(
        await physician.api.post(`/api/consents/${consent.id}/countersign`),
        200,
      );
      assert.equal(countersigned.consent.countersignature.by, physician.user.id);

      // The session: scheduled, filled in, pre-checked, signed.
      const { session } = expectJson<{ session: { id: string; administered: unknown } }>(
        await nurse.api.post(`/api/orders/${ordered.order.id}/sessions`, {
          scheduledAt: new Date(app.now().getTime() + 60_000).toISOString(),
        }),
        201,
      );
      assert.deepEqual(session.administered, values, 'a draft starts with the ordered values');
      expectJson(
        await nurse.api.patch(`/api/sessions/${session.id}`, {
          startedAt: app.now().toISOString(),
          consentId: consent.id,
          vitals: { systolicMmHg: 124, diastolicMmHg: 80, heartRateBpm: 68 },
          checklist: { 'sterile-field-prepared': true, 'ozone-destructor-active': true },
          generatorReading: { deviceId: 'gen-1', concentrationUgPerMl: 25 },
          operator: { id: nurse.user.id, credentials: ['ozone-therapy'] },
          supervisingPhysicianId: physician.user.id,
          notes: 'right knee, lateral approach',
        }),
        200,
      );
      const check = expectJson<{ evaluation: { signable: boolean; findings: Finding[] } }>(
        await nurse.api.post(`/api/sessions/${session.id}/pre-check`),
        200,
      );
      assert.equal(check.evaluation.signable, true);
      assert.ok(check.evaluation.findings.some((f) => f.ruleId === 'dose.concentration-above-soft-max'));
      const signed = expectJson<{
        session: { status: string; signedBy: string };
        overrides: { carriedFrom?: string }[];
      }>(await physician.api.post(`/api/sessions/${session.id}/sign`, {}), 200);
      assert.equal(signed.session.status, 'signed');
      assert.equal(signed.session.signedBy, physician.user.id);
      assert.ok(signed.overrides[0]?.carriedFrom, 'the order’s override carries to the session');

      // Outcomes and the course review.
      expectJson(
        await nurse.api.post(`${base}/outcomes`, {
          measure: 'pain-nrs',
          value: 7,
          phase: 'baseline',
          recordedAt: new Date(app.now().getTime() - DAY_MS).toISOString(),
        }),
        201,
      );
      expectJson(
        await nurse.api.post(`${base}/outcomes`, {
          planId: plan.id,
          measure: 'pain-nrs',
          value: 6,
          phase: 'review',
        }),
        201,
      );
      const { review } = expectJson<{ review: { recommendation: string; reviewPointReached: boolean } }>(
        await physician.api.get(`/api/plans/${plan.id}/course`),
        200,
      );
      assert.deepEqual(review, { ...review, reviewPointReached: false, recommendation: 'continue' });

      // A signed session is corrected by amendment only; adverse events are graded and reviewed once.
      const edit = expectJson<Problem>(
        await nurse.api.patch(`/api/sessions/${session.id}`, { notes: 'x' }),
        409,
      );
      assert.equal(edit.type, `${PROBLEMS}conflict`);
      expectJson(
        await nurse.api.post(`/api/sessions/${session.id}/amendments`, {
          field: 'concentrationUgPerMl',
          value: 20,
          reason: 'the generator log shows 20 µg/mL was given',
        }),
        201,
      );
      const badAmendment = expectJson<Problem>(
        await nurse.api.post(`/api/sessions/${session.id}/amendments`, {
          field: 'gasVolumeMl',
          value: 'ten',
          reason: 'typo',
        }),
        400,
      );
      assert.deepEqual(
        badAmendment.errors?.map((e) => e.path),
        ['$.body.value'],
      );
      const { adverseEvent } = expectJson<{ adverseEvent: { id: string } }>(
        await nurse.api.post(`/api/sessions/${session.id}/adverse-events`, {
          grade: 2,
          description: 'knee swelling',
        }),
        201,
      );
      expectJson(
        await physician.api.post(`/api/adverse-events/${adverseEvent.id}/review`, { note: 'self-limiting' }),
        200,
      );
      expectJson(await physician.api.post(`/api/adverse-events/${adverseEvent.id}/review`, {}), 409);
      const record = expectJson<{
        session: { administered: { concentrationUgPerMl: number }; amendmentCount: number };
        adverseEvents: { review?: unknown }[];
        overrides: unknown[];
      }>(await physician.api.get(`/api/sessions/${session.id}`), 200);
      assert.equal(record.session.administered.concentrationUgPerMl, 20);
      assert.equal(record.session.amendmentCount, 1);
      assert.ok(record.adverseEvents[0]?.review);
      assert.equal(record.overrides.length, 1);

      // Everything above is on the timeline, newest first, paged.
      const page1 = expectJson<{ events: { at: string; kind: string; id: string }[]; next?: string }>(
        await nurse.api.get(`${base}/timeline?limit=4`),
        200,
      );
      assert.equal(page1.events.length, 4);
      assert.ok(page1.next);
      const rest = expectJson<{ events: { at: string; kind: string; id: string }[]; next?: string }>(
        await nurse.api.get(`${base}/timeline?limit=200&cursor=${page1.next}`),
        200,
      );
      const all = [...page1.events, ...rest.events];
      assert.equal(rest.next, undefined);
      const times = all.map((e) => Date.parse(e.at));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        'newest first',
      );
      for (const kind of [
        'patient.registered',
        'intake.recorded',
        'screening.recorded',
        'decision.recorded',
        'plan.created',
        'order.signed',
        'consent.signed',
        'consent.countersigned',
        'session.created',
        'session.signed',
        'session.amended',
        'adverse-event.reported',
        'adverse-event.reviewed',
        'outcome.recorded',
      ])
        assert.ok(
          all.some((e) => e.kind === kind),
          `the timeline shows ${kind}`,
        );
      // Paging one event at a time walks the same list: events written together (an intake and its screening
      // share their time) are neither skipped nor repeated at a page boundary.
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = expectJson<{ events: { kind: string; id: string }[]; next?: string }>(
          await nurse.api.get(`${base}/timeline?limit=1${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        walked.push(...page.events.map((e) => `${e.kind} ${e.id}`));
        cursor = page.next;
      } while (cursor);
      assert.deepEqual(
        walked,
        all.map((e) => `${e.kind} ${e.id}`),
      );
      const badCursor = expectJson<Problem>(await nurse.api.get(`${base}/timeline?cursor=nonsense`), 400);
      assert.deepEqual(
        badCursor.errors?.map((e) => e.path),
        ['$.querystring.cursor'],
      );

      // The trail still verifies.
      const verified = expectJson<{ ok: boolean }>(await director.api.get('/api/audit/verify'), 200);
      assert.equal(verified.ok, true);
    });

    test('an order above a hard limit answers 422 with its findings, stores nothing, and is audited as denied', async () => {
      const { physician, director } = clinic;
      const record = await treatedPatient(app, clinic);
      const before = expectJson<{ orders: unknown[] }>(
        await physician.api.get(`/api/patients/${record.patientId}/orders`),
        200,
      ).orders.length;
      const refused = expectJson<Problem>(
        await physician.api.post(`/api/plans/${record.planId}/orders`, {
          values: { concentrationUgPerMl: 45, gasVolumeMl: 10 },
          overrides: [
            { ruleId: 'dose.concentration-above-hard-max', reason: 'other', comment: 'no override passes' },
          ],
        }),
        422,
      );
      assert.equal(refused.type, `${PROBLEMS}clinical-hard-stop`);
      const stop = refused.findings?.find((f) => f.ruleId === 'dose.concentration-above-hard-max');
      assert.ok(stop, JSON.stringify(refused.findings));
      assert.equal(stop.severity, 'hard-stop');
      assert.deepEqual(stop.techniques, ['intra-articular']);
      assert.ok(stop.message.length > 0 && Array.isArray(stop.evidence));
      assert.ok(refused.findings?.every((f) => f.severity === 'hard-stop'));

      const after = expectJson<{ orders: unknown[] }>(
        await physician.api.get(`/api/patients/${record.patientId}/orders`),
        200,
      ).orders.length;
      assert.equal(after, before, 'nothing was stored');
      const denied = await auditRows(record.patientId, 'denied');
      assert.deepEqual(
        denied.map((row) => [row.action, row.actor_role]),
        [['order.write', 'physician']],
      );
      const detail = denied[0]?.detail as { reason: string; hardStops: string[]; library: string };
      assert.equal(detail.reason, 'clinical-hard-stop');
      assert.deepEqual(detail.hardStops, [...new Set(refused.findings?.map((f) => f.ruleId))]);
      assert.equal(detail.library, 'clinic-1');
      const search = expectJson<{ events: { action: string; outcome: string }[] }>(
        await director.api.get(`/api/audit?patientId=${record.patientId}&limit=1000`),
        200,
      );
      assert.ok(search.events.some((e) => e.action === 'order.write' && e.outcome === 'denied'));
    });

    test('signing a session with a hard stop answers 422, leaves it a draft, and is audited as denied', async () => {
      const { physician, nurse } = clinic;
      const record = await treatedPatient(app, clinic);
      const { session } = expectJson<{ session: { id: string } }>(
        await nurse.api.post(`/api/orders/${record.orderId}/sessions`),
        201,
      );
      expectJson(
        await nurse.api.patch(`/api/sessions/${session.id}`, {
          startedAt: app.now().toISOString(),
          consentId: record.consentId,
          operator: { id: nurse.user.id, credentials: ['ozone-therapy'] },
        }),
        200,
      );
      const refused = expectJson<Problem>(
        await physician.api.post(`/api/sessions/${session.id}/sign`, {}),
        422,
      );
      assert.equal(refused.type, `${PROBLEMS}clinical-hard-stop`);
      assert.ok(refused.findings?.some((f) => f.ruleId === 'oversight.no-supervising-physician'));
      const draft = expectJson<{ session: { status: string } }>(
        await physician.api.get(`/api/sessions/${session.id}`),
        200,
      );
      assert.equal(draft.session.status, 'draft');
      const denied = await auditRows(record.patientId, 'denied');
      assert.deepEqual(
        denied.map((row) => [row.action, row.resource]),
        [['session.sign', `ozone_session/${session.id}`]],
      );
      const notPhysician = expectJson<Problem>(
        await nurse.api.patch(`/api/sessions/${session.id}`, { supervisingPhysicianId: nurse.user.id }),
        400,
      );
      assert.deepEqual(
        notPhysician.errors?.map((e) => e.path),
        ['$.body.supervisingPhysicianId'],
      );
    });

    test('a decision not to use ozone keeps its coded reason; plans close once', async () => {
      const { physician, coordinator } = clinic;
      const record = await treatedPatient(app, clinic);
      const missing = expectJson<Problem>(
        await physician.api.post(`/api/patients/${record.patientId}/decisions`, { reason: 'other' }),
        400,
      );
      assert.deepEqual(
        missing.errors?.map((e) => e.path),
        ['$.body.comment'],
      );
      const { decision } = expectJson<{ decision: { kind: string; reason: string } }>(
        await physician.api.post(`/api/patients/${record.patientId}/decisions`, {
          reason: 'fundamentals-first',
          comment: 'sleep and rehabilitation first',
        }),
        201,
      );
      assert.deepEqual([decision.kind, decision.reason], ['no-ozone', 'fundamentals-first']);
      const closed = expectJson<{ plan: { status: string } }>(
        await physician.api.post(`/api/plans/${record.planId}/close`, {
          reason: 'stopped',
          note: 'patient moved',
        }),
        200,
      );
      assert.equal(closed.plan.status, 'stopped');
      expectJson(await physician.api.post(`/api/plans/${record.planId}/close`, { reason: 'completed' }), 409);
      const plans = expectJson<{ plans: { id: string; status: string }[] }>(
        await coordinator.api.get(`/api/patients/${record.patientId}/plans`),
        200,
      );
      assert.deepEqual(
        plans.plans.map((p) => [p.id, p.status]),
        [[record.planId, 'stopped']],
      );
      const orderOnClosed = expectJson<Problem>(
        await physician.api.post(`/api/plans/${record.planId}/orders`, {
          values: { concentrationUgPerMl: 10 },
        }),
        409,
      );
      assert.equal(orderOnClosed.type, `${PROBLEMS}conflict`);
    });

    test('a withdrawn consent stops the next signature', async () => {
      const { physician, nurse, coordinator } = clinic;
      const record = await treatedPatient(app, clinic);
      const withdrawn = expectJson<{ consent: { withdrawn: { reason: string } } }>(
        await coordinator.api.post(`/api/consents/${record.consentId}/withdraw`, {
          reason: 'changed my mind',
        }),
        200,
      );
      assert.equal(withdrawn.consent.withdrawn.reason, 'changed my mind');
      const consents = expectJson<{ consents: { id: string; withdrawn?: unknown }[] }>(
        await nurse.api.get(`/api/patients/${record.patientId}/consents`),
        200,
      );
      assert.ok(consents.consents.find((c) => c.id === record.consentId)?.withdrawn);
      // Reviewing the grade-1 event first: it is not what this test is about.
      expectJson(await physician.api.post(`/api/adverse-events/${record.adverseEventId}/review`), 200);
      const { session } = expectJson<{ session: { id: string } }>(
        await nurse.api.post(`/api/orders/${record.orderId}/sessions`),
        201,
      );
      expectJson(
        await nurse.api.patch(`/api/sessions/${session.id}`, {
          startedAt: app.now().toISOString(),
          operator: { id: nurse.user.id, credentials: ['ozone-therapy'] },
          supervisingPhysicianId: physician.user.id,
        }),
        200,
      );
      const refused = expectJson<Problem>(await physician.api.post(`/api/sessions/${session.id}/sign`), 422);
      assert.ok(
        refused.findings?.some((f) => f.ruleId === 'consent.expired'),
        JSON.stringify(refused.findings),
      );
    });

    test('in the portal a patient states their goal, signs by portal and records outcomes; facts and assessments stay the clinic’s', async () => {
      const record = await treatedPatient(app, clinic);
      const account = await createUser(store, { role: 'patient', patientId: record.patientId });
      const portal = apiClient(app, await signIn(app, account));
      const base = `/api/patients/${record.patientId}`;
      const clinicParts = expectJson<Problem>(
        await portal.put(`${base}/intake`, {
          intake: {
            goal: { code: 'knee-osteoarthritis' },
            oxidativeBurden: 'low',
            fundamentalsAssessed: ['sleep'],
          },
          facts: [{ kind: 'g6pd', value: 'normal' }],
        }),
        400,
      );
      assert.deepEqual(clinicParts.errors?.map((e) => e.path).sort(), [
        '$.body.facts',
        '$.body.intake.fundamentalsAssessed',
        '$.body.intake.oxidativeBurden',
      ]);
      const saved = expectJson<{ version: number }>(
        await portal.put(`${base}/intake`, {
          intake: { goal: { code: 'knee-osteoarthritis', text: 'walk my dog again' }, expectsCure: false },
        }),
        200,
      );
      assert.equal(saved.version, 2);
      const { intake } = expectJson<{
        intake: {
          intake: { goal: { text: string }; fundamentalsAssessed: string[]; oxidativeBurden: string };
        };
      }>(await portal.get(`${base}/intake`), 200);
      assert.equal(intake.intake.goal.text, 'walk my dog again');
      assert.equal(intake.intake.fundamentalsAssessed.length, 6, 'the clinician’s assessment is kept');
      assert.equal(intake.intake.oxidativeBurden, 'low');

      const signature = { name: 'Test Patient', method: 'wet-ink' };
      const notPortal = expectJson<Problem>(
        await portal.post(`${base}/consents`, {
          templateId: clinic.consentTemplateId,
          patientSignature: signature,
        }),
        400,
      );
      assert.deepEqual(
        notPortal.errors?.map((e) => e.path),
        ['$.body.patientSignature.method'],
      );
      expectJson(
        await portal.post(`${base}/consents`, {
          templateId: clinic.consentTemplateId,
          patientSignature: { ...signature, method: 'portal' },
        }),
        201,
      );
      expectJson(
        await clinic.coordinator.api.post(`${base}/consents`, {
          templateId: clinic.consentTemplateId,
          patientSignature: { ...signature, method: 'portal' },
        }),
        400,
      );
      expectJson(
        await portal.post(`${base}/outcomes`, {
          planId: record.planId,
          measure: 'pain-nrs',
          value: 4,
          phase: 'follow-up',
        }),
        201,
      );
      const { accesses } = expectJson<{ accesses: { action: string; actorRole: string }[] }>(
        await portal.get('/api/me/access-log'),
        200,
      );
      assert.ok(accesses.some((a) => a.action === 'session.sign' && a.actorRole === 'physician'));
    });
  });
}
