// Patient/$summary → extractRecord, on a patient built through the API, on each test database: the IPS document
// o3care writes reads back as the record the engine reads from the store (facts, intake, sessions with adverse
// events, outcomes, consents), and screening both gives the same findings. The IPS import builds its round trip
// (export, import into a fresh clinic, screen) on this one.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Bundle } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { screenPatient } from '../../clinical/engine.ts';
import type { Fact, PatientFacts } from '../../clinical/facts.ts';
import { APPROVED } from '../../clinical/testing/builders.ts';
import { extractRecord } from '../../fhir/extract-record.ts';
import type { FactListKind } from '../../fhir/resources/record.ts';
import { FACT_KINDS } from '../../store/clinical-fact.table.ts';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import { factsForPatient } from '../services/patient-facts.ts';
import type { Clinic, TreatedPatient } from '../testing/clinic-api.ts';
import { expectJson, openClinic, treatedPatient } from '../testing/clinic-api.ts';

const LISTS = FACT_KINDS.filter((kind): kind is FactListKind => kind !== 'deceased');

/** A fact without its provenance (which names the resource it was read from, and so differs by design). */
const shape = (facts: readonly Fact<unknown>[]) =>
  facts.map((f) => JSON.stringify([f.value, f.effective ?? null])).sort();

for (const database of testDatabases()) {
  describe(`Patient/$summary reads back as the same record (${database.name})`, () => {
    let store: Store;
    let app: FastifyInstance;
    let clinic: Clinic;
    let patient: TreatedPatient;

    before(async () => {
      store = await database.open();
      app = await buildApp({ store });
      clinic = await openClinic(app);
      patient = await treatedPatient(app, clinic, { givenName: 'Rosa', familyName: 'Trip' });
      expectJson(
        await clinic.nurse.api.post(`/api/patients/${patient.patientId}/outcomes`, {
          planId: patient.planId,
          measure: 'pain-nrs',
          value: 7,
          phase: 'baseline',
        }),
        201,
      );
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('facts, intake, sessions, outcomes and consents match the store, and screening finds the same', async () => {
      const summary = expectJson<Bundle>(
        await clinic.physician.api.get(`/fhir/R4/Patient/${patient.patientId}/$summary`),
        200,
      );
      const asOf = app.now();
      const stored = await store.db
        .transaction()
        .execute((trx) =>
          factsForPatient(
            trx,
            { actorId: clinic.physician.user.id, actorRole: 'physician' },
            patient.patientId,
            asOf,
          ),
        );
      const read = extractRecord(summary);
      assert.ok(read.ok, JSON.stringify(read));
      assert.deepEqual(read.issues, []);
      const facts: PatientFacts = read.facts;
      for (const key of ['patientId', 'sex', 'birthDate', 'intake'] as const) {
        assert.deepEqual(facts[key], stored.facts[key], key);
      }
      let compared = 0;
      for (const kind of LISTS) {
        assert.deepEqual(shape(facts[kind]), shape(stored.facts[kind]), kind);
        compared += stored.facts[kind].length;
      }
      assert.ok(compared >= 4, 'the treated patient has facts to compare');

      assert.deepEqual(read.history.sessions, stored.history.sessions);
      assert.equal(read.history.sessions[0]?.adverseEvents.length, 1);
      assert.deepEqual(
        read.history.outcomes.map((o) => [o.measure, o.value, o.recordedAt]),
        stored.history.outcomes.map((o) => [o.measure, o.value, o.recordedAt]),
      );
      assert.equal(read.history.outcomes.length, 1);
      assert.deepEqual(read.history.consents, stored.history.consents);

      const context = { library: APPROVED, asOf };
      const fromDocument = screenPatient(read.facts, read.history, context);
      const fromStore = screenPatient(stored.facts, stored.history, context);
      const findings = (evaluation: typeof fromStore) =>
        evaluation.findings.map((f) => `${f.severity} ${f.ruleId} ${f.techniques.join(',')}`);
      assert.deepEqual(findings(fromDocument), findings(fromStore));
      assert.deepEqual(fromDocument.eligibility, fromStore.eligibility);
    });
  });
}
