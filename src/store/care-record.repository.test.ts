import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { jsonb } from './column-types.ts';
import {
  countersignConsent,
  findConsent,
  insertConsentTemplate,
  listCurrentConsentTemplates,
  withdrawConsent,
} from './consent.repository.ts';
import { REQUIRED_DISCUSSION_ITEMS } from './consent.table.ts';
import type { Store } from './database.ts';
import { insertDecision, listDecisions } from './decision.repository.ts';
import {
  discontinueOrder,
  insertDetectedIssues,
  listDetectedIssues,
  listOrders,
} from './order.repository.ts';
import { closePlan, findPlan } from './plan.repository.ts';
import {
  addConsent,
  addLibraryVersion,
  addOrder,
  addPatient,
  addPlan,
  AT,
  auditActionsSince,
  auditHead,
  CLINICIAN,
  inTransaction,
} from './testing/records.ts';
import { testDatabases } from './testing/stores.ts';

for (const database of testDatabases()) {
  describe(`decisions, plans, orders and consent on ${database.name}`, () => {
    let store: Store;
    let libraryId: string;
    before(async () => {
      store = await database.open();
      libraryId = (await inTransaction(store.db, (trx) => addLibraryVersion(trx))).id;
    });
    after(async () => {
      await store.close();
    });

    test('a decision not to use ozone needs a coded reason, and "other" needs a comment', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const decide = (reason: 'fundamentals-first' | 'other' | null, comment: string | null) =>
        inTransaction(store.db, (trx) =>
          insertDecision(trx, CLINICIAN, {
            id: randomUUID(),
            patient_id: patient.id,
            kind: 'no-ozone',
            reason_code: reason,
            comment,
            decided_by: CLINICIAN.actorId,
            decided_at: AT,
          }),
        );
      await decide('fundamentals-first', null);
      await assert.rejects(decide(null, 'no reason'), /check constraint/);
      await assert.rejects(decide('other', '  '), /check constraint/);
      await decide('other', 'travels home tomorrow');
      const decisions = await inTransaction(store.db, (trx) => listDecisions(trx, CLINICIAN, patient.id));
      assert.deepEqual(decisions.map((d) => d.reason_code).sort(), ['fundamentals-first', 'other']);
      await assert.rejects(
        sql`delete from decision where patient_id = ${patient.id}`.execute(store.db),
        /append-only/,
      );
    });

    test('the database refuses a plan, order or session for a prohibited technique', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      await assert.rejects(
        inTransaction(store.db, (trx) => addPlan(trx, patient.id, libraryId, { technique: 'inhalation' })),
        /check constraint/,
      );
      const plan = await inTransaction(store.db, (trx) => addPlan(trx, patient.id, libraryId));
      await assert.rejects(
        inTransaction(store.db, (trx) => addOrder(trx, plan, { technique: 'direct-iv-gas' })),
        /check constraint/,
      );
    });

    test('a signed order is frozen; it can be discontinued once', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const plan = await inTransaction(store.db, (trx) => addPlan(trx, patient.id, libraryId));
      const order = await inTransaction(store.db, (trx) => addOrder(trx, plan));
      await assert.rejects(
        sql`update ozone_order set concentration_ug_per_ml = 80 where id = ${order.id}`.execute(store.db),
        /immutable apart from/,
      );
      await assert.rejects(
        sql`delete from ozone_order where id = ${order.id}`.execute(store.db),
        /never deleted/,
      );
      const stop = () =>
        inTransaction(store.db, (trx) =>
          discontinueOrder(trx, CLINICIAN, {
            id: order.id,
            by: CLINICIAN.actorId,
            at: AT,
            reason: 'plan changed',
          }),
        );
      assert.equal((await stop())?.discontinued_reason, 'plan changed');
      assert.equal(await stop(), undefined);
      const orders = await inTransaction(store.db, (trx) => listOrders(trx, CLINICIAN, patient.id));
      assert.equal(orders.length, 1);
    });

    test('a plan is frozen and closed once', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const plan = await inTransaction(store.db, (trx) => addPlan(trx, patient.id, libraryId));
      await assert.rejects(
        sql`update plan set course_sessions = 12 where id = ${plan.id}`.execute(store.db),
        /immutable apart from/,
      );
      const close = () =>
        inTransaction(store.db, (trx) =>
          closePlan(trx, CLINICIAN, { id: plan.id, by: CLINICIAN.actorId, at: AT, reason: 'stopped' }),
        );
      assert.equal((await close())?.close_reason, 'stopped');
      assert.equal(await close(), undefined);
      const read = await inTransaction(store.db, (trx) => findPlan(trx, CLINICIAN, plan.id));
      assert.deepEqual(read?.programme, [{ component: 'rehabilitation', timing: 'alongside' }]);
    });

    test('a detected issue records an overridden warning with its coded reason; without one it is refused', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const plan = await inTransaction(store.db, (trx) => addPlan(trx, patient.id, libraryId));
      const order = await inTransaction(store.db, (trx) => addOrder(trx, plan));
      const issue = (reason: 'titration-plan' | 'other' | null, comment: string | null) => ({
        id: randomUUID(),
        order_id: order.id,
        rule_id: 'dose.concentration-above-soft-max' as const,
        severity: 'warning' as const,
        library_version_id: libraryId,
        override_reason: reason,
        comment,
        overridden_by: CLINICIAN.actorId,
        overridden_at: AT,
      });
      const start = await auditHead(store.db);
      await inTransaction(store.db, (trx) =>
        insertDetectedIssues(trx, CLINICIAN, patient.id, [issue('titration-plan', null)]),
      );
      await assert.rejects(
        inTransaction(store.db, (trx) =>
          insertDetectedIssues(trx, CLINICIAN, patient.id, [issue(null, null)]),
        ),
        /check constraint/,
      );
      await assert.rejects(
        inTransaction(store.db, (trx) =>
          insertDetectedIssues(trx, CLINICIAN, patient.id, [issue('other', '')]),
        ),
        /check constraint/,
      );
      const stored = await inTransaction(store.db, (trx) =>
        listDetectedIssues(trx, CLINICIAN, { orderId: order.id }),
      );
      assert.deepEqual(
        stored.map((i) => [i.rule_id, i.override_reason, i.library_version_id]),
        [['dose.concentration-above-soft-max', 'titration-plan', libraryId]],
      );
      assert.deepEqual(await auditActionsSince(store.db, start), [
        'detected-issue.write',
        'detected-issue.read',
      ]);
      await assert.rejects(
        sql`update detected_issue set override_reason = 'other' where order_id = ${order.id}`.execute(
          store.db,
        ),
        /append-only/,
      );
    });

    test('a consent template must carry every required discussion item, and each edit is a new version', async () => {
      const template = (items: readonly string[]) =>
        inTransaction(store.db, (trx) =>
          insertConsentTemplate(trx, CLINICIAN, {
            id: randomUUID(),
            key: 'mah',
            language: 'es',
            title: 'Autohemoterapia mayor',
            body: '…',
            techniques: jsonb(['mah']),
            discussion_items: jsonb(items),
            created_by: CLINICIAN.actorId,
            created_at: AT,
          }),
        );
      await assert.rejects(template(REQUIRED_DISCUSSION_ITEMS.slice(1)), /check constraint/);
      assert.equal((await template(REQUIRED_DISCUSSION_ITEMS)).version, 1);
      assert.equal((await template([...REQUIRED_DISCUSSION_ITEMS, 'blood-draw'])).version, 2);
      const current = (await listCurrentConsentTemplates(store.db)).filter((t) => t.key === 'mah');
      assert.deepEqual(
        current.map((t) => t.version),
        [2],
      );
    });

    test('a consent is countersigned once and withdrawn once; what the patient signed never changes', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const { consent } = await inTransaction(store.db, (trx) => addConsent(trx, patient.id));
      const countersign = () =>
        inTransaction(store.db, (trx) =>
          countersignConsent(trx, CLINICIAN, { id: consent.id, by: 'dr-b', at: AT }),
        );
      assert.equal((await countersign())?.countersigned_by, 'dr-b');
      assert.equal(await countersign(), undefined);
      await assert.rejects(
        sql`update consent set techniques = '["mah"]' where id = ${consent.id}`.execute(store.db),
        /immutable apart from/,
      );
      const withdrawn = await inTransaction(store.db, (trx) =>
        withdrawConsent(trx, CLINICIAN, {
          id: consent.id,
          recordedBy: 'nurse-c',
          at: AT,
          reason: 'changed mind',
        }),
      );
      assert.equal(withdrawn?.withdrawn_reason, 'changed mind');
      const read = await inTransaction(store.db, (trx) => findConsent(trx, CLINICIAN, consent.id));
      assert.deepEqual(read?.techniques, ['intra-articular']);
      await assert.rejects(
        sql`update consent set withdrawn_at = null where id = ${consent.id}`.execute(store.db),
        /set once/,
      );
    });
  });
}
