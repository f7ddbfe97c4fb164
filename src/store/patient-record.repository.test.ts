import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { verifyAuditChain } from './audit.repository.ts';
import { listCurrentFacts, insertFacts, markFactEnteredInError } from './clinical-fact.repository.ts';
import { FACT_KINDS } from './clinical-fact.table.ts';
import { jsonb } from './column-types.ts';
import type { Store } from './database.ts';
import { findCurrentIntake, insertIntakeVersion, listIntakeVersions } from './intake.repository.ts';
import {
  findPatient,
  findPatientsByIdentifier,
  listPatients,
  lockPatient,
  updatePatient,
} from './patient.repository.ts';
import { findLatestScreeningResult, insertScreeningResult } from './screening.repository.ts';
import {
  addLibraryVersion,
  addPatient,
  AT,
  auditActionsSince,
  auditHead,
  CLINICIAN,
  inTransaction,
} from './testing/records.ts';
import { testDatabases } from './testing/stores.ts';

for (const database of testDatabases()) {
  describe(`patients, intake, facts and screening on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(async () => {
      await store.close();
    });

    test('creating, reading, updating and listing a patient each append an audit row naming the patient', async () => {
      const start = await auditHead(store.db);
      const created = await inTransaction(store.db, (trx) =>
        addPatient(trx, {
          family_name: 'Okafor',
          identifiers: jsonb([{ system: 'urn:passport', value: 'X123' }]),
          stay_arrival: '2026-12-01',
          stay_departure: '2026-12-20',
          preferred_language: 'es',
        }),
      );
      const read = await inTransaction(store.db, (trx) => findPatient(trx, CLINICIAN, created.id));
      assert.equal(read?.family_name, 'Okafor');
      assert.deepEqual(read?.identifiers, [{ system: 'urn:passport', value: 'X123' }]);
      const updated = await inTransaction(store.db, (trx) =>
        updatePatient(trx, CLINICIAN, created.id, { phone: '+34 600 000 000', updated_at: new Date() }),
      );
      assert.equal(updated?.phone, '+34 600 000 000');
      const listed = await inTransaction(store.db, (trx) =>
        listPatients(trx, CLINICIAN, { name: 'oka', limit: 10 }),
      );
      assert.deepEqual(
        listed.map((p) => p.id),
        [created.id],
      );
      const found = await inTransaction(store.db, (trx) =>
        findPatientsByIdentifier(trx, CLINICIAN, { system: 'urn:passport', value: 'X123' }),
      );
      assert.deepEqual(
        found.map((p) => p.id),
        [created.id],
      );
      assert.deepEqual(await auditActionsSince(store.db, start), [
        'patient.create',
        'patient.read',
        'patient.update',
        'patient.list',
        'patient.search',
      ]);
      const rows = await store.db
        .selectFrom('audit_event')
        .select(['patient_id', 'actor_id', 'actor_role', 'request_id'])
        .where('seq', '>', start)
        .where('action', 'in', ['patient.create', 'patient.read', 'patient.update'])
        .execute();
      for (const row of rows) {
        assert.deepEqual(row, {
          patient_id: created.id,
          actor_id: 'user-dr-a',
          actor_role: 'physician',
          request_id: 'req-1',
        });
      }
      assert.equal((await verifyAuditChain(store.db)).ok, true);
    });

    test('a stay that ends before it begins, or an impossible birth date, is refused by the database', async () => {
      await assert.rejects(
        inTransaction(store.db, (trx) =>
          addPatient(trx, { stay_arrival: '2026-12-20', stay_departure: '2026-12-01' }),
        ),
        /check constraint/,
      );
      await assert.rejects(
        inTransaction(store.db, (trx) => addPatient(trx, { birth_date: '1970-5-1' })),
        /check/,
      );
    });

    test('a patient write that fails leaves neither the patient nor its audit row', async () => {
      const start = await auditHead(store.db);
      const id = randomUUID();
      await assert.rejects(
        inTransaction(store.db, async (trx) => {
          await addPatient(trx, { id });
          throw new Error('later step failed');
        }),
      );
      assert.equal(await auditHead(store.db), start);
      assert.equal(await inTransaction(store.db, (trx) => lockPatient(trx, id)), false);
    });

    test('each intake change is a new version and the newest is current; versions are never edited', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const write = (goal: 'knee-osteoarthritis' | 'low-back-pain') =>
        inTransaction(store.db, (trx) =>
          insertIntakeVersion(trx, CLINICIAN, {
            id: randomUUID(),
            patient_id: patient.id,
            goal_code: goal,
            goal_text: 'my knee hurts on stairs',
            fundamentals_assessed: jsonb(['sleep', 'movement']),
            expects_cure: false,
            recorded_by: CLINICIAN.actorId,
            recorded_at: AT,
          }),
        );
      assert.equal((await write('knee-osteoarthritis')).version, 1);
      assert.equal((await write('low-back-pain')).version, 2);
      const current = await inTransaction(store.db, (trx) => findCurrentIntake(trx, CLINICIAN, patient.id));
      assert.equal(current?.goal_code, 'low-back-pain');
      assert.deepEqual(current?.fundamentals_assessed, ['sleep', 'movement']);
      const versions = await inTransaction(store.db, (trx) => listIntakeVersions(trx, CLINICIAN, patient.id));
      assert.deepEqual(
        versions.map((v) => v.version),
        [1, 2],
      );
      await assert.rejects(
        sql`update intake set goal_code = 'other' where patient_id = ${patient.id}`.execute(store.db),
        /append-only/,
      );
      await assert.rejects(
        sql`delete from intake where patient_id = ${patient.id}`.execute(store.db),
        /append-only/,
      );
    });

    test('the database accepts a fact of every PatientFacts kind and nothing else', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const rows = await inTransaction(store.db, (trx) =>
        insertFacts(
          trx,
          CLINICIAN,
          patient.id,
          FACT_KINDS.map((kind) => ({
            id: randomUUID(),
            kind,
            value: jsonb(true),
            source: 'clinic' as const,
            provenance_resource: 'intake',
            recorded_by: CLINICIAN.actorId,
            recorded_at: AT,
          })),
        ),
      );
      assert.equal(rows.length, FACT_KINDS.length);
      await assert.rejects(
        sql`insert into clinical_fact (id, patient_id, kind, value, source, provenance_resource, recorded_by, recorded_at)
            values (${randomUUID()}, ${patient.id}, 'favouriteColour', '"blue"', 'clinic', 'intake', 'x', now())`.execute(
          store.db,
        ),
        /check constraint/,
      );
    });

    test('screening reads current facts in one query; a fact entered in error drops out but stays on record', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const [weight, platelets] = await inTransaction(store.db, (trx) =>
        insertFacts(trx, CLINICIAN, patient.id, [
          {
            id: randomUUID(),
            kind: 'weightKg',
            value: jsonb(72),
            effective: '2026-11-20',
            source: 'clinic',
            provenance_resource: 'intake',
            recorded_by: CLINICIAN.actorId,
            recorded_at: AT,
          },
          {
            id: randomUUID(),
            kind: 'plateletsE9PerL',
            value: jsonb(30),
            effective: '2026-11-20',
            source: 'import',
            provenance_resource: 'Observation/plt-1',
            provenance_code: 'http://loinc.org|777-3',
            recorded_by: CLINICIAN.actorId,
            recorded_at: AT,
          },
        ]),
      );
      assert.ok(weight && platelets);
      const start = await auditHead(store.db);
      const marked = await inTransaction(store.db, (trx) =>
        markFactEnteredInError(trx, CLINICIAN, {
          patientId: patient.id,
          factId: platelets.id,
          by: CLINICIAN.actorId,
          at: AT,
          reason: 'another patient’s result',
        }),
      );
      assert.equal(marked?.entered_in_error_reason, 'another patient’s result');
      const again = await inTransaction(store.db, (trx) =>
        markFactEnteredInError(trx, CLINICIAN, {
          patientId: patient.id,
          factId: platelets.id,
          by: CLINICIAN.actorId,
          at: AT,
          reason: 'twice',
        }),
      );
      assert.equal(again, undefined);
      const current = await inTransaction(store.db, (trx) => listCurrentFacts(trx, CLINICIAN, patient.id));
      assert.deepEqual(
        current.map((f) => [f.kind, f.value]),
        [['weightKg', 72]],
      );
      assert.deepEqual(await auditActionsSince(store.db, start), ['fact.enter-in-error', 'fact.read']);
      await assert.rejects(
        sql`update clinical_fact set value = '90' where id = ${weight.id}`.execute(store.db),
        /immutable apart from/,
      );
      await assert.rejects(
        sql`delete from clinical_fact where id = ${weight.id}`.execute(store.db),
        /never deleted/,
      );
      await assert.rejects(
        sql`update clinical_fact set entered_in_error_reason = 'changed my mind' where id = ${platelets.id}`.execute(
          store.db,
        ),
        /set once/,
      );
    });

    test('the latest screening result is the newest, and results are never edited', async () => {
      const patient = await inTransaction(store.db, (trx) => addPatient(trx));
      const library = await inTransaction(store.db, (trx) => addLibraryVersion(trx, 'draft'));
      const save = (asOf: Date, findings: unknown[]) =>
        inTransaction(store.db, (trx) =>
          insertScreeningResult(trx, CLINICIAN, {
            id: randomUUID(),
            patient_id: patient.id,
            library_version_id: library.id,
            as_of: asOf,
            findings: jsonb(findings),
            eligibility: jsonb({ mah: 'eligible' }),
            recorded_by: CLINICIAN.actorId,
          }),
        );
      await save(new Date('2026-11-01T00:00:00Z'), [{ ruleId: 'old' }]);
      const newest = await save(AT, []);
      const latest = await inTransaction(store.db, (trx) =>
        findLatestScreeningResult(trx, CLINICIAN, patient.id),
      );
      assert.equal(latest?.id, newest.id);
      assert.deepEqual(latest?.eligibility, { mah: 'eligible' });
      await assert.rejects(
        sql`update screening_result set findings = '[]' where patient_id = ${patient.id}`.execute(store.db),
        /append-only/,
      );
    });
  });
}
