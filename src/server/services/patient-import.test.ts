import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { bundle, concept, EXT, patient, session, sct } from '../../../test/fixtures/fhir/builders.ts';
import type { ImportPlan } from '../../fhir/import/import-plan.ts';
import { planImport } from '../../fhir/import/import-plan.ts';
import { verifyAuditChain } from '../../store/audit.repository.ts';
import type { Store } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { RecordConflictError } from './errors.ts';
import type { ImportReport } from './patient-import.ts';
import { importPatientRecord, sha256OfJson } from './patient-import.ts';
import { registerPatient } from './patients.ts';
import { approvedLibrary, AT, coordinator, inTransaction, physician } from './testing/care-fixtures.ts';

const EXAMPLES = join(import.meta.dirname, '../../../../shared/fhir-examples');
const exampleFiles = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'));
const example = (name: string): unknown => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as unknown;

function planOf(document: unknown): ImportPlan {
  const planned = planImport(document);
  if (!planned.ok) assert.fail(`${planned.problem.path}: ${planned.problem.message}`);
  return planned.plan;
}

const importInto = (db: Kysely<Database>, document: unknown, at: Date = AT): Promise<ImportReport> =>
  inTransaction(db, (trx) =>
    importPatientRecord(trx, coordinator(at), planOf(document), sha256OfJson(document)),
  );

/** A collection Bundle about one named traveller (unique per call, so tests do not match each other's patients). */
function travellerBundle(resources: readonly Resource[], name: string, identifier?: string): Bundle {
  return bundle([
    patient({
      name: [{ family: name, given: ['Ana'] }],
      ...(identifier === undefined ? {} : { identifier: [{ system: 'urn:oid:1.2.3.4', value: identifier }] }),
    }),
    ...resources,
  ]);
}

const unique = () => `T${Math.random().toString(36).slice(2, 10)}`;

for (const database of testDatabases()) {
  describe(`IPS import into the clinical record on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
      await approvedLibrary(store.db);
    });
    after(async () => {
      await store.close();
    });

    const count = async (
      table: 'patient' | 'clinical_fact' | 'patient_import' | 'screening_result' | 'audit_event',
    ) =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const factsOf = (patientId: string) =>
      store.db
        .selectFrom('clinical_fact')
        .selectAll()
        .where('patient_id', '=', patientId)
        .orderBy('kind')
        .execute();

    test('every public example document imports, each resource imported or skipped with a reason', async () => {
      for (const file of exampleFiles) {
        const report = await importInto(store.db, example(file));
        const planned = planOf(example(file)).resources.length;
        // The record's Patient without a death date yields nothing and is reported as the patient, not a resource.
        assert.ok(report.imported.length + report.skipped.length >= planned - 1, file);
        for (const skipped of report.skipped)
          assert.ok(skipped.message.length > 0, `${file}: ${skipped.resource}`);
        assert.equal(report.screening.patientId, report.patient.id, file);
      }
      const verified = await verifyAuditChain(store.db);
      assert.equal(verified.ok, true);
    });

    test('the pregnant, deceased IHE patient’s facts are stored with source import and their provenance, and screened', async () => {
      const report = await importInto(store.db, example('ihe-fiio-ips-all-sections-pregnancy.json'));
      const facts = await factsOf(report.patient.id);
      const byKind = new Map(facts.map((fact) => [fact.kind, fact]));
      assert.deepEqual([...byKind.keys()].sort(), ['deceased', 'heightCm', 'pregnancy', 'weightKg']);
      assert.ok(facts.every((fact) => fact.source === 'import'));
      assert.equal(
        byKind.get('pregnancy')?.provenance_resource,
        'Observation/525840ed-762d-44c5-a0bf-bac7a275ad80',
      );
      assert.equal(byKind.get('pregnancy')?.effective, '2014-02-01');
      assert.equal(
        byKind.get('deceased')?.provenance_resource,
        'Patient/0963fc69-9112-440e-b69d-c96fad05861a',
      );
      const rules = report.screening.findings.map((finding) => finding.ruleId);
      assert.ok(rules.includes('record.patient-deceased'), rules.join(', '));
      const row = await store.db
        .selectFrom('patient_import')
        .selectAll()
        .where('id', '=', report.importId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.source_system, row.source_date, row.source_document, row.bundle_type, row.screening_result_id],
        [
          'World Health Organization (Organization)',
          '2026-02-05T10:30:00-05:00',
          'urn:oid:1.3.6.1.4.1.19376.1.5.4|IHEPCCIPSVRDR-EX2026020611',
          'document',
          report.screening.id,
        ],
      );
      assert.equal(row.imported_by, 'co-marta');
    });

    test('a traveller known by identifier is matched, not registered twice, and gains the identifiers they lacked', async () => {
      const id = unique();
      const first = await importInto(store.db, travellerBundle([], `Lopez${id}`, id));
      assert.equal(first.patient.outcome, 'created');
      // A new family name (after marriage, say) does not hide them: the identifier is matched first.
      const second = travellerBundle([], `Married${id}`, id);
      Object.assign(second.entry?.[0]?.resource ?? {}, {
        identifier: [
          { system: 'urn:oid:1.2.3.4', value: id },
          { system: 'urn:oid:9.9', value: `passport-${id}` },
        ],
      });
      const again = await importInto(store.db, second);
      assert.deepEqual(
        [
          again.patient.id,
          again.patient.outcome,
          again.patient.matchedBy,
          again.patient.identifier,
          again.patient.added,
        ],
        [first.patient.id, 'matched', 'identifier', `urn:oid:1.2.3.4|${id}`, ['identifiers']],
      );
    });

    test('a patient the clinic registered by hand is matched by name and birth date, and keeps what the clinic wrote', async () => {
      const family = `Brönnimann${unique()}`;
      const registered = await inTransaction(store.db, (trx) =>
        registerPatient(trx, physician(), {
          givenName: 'Elisabeth',
          familyName: family,
          birthDate: '1937-05-03',
          phone: '+41 79 000 00 00',
        }),
      );
      const document = example('ch-ips-swiss-example-de.json') as Bundle;
      const swissPatient = document.entry?.find(
        (entry) => entry.resource?.resourceType === 'Patient',
      )?.resource;
      assert.ok(swissPatient?.resourceType === 'Patient');
      swissPatient.name = [{ family: family.toUpperCase(), given: ['elisabeth '] }];
      const report = await importInto(store.db, document);
      assert.deepEqual(
        [report.patient.id, report.patient.matchedBy, report.patient.added],
        [registered.id, 'name-and-birth-date', ['sex', 'email']],
      );
      const row = await store.db
        .selectFrom('patient')
        .selectAll()
        .where('id', '=', registered.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.phone, '+41 79 000 00 00');
      assert.equal(row.email, 'elisabeth@broennimann.today');
      const [ramipril] = await factsOf(registered.id);
      assert.deepEqual(ramipril?.value, { drugClass: 'ace-inhibitor', name: 'TRIATEC Tabl 2.5 mg' });
    });

    test('the same document imported twice stores its facts once; the second import says they were imported before', async () => {
      const document = travellerBundle(
        [
          {
            resourceType: 'Condition',
            id: 'g6pd',
            subject: { reference: 'Patient/p1' },
            code: concept(sct('62403005')),
          },
        ],
        `Twice${unique()}`,
      );
      const first = await importInto(store.db, document);
      assert.deepEqual(
        first.imported.map((item) => [item.resource, item.facts.map((fact) => fact.kind)]),
        [['Condition/g6pd', ['g6pd']]],
      );
      const second = await importInto(store.db, document);
      assert.equal(second.patient.matchedBy, 'name-and-birth-date');
      assert.deepEqual(second.imported, []);
      const again = second.skipped.find((item) => item.resource === 'Condition/g6pd');
      assert.equal(again?.reason, 'already-imported');
      assert.match(again?.message ?? '', new RegExp(first.importId));
      assert.equal((await factsOf(first.patient.id)).length, 1);
      assert.equal(second.documentSha256, first.documentSha256);
      assert.ok(
        second.screening.findings.some((finding) => finding.ruleId === 'contraindication.g6pd-deficiency'),
      );
    });

    test('a severe adverse event in an ozone session given elsewhere is kept as ozone intolerance; the session is not', async () => {
      const severe = session('mah', {
        id: 'mah-1',
        complication: [
          {
            text: 'anaphylactoid reaction',
            extension: [{ url: EXT('adverse-event-grade'), valueInteger: 3 }],
          },
        ],
      });
      const mild = session('mah', {
        id: 'mah-2',
        performedDateTime: '2025-03-01T10:00:00Z',
      });
      const report = await importInto(store.db, travellerBundle([severe, mild], `Session${unique()}`));
      assert.deepEqual(
        report.imported.map((item) => [item.resource, item.facts]),
        [
          [
            'Procedure/mah-1',
            [
              {
                kind: 'ozoneIntolerance',
                value: true,
                effective: '2025-02-20T10:00:00Z',
                code: 'adverse-event-grade:3',
              },
            ],
          ],
        ],
      );
      assert.equal(report.skipped.find((item) => item.resource === 'Procedure/mah-2')?.reason, 'not-stored');
      assert.ok(report.screening.findings.some((f) => f.ruleId === 'contraindication.ozone-intolerance'));
    });

    test('an identifier held by a patient with another birth date refuses the import and writes nothing', async () => {
      const id = unique();
      await importInto(store.db, travellerBundle([], `First${id}`, id));
      const before = await Promise.all([count('patient'), count('clinical_fact'), count('patient_import')]);
      const other = travellerBundle([], `Second${id}`, id);
      (other.entry?.[0]?.resource as { birthDate?: string }).birthDate = '1990-01-01';
      await assert.rejects(importInto(store.db, other), RecordConflictError);
      assert.deepEqual(
        await Promise.all([count('patient'), count('clinical_fact'), count('patient_import')]),
        before,
      );
    });

    test('a namesake born the same day but holding another number in the same identifier system is not merged', async () => {
      const family = `Namesake${unique()}`;
      await importInto(store.db, travellerBundle([], family, `A-${family}`));
      const before = await Promise.all([count('patient'), count('patient_import')]);
      await assert.rejects(
        importInto(store.db, travellerBundle([], family, `B-${family}`)),
        /another urn:oid:1\.2\.3\.4 identifier/,
      );
      assert.deepEqual(await Promise.all([count('patient'), count('patient_import')]), before);
    });

    test('when the database refuses the import record, the last write, nothing of the import remains', async () => {
      // A real refusal by the database, not a mock: a trigger installed for this test only refuses this traveller's
      // import row, after the patient, facts, screening and audit rows were written in the same transaction.
      const family = `Rollback${unique()}`;
      await sql
        .raw(
          `create function refuse_test_import() returns trigger language plpgsql as $$
           begin
             if new.source_system = 'rollback-test' then
               raise exception 'refused by the test';
             end if;
             return new;
           end $$`,
        )
        .execute(store.db);
      await sql`create trigger refuse_test_import before insert on patient_import for each row execute function refuse_test_import()`.execute(
        store.db,
      );
      try {
        const document = travellerBundle(
          [
            {
              resourceType: 'Condition',
              id: 'g6pd',
              subject: { reference: 'Patient/p1' },
              code: concept(sct('62403005')),
            },
          ],
          family,
        );
        (document as { meta?: unknown }).meta = { source: 'rollback-test' };
        const tables = [
          'patient',
          'clinical_fact',
          'patient_import',
          'screening_result',
          'audit_event',
        ] as const;
        const before = await Promise.all(tables.map(count));
        await assert.rejects(importInto(store.db, document), /refused by the test/);
        assert.deepEqual(await Promise.all(tables.map(count)), before);
        const named = await store.db
          .selectFrom('patient')
          .select('id')
          .where('family_name', '=', family)
          .execute();
        assert.deepEqual(named, []);
      } finally {
        await sql`drop trigger refuse_test_import on patient_import`.execute(store.db);
        await sql`drop function refuse_test_import()`.execute(store.db);
      }
    });

    test('the import record cannot be changed or removed', async () => {
      const report = await importInto(store.db, travellerBundle([], `Frozen${unique()}`));
      await assert.rejects(
        store.db
          .updateTable('patient_import')
          .set({ imported_by: 'someone-else' } as never)
          .where('id', '=', report.importId)
          .execute(),
      );
      await assert.rejects(store.db.deleteFrom('patient_import').where('id', '=', report.importId).execute());
    });
  });
}
