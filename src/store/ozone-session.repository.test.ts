import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { insertAdverseEvent, listAdverseEvents, reviewAdverseEvent } from './adverse-event.repository.ts';
import { jsonb } from './column-types.ts';
import type { Store } from './database.ts';
import { insertOutcome, listOutcomes, markOutcomeEnteredInError } from './outcome.repository.ts';
import {
  findSession,
  insertAmendment,
  listAmendments,
  listSignedSessions,
  markSessionSigned,
  updateDraftSession,
} from './ozone-session.repository.ts';
import type { SessionRow } from './ozone-session.repository.ts';
import {
  addLibraryVersion,
  addOrder,
  addPatient,
  addPlan,
  addSession,
  AT,
  auditActionsSince,
  auditHead,
  CLINICIAN,
  inTransaction,
} from './testing/records.ts';
import { testDatabases } from './testing/stores.ts';

for (const database of testDatabases()) {
  describe(`sessions, amendments, adverse events and outcomes on ${database.name}`, () => {
    let store: Store;
    let libraryId: string;
    before(async () => {
      store = await database.open();
      libraryId = (await inTransaction(store.db, (trx) => addLibraryVersion(trx))).id;
    });
    after(async () => {
      await store.close();
    });

    async function draftSession() {
      return inTransaction(store.db, async (trx) => {
        const patient = await addPatient(trx);
        const plan = await addPlan(trx, patient.id, libraryId);
        const order = await addOrder(trx, plan);
        return { plan, session: await addSession(trx, order) };
      });
    }

    const sign = (session: SessionRow) =>
      inTransaction(store.db, async (trx) => {
        await updateDraftSession(trx, CLINICIAN, session.id, { started_at: AT, updated_at: AT });
        return markSessionSigned(trx, CLINICIAN, {
          id: session.id,
          by: CLINICIAN.actorId,
          at: AT,
          rescreening: jsonb({ asOf: AT.toISOString(), evaluation: { findings: [] } }),
          libraryVersionId: libraryId,
        });
      });

    test('a draft is edited freely; signing it is audited and makes it part of the history', async () => {
      const { session } = await draftSession();
      const start = await auditHead(store.db);
      const edited = await inTransaction(store.db, (trx) =>
        updateDraftSession(trx, CLINICIAN, session.id, {
          vitals: jsonb({ systolicMmHg: 128, heartRateBpm: 70 }),
          checklist: jsonb({ 'sterile-field-prepared': true }),
          operator_credentials: jsonb(['ozone-therapy']),
          updated_at: AT,
        }),
      );
      assert.deepEqual(edited?.vitals, { systolicMmHg: 128, heartRateBpm: 70 });
      const signed = await sign(session);
      assert.equal(signed?.status, 'signed');
      const history = await inTransaction(store.db, (trx) =>
        listSignedSessions(trx, CLINICIAN, session.patient_id),
      );
      assert.deepEqual(
        history.map((s) => s.id),
        [session.id],
      );
      assert.deepEqual(await auditActionsSince(store.db, start), [
        'session.update',
        'session.update',
        'session.sign',
        'session.read',
      ]);
    });

    test('a signed session refuses UPDATE and DELETE, even by raw SQL, and cannot be signed again', async () => {
      const { session } = await draftSession();
      await sign(session);
      await assert.rejects(
        sql`update ozone_session set concentration_ug_per_ml = 99 where id = ${session.id}`.execute(store.db),
        /signed and immutable/,
      );
      await assert.rejects(
        sql`update ozone_session set status = 'draft' where id = ${session.id}`.execute(store.db),
        /signed and immutable/,
      );
      await assert.rejects(
        sql`delete from ozone_session where id = ${session.id}`.execute(store.db),
        /immutable/,
      );
      await assert.rejects(sql`truncate ozone_session cascade`.execute(store.db), /append-only/);
      assert.equal(
        await inTransaction(store.db, (trx) =>
          updateDraftSession(trx, CLINICIAN, session.id, { notes: 'x' }),
        ),
        undefined,
      );
      assert.equal(await sign(session), undefined);
    });

    test('a session cannot be signed without its check, library version and start time', async () => {
      const { session } = await draftSession();
      await assert.rejects(
        sql`update ozone_session set status = 'signed', signed_by = 'x', signed_at = now() where id = ${session.id}`.execute(
          store.db,
        ),
        /check constraint/,
      );
    });

    test('corrections to a signed session are appended amendments; a draft cannot be amended', async () => {
      const { session } = await draftSession();
      const amend = () =>
        inTransaction(store.db, (trx) =>
          insertAmendment(trx, CLINICIAN, {
            id: randomUUID(),
            session_id: session.id,
            patient_id: session.patient_id,
            field: 'notes',
            old_value: jsonb(null),
            new_value: jsonb('patient felt warm afterwards'),
            reason: 'late entry',
            amended_by: CLINICIAN.actorId,
            amended_at: AT,
          }),
        );
      await assert.rejects(amend(), /only a signed session is amended/);
      await sign(session);
      const amendment = await amend();
      assert.equal(amendment.new_value, 'patient felt warm afterwards');
      const amendments = await inTransaction(store.db, (trx) => listAmendments(trx, CLINICIAN, session.id));
      assert.equal(amendments.length, 1);
      await assert.rejects(
        sql`update session_amendment set reason = 'x' where id = ${amendment.id}`.execute(store.db),
        /append-only/,
      );
      await assert.rejects(
        sql`delete from session_amendment where id = ${amendment.id}`.execute(store.db),
        /append-only/,
      );
      const read = await inTransaction(store.db, (trx) => findSession(trx, CLINICIAN, session.id));
      assert.equal(read?.notes, null);
    });

    test('an adverse event is graded 1 to 5 and reviewed once', async () => {
      const { session } = await draftSession();
      const report = (grade: number) =>
        inTransaction(store.db, (trx) =>
          insertAdverseEvent(trx, CLINICIAN, {
            id: randomUUID(),
            session_id: session.id,
            patient_id: session.patient_id,
            grade,
            description: 'vasovagal reaction',
            reported_by: CLINICIAN.actorId,
            reported_at: AT,
          }),
        );
      await assert.rejects(report(6), /check constraint/);
      await assert.rejects(report(0), /check constraint/);
      const event = await report(2);
      const review = () =>
        inTransaction(store.db, (trx) =>
          reviewAdverseEvent(trx, CLINICIAN, { id: event.id, by: 'dr-a', at: AT, note: 'resolved' }),
        );
      assert.equal((await review())?.reviewed_by, 'dr-a');
      assert.equal(await review(), undefined);
      await assert.rejects(
        sql`update adverse_event set grade = 1 where id = ${event.id}`.execute(store.db),
        /immutable/,
      );
      const events = await inTransaction(store.db, (trx) =>
        listAdverseEvents(trx, CLINICIAN, session.patient_id),
      );
      assert.deepEqual(
        events.map((e) => e.grade),
        [2],
      );
    });

    test('outcomes are listed per plan with the baselines taken outside any plan; errors drop out', async () => {
      const { plan } = await draftSession();
      const record = (value: number, planId: string | null, phase: 'baseline' | 'review') =>
        inTransaction(store.db, (trx) =>
          insertOutcome(trx, CLINICIAN, {
            id: randomUUID(),
            patient_id: plan.patient_id,
            plan_id: planId,
            measure: 'pain-nrs',
            value,
            phase,
            recorded_at: AT,
            recorded_by: CLINICIAN.actorId,
          }),
        );
      await record(8, null, 'baseline');
      const wrong = await record(40, plan.id, 'review');
      await record(4, plan.id, 'review');
      await inTransaction(store.db, (trx) =>
        markOutcomeEnteredInError(trx, CLINICIAN, { id: wrong.id, by: 'dr-a', at: AT, reason: 'typo' }),
      );
      const outcomes = await inTransaction(store.db, (trx) =>
        listOutcomes(trx, CLINICIAN, plan.patient_id, { planId: plan.id }),
      );
      assert.deepEqual(outcomes.map((o) => o.value).sort(), [4, 8]);
      const other = await inTransaction(store.db, (trx) =>
        listOutcomes(trx, CLINICIAN, plan.patient_id, { planId: randomUUID() }),
      );
      assert.deepEqual(
        other.map((o) => o.value),
        [8],
      );
    });
  });
}
