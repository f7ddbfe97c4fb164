import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/database.ts';
import { openStore } from '../../store/database.ts';
import { buildApp } from '../app.ts';
import { countersignConsent, createConsentTemplate, recordConsent } from '../services/consent.ts';
import { checkAndSaveOrder } from '../services/orders.ts';
import { recordOutcome } from '../services/outcomes.ts';
import { createPlan, decideNoOzone } from '../services/plans.ts';
import { approve, createDraftFrom } from '../services/protocol-library.ts';
import type { LibraryVersion } from '../services/record-types.ts';
import {
  recordAdverseEvent,
  reviewAdverseEvent,
  scheduleSession,
  signSession,
  updateSessionDraft,
} from '../services/sessions.ts';
import type { SignedIn, TestUser } from '../testing/auth.ts';
import { signInAs } from '../testing/auth.ts';
import { apiClient, expectJson } from '../testing/clinic-api.ts';
import {
  approvedLibrary,
  coordinator,
  DAY_MS,
  director,
  inTransaction,
  nurse,
  physician,
  screenedPatient,
} from '../services/testing/care-fixtures.ts';
import type { DeclineReport, OutcomeReport, SafetyReport } from './safety-reports.ts';

const HOUR_MS = 3_600_000;
const SESSION_SPACING_DAYS = 7;

/**
 * A small clinic, written through the services at past times so that two knee courses reach their review point
 * (session 6) before today: course A on the first approved library responds (pain 7 → 3), course B on a second
 * approved library does not (7 → 6); course C has a plan and no session; three patients are not offered ozone.
 */
describe('the safety, outcome and decline reports count a small clinic', () => {
  let store: Store;
  let app: FastifyInstance;
  let reader: SignedIn & TestUser;
  let firstLibrary: LibraryVersion;
  let secondLibrary: LibraryVersion;
  let planWithoutSessions: string;
  const start = new Date(Date.now() - 100 * DAY_MS);
  const day = (n: number) => new Date(start.getTime() + n * DAY_MS);
  const adverseGrades: number[] = [];

  async function kneeCourse(
    firstDay: number,
    pain: { baseline: number; review: number },
    adverse: { readonly afterSession: number; readonly grade: number },
  ) {
    const patientId = await screenedPatient(store.db, { at: day(firstDay - 5) });
    const { plan } = await inTransaction(store.db, (trx) =>
      createPlan(trx, physician(day(firstDay - 4)), {
        patientId,
        goal: { code: 'knee-osteoarthritis' },
        technique: 'intra-articular',
        escalationSchedule: [{ concentrationUgPerMl: 10, gasVolumeMl: 10 }],
        courseSessions: 6,
      }),
    );
    const { order } = await inTransaction(store.db, (trx) =>
      checkAndSaveOrder(trx, physician(day(firstDay - 4)), {
        planId: plan.id,
        values: { concentrationUgPerMl: 10, gasVolumeMl: 10 },
      }),
    );
    const template = await inTransaction(store.db, (trx) =>
      createConsentTemplate(trx, physician(day(firstDay - 4)), {
        key: `knee-${crypto.randomUUID().slice(0, 8)}`,
        language: 'en',
        title: 'Knee',
        body: 'Ozone is an adjunct, not a cure…',
        techniques: ['intra-articular'],
      }),
    );
    const consent = await inTransaction(store.db, async (trx) => {
      const signed = await recordConsent(trx, coordinator(day(firstDay - 3)), {
        patientId,
        templateId: template.id,
        patientSignature: { name: 'Test Patient', method: 'portal' },
      });
      return countersignConsent(trx, physician(day(firstDay - 3)), signed.id);
    });
    await inTransaction(store.db, (trx) =>
      recordOutcome(trx, nurse(day(firstDay - 1)), {
        patientId,
        measure: 'pain-nrs',
        value: pain.baseline,
        phase: 'baseline',
        recordedAt: day(firstDay - 1),
      }),
    );
    for (let n = 0; n < 6; n += 1) {
      const started = day(firstDay + n * SESSION_SPACING_DAYS);
      const signedAt = new Date(started.getTime() + HOUR_MS);
      const draft = await inTransaction(store.db, (trx) =>
        scheduleSession(trx, nurse(started), { orderId: order.id, scheduledAt: started }),
      );
      await inTransaction(store.db, (trx) =>
        updateSessionDraft(trx, nurse(started), draft.id, {
          startedAt: started,
          consentId: consent.id,
          operator: { id: 'rn-sofia', credentials: ['ozone-therapy'] },
          supervisingPhysicianId: 'dr-ana',
        }),
      );
      await inTransaction(store.db, (trx) => signSession(trx, physician(signedAt), { sessionId: draft.id }));
      if (adverse.afterSession === n + 1) {
        const grade = adverse.grade;
        adverseGrades.push(grade);
        const event = await inTransaction(store.db, (trx) =>
          recordAdverseEvent(trx, nurse(signedAt), { sessionId: draft.id, grade, description: 'knee ache' }),
        );
        // Reviewed, so that the next session of the course may be signed.
        await inTransaction(store.db, (trx) =>
          reviewAdverseEvent(trx, physician(signedAt), { adverseEventId: event.id, note: 'self-limiting' }),
        );
      }
    }
    await inTransaction(store.db, (trx) =>
      recordOutcome(trx, nurse(day(firstDay + 36)), {
        patientId,
        planId: plan.id,
        measure: 'pain-nrs',
        value: pain.review,
        phase: 'review',
        recordedAt: day(firstDay + 36),
      }),
    );
  }

  async function newVersion(at: Date, basedOn: string): Promise<LibraryVersion> {
    return inTransaction(store.db, async (trx) => {
      const draft = await createDraftFrom(trx, director(at), basedOn, {}, { note: 'second review' });
      return approve(trx, director(at), draft.id);
    });
  }

  before(async () => {
    store = await openStore({ dataDir: undefined });
    app = await buildApp({ store });
    await app.ready();
    firstLibrary = await approvedLibrary(store.db, {}, day(0));
    await kneeCourse(10, { baseline: 7, review: 3 }, { afterSession: 1, grade: 1 });
    secondLibrary = await newVersion(day(50), firstLibrary.id);
    await kneeCourse(55, { baseline: 7, review: 6 }, { afterSession: 6, grade: 3 });
    const withoutSessions = await screenedPatient(store.db, { at: day(90) });
    planWithoutSessions = (
      await inTransaction(store.db, (trx) =>
        createPlan(trx, physician(day(90)), {
          patientId: withoutSessions,
          goal: { code: 'knee-osteoarthritis' },
          technique: 'intra-articular',
          escalationSchedule: [{ concentrationUgPerMl: 10, gasVolumeMl: 10 }],
          courseSessions: 6,
        }),
      )
    ).plan.id;
    for (const reason of ['insufficient-evidence', 'patient-declined', 'insufficient-evidence'] as const) {
      const patientId = await screenedPatient(store.db, { at: day(91) });
      await inTransaction(store.db, (trx) => decideNoOzone(trx, physician(day(91)), { patientId, reason }));
    }
    reader = await signInAs(app, 'physician');
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const report = async <T>(name: string, query = '') =>
    expectJson<T>(await apiClient(app, reader).get(`/api/reports/${name}${query}`), 200);

  test('a hard stop that refused an order is counted as a catch, by rule and by action', async () => {
    const before = await report<SafetyReport>('safety');
    assert.equal(before.hardStopCatches.total, 0);
    const refused = await apiClient(app, reader).post(`/api/plans/${planWithoutSessions}/orders`, {
      values: { concentrationUgPerMl: 45, gasVolumeMl: 10 },
    });
    const problem = expectJson<{ type: string; findings: { ruleId: string; severity: string }[] }>(
      refused,
      422,
    );
    assert.match(problem.type, /clinical-hard-stop$/);
    const stops = [
      ...new Set(problem.findings.filter((f) => f.severity === 'hard-stop').map((f) => f.ruleId)),
    ];
    assert.ok(stops.length > 0);

    const after = await report<SafetyReport>('safety');
    assert.equal(after.hardStopCatches.total, 1);
    assert.deepEqual(after.hardStopCatches.byAction, [{ action: 'order.write', count: 1 }]);
    assert.deepEqual(after.hardStopCatches.byRule.map((row) => row.ruleId).sort(), stops.sort());
    assert.ok(after.hardStopCatches.byRule.every((row) => row.count === 1));
  });

  test('adverse events are counted per 1,000 signed sessions of each technique, severe ones apart', async () => {
    const { adverseEvents } = await report<SafetyReport>('safety');
    const sessions = 12;
    assert.equal(adverseEvents.total.sessions, sessions);
    assert.equal(adverseEvents.total.adverseEvents, adverseGrades.length);
    assert.equal(adverseEvents.total.severeAdverseEvents, adverseGrades.filter((g) => g >= 3).length);
    assert.deepEqual(adverseEvents.byTechnique, [
      {
        technique: 'intra-articular',
        sessions,
        adverseEvents: adverseGrades.length,
        severeAdverseEvents: 1,
        perThousandSessions: (adverseGrades.length / sessions) * 1000,
      },
    ]);
  });

  test('library compliance is the share of orders and sessions checked against the current approved version', async () => {
    const { libraryCompliance } = await report<SafetyReport>('safety');
    assert.deepEqual(libraryCompliance.current, {
      id: secondLibrary.id,
      version: secondLibrary.library.version,
    });
    assert.deepEqual(libraryCompliance.orders, { total: 2, onCurrent: 1, share: 0.5 });
    assert.deepEqual(libraryCompliance.sessions, { total: 12, onCurrent: 6, share: 0.5 });
    assert.deepEqual(
      libraryCompliance.byVersion.map((row) => [row.version, row.current, row.orders, row.sessions]).sort(),
      [
        [firstLibrary.library.version, false, 1, 6],
        [secondLibrary.library.version, true, 1, 6],
      ].sort(),
    );
  });

  test('responder rates by goal and technique follow the engine’s review at session 6', async () => {
    const outcomes = await report<OutcomeReport>('outcomes');
    const expected = { plans: 3, responders: 1, nonResponders: 1, notEvaluable: 1, responderRate: 0.5 };
    assert.deepEqual(outcomes.total, expected);
    assert.deepEqual(outcomes.byGoal, [{ goal: 'knee-osteoarthritis', ...expected }]);
    assert.deepEqual(outcomes.byTechnique, [{ technique: 'intra-articular', ...expected }]);
    assert.deepEqual(outcomes.byGoalAndTechnique, [
      { goal: 'knee-osteoarthritis', technique: 'intra-articular', ...expected },
    ]);
  });

  test('decisions against ozone are counted by reason, beside the plans decided', async () => {
    const declines = await report<DeclineReport>('declines');
    assert.equal(declines.plans, 3);
    assert.equal(declines.noOzone, 3);
    assert.equal(declines.decisions, 6);
    assert.equal(declines.noOzoneShare, 0.5);
    assert.deepEqual(declines.byReason, [
      { reason: 'insufficient-evidence', count: 2, share: 2 / 3 },
      { reason: 'patient-declined', count: 1, share: 1 / 3 },
    ]);
  });

  test('a date range counts only what happened inside it, and an empty range shows no rates', async () => {
    const from = encodeURIComponent(day(52).toISOString());
    const to = encodeURIComponent(day(95).toISOString());
    const safety = await report<SafetyReport>('safety', `?from=${from}&to=${to}`);
    assert.equal(safety.adverseEvents.total.sessions, 6, 'course B only');
    assert.deepEqual(safety.libraryCompliance.sessions, { total: 6, onCurrent: 6, share: 1 });
    const later = encodeURIComponent(new Date(Date.now() + DAY_MS).toISOString());
    const empty = await report<SafetyReport>('safety', `?from=${later}`);
    assert.deepEqual(empty.adverseEvents.total, { sessions: 0, adverseEvents: 0, severeAdverseEvents: 0 });
    assert.deepEqual(empty.libraryCompliance.orders, { total: 0, onCurrent: 0 });
    const outcomes = await report<OutcomeReport>('outcomes', `?from=${later}`);
    assert.deepEqual(outcomes.total, { plans: 0, responders: 0, nonResponders: 0, notEvaluable: 0 });
    const declines = await report<DeclineReport>('declines', `?from=${to}`);
    assert.deepEqual(declines.byReason, []);
    const backwards = await apiClient(app, reader).get(`/api/reports/safety?from=${to}&to=${from}`);
    assert.equal(backwards.statusCode, 400);
  });

  test('reading a report is audited, naming the report and no patient', async () => {
    await report<DeclineReport>('declines');
    const row = await store.db
      .selectFrom('audit_event')
      .select(['action', 'patient_id', 'detail', 'actor_id'])
      .where('action', '=', 'report.read')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.detail, { report: 'declines' });
    assert.equal(row.patient_id, null);
    assert.equal(row.actor_id, reader.user.id);
  });
});
