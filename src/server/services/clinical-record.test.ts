import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { screenPatient } from '../../clinical/engine.ts';
import { verifyAuditChain } from '../../store/audit.repository.ts';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { countersignConsent, createConsentTemplate, recordConsent, withdrawConsent } from './consent.ts';
import { ClinicalHardStopError, InvalidRecordError, OverrideRequiredError } from './errors.ts';
import { saveIntake } from './intake.ts';
import { checkAndSaveOrder } from './orders.ts';
import { courseRecommendation, recordOutcome } from './outcomes.ts';
import { factsForPatient } from './patient-facts.ts';
import { createPlan, decideNoOzone } from './plans.ts';
import type { LibraryVersion } from './record-types.ts';
import {
  amendSession,
  getSession,
  recordAdverseEvent,
  reviewAdverseEvent,
  scheduleSession,
  signSession,
  updateSessionDraft,
} from './sessions.ts';
import {
  approvedLibrary,
  AT,
  coordinator,
  daysAfter,
  daysBefore,
  inTransaction,
  nurse,
  physician,
  screenedPatient,
} from './testing/care-fixtures.ts';

const HOUR_MS = 3_600_000;

for (const database of testDatabases()) {
  describe(`the clinical record through its services on ${database.name}`, () => {
    let store: Store;
    let library: LibraryVersion;
    before(async () => {
      store = await database.open();
      library = await approvedLibrary(store.db);
    });
    after(async () => {
      await store.close();
    });

    const count = async (table: 'ozone_order' | 'plan' | 'detected_issue', patientId: string) =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('patient_id', '=', patientId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const auditHead = async () =>
      Number((await store.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);

    async function kneePlan(patientId: string) {
      return inTransaction(store.db, (trx) =>
        createPlan(trx, physician(), {
          patientId,
          goal: { code: 'knee-osteoarthritis' },
          technique: 'intra-articular',
          escalationSchedule: [
            { concentrationUgPerMl: 10, gasVolumeMl: 10 },
            { concentrationUgPerMl: 20, gasVolumeMl: 10 },
          ],
          courseSessions: 6,
          programme: [
            { component: 'rehabilitation', timing: 'alongside' },
            { component: 'regenerative-care', timing: 'after', note: 'PRP if no response' },
          ],
        }),
      );
    }

    test('facts recorded at intake come back as the PatientFacts the engine reads, with their provenance', async () => {
      const patientId = await screenedPatient(store.db, {
        sex: 'female',
        extraFacts: [
          {
            kind: 'medications',
            value: { drugClass: 'vka', name: 'warfarin' },
            effective: '2026-10-01',
            source: 'import',
            provenance: { resource: 'MedicationStatement/w1', code: 'http://www.whocc.no/atc|B01AA03' },
          },
          { kind: 'inr', value: 2.4 },
        ],
      });
      const { facts, history } = await inTransaction(store.db, (trx) =>
        factsForPatient(trx, physician(), patientId, AT),
      );
      assert.equal(facts.patientId, patientId);
      assert.equal(facts.sex, 'female');
      assert.equal(facts.birthDate, '1976-03-14');
      assert.deepEqual(facts.medications, [
        {
          value: { drugClass: 'vka', name: 'warfarin' },
          effective: '2026-10-01',
          provenance: { resource: 'MedicationStatement/w1', code: 'http://www.whocc.no/atc|B01AA03' },
        },
      ]);
      // A clinic fact without a date is dated when it was entered, and points at its intake version.
      assert.equal(facts.inr[0]?.effective, AT.toISOString());
      assert.match(facts.inr[0]?.provenance.resource ?? '', /^intake\/[0-9a-f-]{36}$/);
      assert.deepEqual(facts.pregnancy[0]?.value, { pregnant: false, basis: 'test' });
      assert.equal(facts.intake?.goal?.code, 'knee-osteoarthritis');
      assert.equal(facts.intake?.fundamentalsAssessed.length, 6);
      assert.deepEqual(history, { sessions: [], outcomes: [], consents: [] });
    });

    test('every intake change stores a new version and the screening the engine returns for it', async () => {
      const patientId = await screenedPatient(store.db);
      const factId = (
        await store.db
          .selectFrom('clinical_fact')
          .select('id')
          .where('patient_id', '=', patientId)
          .where('kind', '=', 'g6pd')
          .executeTakeFirstOrThrow()
      ).id;
      const saved = await inTransaction(store.db, (trx) =>
        saveIntake(trx, physician(), {
          patientId,
          intake: {
            goal: { code: 'knee-osteoarthritis' },
            fundamentalsAssessed: ['sleep'],
            expectsCure: true,
          },
          enteredInError: [{ factId, reason: 'result belonged to another patient' }],
        }),
      );
      assert.equal(saved.version, 2);
      assert.equal(saved.screening.libraryVersionId, library.id);
      const { facts, history } = await inTransaction(store.db, (trx) =>
        factsForPatient(trx, physician(), patientId, AT),
      );
      assert.deepEqual(saved.screening.findings, [
        ...screenPatient(facts, history, { library: library.library, asOf: AT }).findings,
      ]);
      const rules = saved.screening.findings.map((f) => f.ruleId);
      assert.ok(rules.includes('expectations.unrealistic'));
      assert.ok(rules.includes('fundamentals.unaddressed'));
      assert.ok(
        rules.includes('screening.g6pd-unknown'),
        'the G6PD result entered in error no longer counts',
      );
      assert.equal(saved.screening.eligibility.mah, 'needs-data');
      assert.equal(saved.screening.eligibility.inhalation, 'prohibited');
    });

    test('a decision not to use ozone keeps its coded reason and the screening it was taken on', async () => {
      const patientId = await screenedPatient(store.db);
      const decision = await inTransaction(store.db, (trx) =>
        decideNoOzone(trx, physician(), { patientId, reason: 'fundamentals-first', comment: 'sleep first' }),
      );
      assert.equal(decision.reason, 'fundamentals-first');
      assert.ok(decision.screeningResultId);
      await assert.rejects(
        inTransaction(store.db, (trx) => decideNoOzone(trx, physician(), { patientId, reason: 'other' })),
        InvalidRecordError,
      );
    });

    test('a plan keeps its programme, schedule and the findings of each step; a hard stop in any step refuses it', async () => {
      const patientId = await screenedPatient(store.db);
      const { plan, decision, stepEvaluations } = await kneePlan(patientId);
      assert.equal(decision.kind, 'plan');
      assert.equal(plan.libraryVersionId, library.id);
      assert.deepEqual(plan.reviewPoint, { kind: 'after-sessions', sessions: 6 });
      assert.equal(plan.programme.length, 2);
      assert.equal(plan.stepFindings.length, 2);
      assert.ok(stepEvaluations.every((e) => e.signable));
      const refused = await inTransaction(store.db, (trx) =>
        createPlan(trx, physician(), {
          patientId,
          goal: { code: 'knee-osteoarthritis' },
          technique: 'intra-articular',
          escalationSchedule: [
            { concentrationUgPerMl: 20, gasVolumeMl: 10 },
            { concentrationUgPerMl: 45, gasVolumeMl: 10 },
          ],
          courseSessions: 6,
        }),
      ).catch((error: unknown) => error);
      assert.ok(refused instanceof ClinicalHardStopError);
      assert.deepEqual(
        refused.findings.map((f) => f.ruleId),
        ['dose.concentration-above-hard-max'],
      );
      assert.equal(await count('plan', patientId), 1);
    });

    test('an order above a soft limit needs a coded reason; above a hard limit nothing is stored at all', async () => {
      const patientId = await screenedPatient(store.db);
      const { plan } = await kneePlan(patientId);
      const order = (concentrationUgPerMl: number, overrides = [] as const satisfies readonly unknown[]) =>
        inTransaction(store.db, (trx) =>
          checkAndSaveOrder(trx, physician(), {
            planId: plan.id,
            values: { concentrationUgPerMl, gasVolumeMl: 10 },
            overrides,
          }),
        );
      const headBefore = await auditHead();
      await assert.rejects(order(45), (error: unknown) => {
        assert.ok(error instanceof ClinicalHardStopError);
        assert.equal(error.findings[0]?.ruleId, 'dose.concentration-above-hard-max');
        return true;
      });
      await assert.rejects(order(25), (error: unknown) => {
        assert.ok(error instanceof OverrideRequiredError);
        assert.deepEqual(
          error.warnings.map((w) => w.ruleId),
          ['dose.concentration-above-soft-max'],
        );
        return true;
      });
      assert.equal(await auditHead(), headBefore, 'a refused order leaves no audit row');
      assert.equal(await count('ozone_order', patientId), 0);
      const saved = await inTransaction(store.db, (trx) =>
        checkAndSaveOrder(trx, physician(), {
          planId: plan.id,
          values: { concentrationUgPerMl: 25, gasVolumeMl: 10 },
          overrides: [{ ruleId: 'dose.concentration-above-soft-max', reason: 'titration-plan' }],
        }),
      );
      assert.equal(saved.order.libraryVersionId, library.id);
      assert.equal(saved.order.status, 'signed');
      assert.deepEqual(
        saved.detectedIssues.map((i) => [i.ruleId, i.severity, i.overrideReason, i.libraryVersionId]),
        [['dose.concentration-above-soft-max', 'warning', 'titration-plan', library.id]],
      );
    });

    test('a session is signed only when the engine finds no hard stop, and is then frozen; corrections are amendments', async () => {
      const patientId = await screenedPatient(store.db);
      const { plan } = await kneePlan(patientId);
      const { order } = await inTransaction(store.db, (trx) =>
        checkAndSaveOrder(trx, physician(), {
          planId: plan.id,
          values: { concentrationUgPerMl: 25, gasVolumeMl: 10 },
          overrides: [{ ruleId: 'dose.concentration-above-soft-max', reason: 'titration-plan' }],
        }),
      );
      const template = await inTransaction(store.db, (trx) =>
        createConsentTemplate(trx, physician(daysBefore(60)), {
          key: 'intra-articular',
          language: 'en',
          title: 'Intra-articular ozone',
          body: 'Ozone is an adjunct, not a cure…',
          techniques: ['intra-articular'],
        }),
      );
      const consent = await inTransaction(store.db, (trx) =>
        recordConsent(trx, coordinator(daysBefore(3)), {
          patientId,
          templateId: template.id,
          patientSignature: { name: 'Test Patient', method: 'portal' },
        }),
      );
      assert.equal(consent.validUntil, new Date('2027-11-24T09:00:00Z').toISOString());
      const draft = await inTransaction(store.db, (trx) =>
        scheduleSession(trx, nurse(), { orderId: order.id, scheduledAt: AT }),
      );
      assert.deepEqual(draft.administered, { concentrationUgPerMl: 25, gasVolumeMl: 10 });
      const started = new Date(AT.getTime() + HOUR_MS);
      const signAt = new Date(AT.getTime() + 2 * HOUR_MS);
      await inTransaction(store.db, (trx) =>
        updateSessionDraft(trx, nurse(started), draft.id, {
          startedAt: started,
          consentId: consent.id,
          vitals: { systolicMmHg: 124, diastolicMmHg: 80, heartRateBpm: 68 },
          checklist: { 'sterile-field-prepared': true, 'ozone-destructor-active': true },
          generatorReading: { deviceId: 'gen-1', concentrationUgPerMl: 25 },
          operator: { id: 'rn-sofia', credentials: ['ozone-therapy'] },
        }),
      );
      const sign = () =>
        inTransaction(store.db, (trx) => signSession(trx, physician(signAt), { sessionId: draft.id }));
      // Not countersigned and no supervising physician: both stop the signature.
      await assert.rejects(sign(), (error: unknown) => {
        assert.ok(error instanceof ClinicalHardStopError);
        assert.deepEqual(
          error.findings.map((f) => f.ruleId),
          ['consent.missing', 'oversight.no-supervising-physician'],
        );
        return true;
      });
      await inTransaction(store.db, async (trx) => {
        await countersignConsent(trx, physician(daysBefore(3)), consent.id);
        await updateSessionDraft(trx, nurse(started), draft.id, { supervisingPhysicianId: 'dr-ana' });
      });
      const signed = await sign();
      assert.equal(signed.session.status, 'signed');
      assert.equal(signed.session.rescreening?.asOf, started.toISOString());
      assert.deepEqual(
        signed.detectedIssues.map((i) => [i.ruleId, i.overrideReason, i.carriedFrom !== undefined]),
        [['dose.concentration-above-soft-max', 'titration-plan', true]],
      );
      await assert.rejects(
        sql`update ozone_session set concentration_ug_per_ml = 5 where id = ${draft.id}`.execute(store.db),
        /signed and immutable/,
      );
      await inTransaction(store.db, (trx) =>
        amendSession(trx, nurse(signAt), {
          sessionId: draft.id,
          field: 'concentrationUgPerMl',
          value: 20,
          reason: 'generator log shows 20 µg/mL was given',
        }),
      );
      const amended = await inTransaction(store.db, (trx) => getSession(trx, physician(), draft.id));
      assert.equal(amended.administered.concentrationUgPerMl, 20);
      assert.equal(amended.amendmentCount, 1);
      const { history } = await inTransaction(store.db, (trx) =>
        factsForPatient(trx, physician(), patientId, signAt),
      );
      assert.equal(history.sessions[0]?.concentrationUgPerMl, 20, 'the history reads the corrected value');
    });

    test('an unreviewed adverse event stops the next order until a physician reviews it', async () => {
      const patientId = await screenedPatient(store.db);
      const { plan } = await kneePlan(patientId);
      const { order } = await inTransaction(store.db, (trx) =>
        checkAndSaveOrder(trx, physician(), {
          planId: plan.id,
          values: { concentrationUgPerMl: 10, gasVolumeMl: 10 },
        }),
      );
      const template = await inTransaction(store.db, (trx) =>
        createConsentTemplate(trx, physician(daysBefore(60)), {
          key: 'knee',
          language: 'en',
          title: 'Knee',
          body: '…',
          techniques: ['intra-articular'],
        }),
      );
      const session = await inTransaction(store.db, async (trx) => {
        const consent = await recordConsent(trx, coordinator(daysBefore(3)), {
          patientId,
          templateId: template.id,
          patientSignature: { name: 'T P', method: 'wet-ink' },
        });
        await countersignConsent(trx, physician(daysBefore(3)), consent.id);
        const draft = await scheduleSession(trx, nurse(), { orderId: order.id });
        await updateSessionDraft(trx, nurse(), draft.id, {
          startedAt: AT,
          operator: { id: 'rn-sofia', credentials: ['ozone-therapy'] },
          supervisingPhysicianId: 'dr-ana',
        });
        return (await signSession(trx, physician(), { sessionId: draft.id })).session;
      });
      const event = await inTransaction(store.db, (trx) =>
        recordAdverseEvent(trx, nurse(), {
          sessionId: session.id,
          grade: 2,
          description: 'knee swelling for 2 days',
        }),
      );
      const nextWeek = daysAfter(7);
      const next = () =>
        inTransaction(store.db, (trx) =>
          checkAndSaveOrder(trx, physician(nextWeek), {
            planId: plan.id,
            values: { concentrationUgPerMl: 10, gasVolumeMl: 10 },
          }),
        );
      await assert.rejects(next(), (error: unknown) => {
        assert.ok(error instanceof ClinicalHardStopError);
        assert.deepEqual(
          error.findings.map((f) => f.ruleId),
          ['course.adverse-event-unreviewed'],
        );
        return true;
      });
      await inTransaction(store.db, (trx) =>
        reviewAdverseEvent(trx, physician(nextWeek), { adverseEventId: event.id, note: 'self-limiting' }),
      );
      assert.equal((await next()).order.status, 'signed');
      const withdrawn = await inTransaction(store.db, async (trx) => {
        const consents = await trx
          .selectFrom('consent')
          .select('id')
          .where('patient_id', '=', patientId)
          .execute();
        return withdrawConsent(trx, nurse(nextWeek), { consentId: consents[0]!.id, reason: 'moving away' });
      });
      assert.equal(withdrawn.withdrawn?.reason, 'moving away');
    });

    test('outcomes feed the engine’s course review: continue before the review point', async () => {
      const patientId = await screenedPatient(store.db);
      const { plan } = await kneePlan(patientId);
      await inTransaction(store.db, (trx) =>
        recordOutcome(trx, nurse(), {
          patientId,
          measure: 'pain-nrs',
          value: 7,
          phase: 'baseline',
          recordedAt: daysBefore(1),
        }),
      );
      await assert.rejects(
        inTransaction(store.db, (trx) =>
          recordOutcome(trx, nurse(), {
            patientId,
            planId: crypto.randomUUID(),
            measure: 'pain-nrs',
            value: 3,
            phase: 'review',
          }),
        ),
        InvalidRecordError,
      );
      const review = await inTransaction(store.db, (trx) => courseRecommendation(trx, physician(), plan.id));
      assert.equal(review.reviewPointReached, false);
      assert.equal(review.recommendation, 'continue');
    });

    test('the audit chain verifies after all of the above', async () => {
      assert.equal((await verifyAuditChain(store.db)).ok, true);
    });
  });
}
