import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { ClinicalHardStopError, InvalidRecordError, RecordConflictError } from './errors.ts';
import { checkAndSaveOrder } from './orders.ts';
import { createPlan } from './plans.ts';
import {
  approve,
  createDraftFrom,
  currentApproved,
  getLibraryVersion,
  libraryForCare,
  loadTemplate,
} from './protocol-library.ts';
import {
  approvedLibrary,
  AT,
  daysBefore,
  director,
  inTransaction,
  physician,
  screenedPatient,
} from './testing/care-fixtures.ts';

for (const database of testDatabases()) {
  describe(`protocol library governance on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(async () => {
      await store.close();
    });

    test('the template loads once as template-1, unapproved', async () => {
      const first = await inTransaction(store.db, (trx) => loadTemplate(trx, director()));
      const second = await inTransaction(store.db, (trx) => loadTemplate(trx, director()));
      assert.equal(first.id, second.id);
      assert.equal(first.library.version, 'template-1');
      assert.equal(first.library.status, 'template');
      assert.deepEqual(first.library.entries, TEMPLATE_LIBRARY.entries);
      const loads = await store.db
        .selectFrom('audit_event')
        .select('seq')
        .where('action', '=', 'library.load-template')
        .execute();
      assert.equal(loads.length, 1);
    });

    test('with no approved version, screening runs on the template and every order stops at library.unapproved', async () => {
      assert.equal(await currentApproved(store.db), undefined);
      const patientId = await screenedPatient(store.db);
      const refused = await inTransaction(store.db, (trx) =>
        createPlan(trx, physician(), {
          patientId,
          goal: { code: 'knee-osteoarthritis' },
          technique: 'intra-articular',
          escalationSchedule: [{ concentrationUgPerMl: 15, gasVolumeMl: 10 }],
          courseSessions: 6,
        }),
      ).catch((error: unknown) => error);
      assert.ok(refused instanceof ClinicalHardStopError);
      assert.deepEqual(
        refused.findings.map((f) => f.ruleId),
        ['library.unapproved'],
      );
      const screening = await store.db
        .selectFrom('screening_result')
        .innerJoin('protocol_library_version as v', 'v.id', 'screening_result.library_version_id')
        .select('v.version')
        .where('patient_id', '=', patientId)
        .executeTakeFirstOrThrow();
      assert.equal(screening.version, 'template-1');
    });

    test('a draft carries the edits, a changed range drops the stale total so the engine derives it again', async () => {
      const template = await inTransaction(store.db, (trx) => loadTemplate(trx, director()));
      const draft = await inTransaction(store.db, (trx) =>
        createDraftFrom(
          trx,
          director(),
          template.id,
          {
            entries: {
              'intra-articular': { concentrationUgPerMl: { softMin: 10, softMax: 20, hardMax: 30 } },
            },
            settings: { freshnessDays: { platelets: 60 } },
          },
          { note: 'lower hard maximum after the 2026 review' },
        ),
      );
      assert.equal(draft.library.version, 'clinic-1');
      assert.equal(draft.library.status, 'draft');
      assert.equal(draft.basedOn, template.id);
      const entry = draft.library.entries['intra-articular'];
      assert.equal(entry?.concentrationUgPerMl?.hardMax, 30);
      assert.equal(entry?.totalUg, undefined);
      assert.equal(draft.library.entries.mah?.totalUg?.hardMax, 10_000, 'untouched entries keep theirs');
      assert.equal(draft.library.settings.freshnessDays.platelets, 60);
      assert.equal(draft.library.settings.freshnessDays.haemoglobin, 90);
    });

    test('prohibited techniques cannot be enabled, and limits must be ordered', async () => {
      const template = await inTransaction(store.db, (trx) => loadTemplate(trx, director()));
      await assert.rejects(
        inTransaction(store.db, (trx) =>
          createDraftFrom(trx, director(), template.id, {
            enabledTechniques: [...TEMPLATE_LIBRARY.enabledTechniques, 'inhalation'],
          }),
        ),
        (error: unknown) => error instanceof InvalidRecordError && error.path === '$.enabledTechniques',
      );
      await assert.rejects(
        inTransaction(store.db, (trx) =>
          createDraftFrom(trx, director(), template.id, {
            entries: { mah: { gasVolumeMl: { softMin: 50, softMax: 300, hardMax: 250 } } },
          }),
        ),
        (error: unknown) => error instanceof InvalidRecordError && error.path === '$.entries.mah.gasVolumeMl',
      );
    });

    test('hard limits change only through a new approved version; earlier orders keep the version they were checked against', async () => {
      const first = await approvedLibrary(store.db, {}, daysBefore(30));
      const patientId = await screenedPatient(store.db);
      const { plan } = await inTransaction(store.db, (trx) =>
        createPlan(trx, physician(), {
          patientId,
          goal: { code: 'knee-osteoarthritis' },
          technique: 'intra-articular',
          escalationSchedule: [{ concentrationUgPerMl: 15, gasVolumeMl: 10 }],
          courseSessions: 6,
        }),
      );
      const order = (concentrationUgPerMl: number, at: Date) =>
        inTransaction(store.db, (trx) =>
          checkAndSaveOrder(trx, physician(at), {
            planId: plan.id,
            values: { concentrationUgPerMl, gasVolumeMl: 5 },
            overrides: [{ ruleId: 'dose.concentration-above-soft-max', reason: 'specialist-advice' }],
          }),
        );
      const before = await order(35, AT);
      assert.equal(before.order.libraryVersionId, first.id);
      const lowered = await inTransaction(store.db, async (trx) => {
        const draft = await createDraftFrom(trx, director(), first.id, {
          entries: { 'intra-articular': { concentrationUgPerMl: { softMin: 10, softMax: 20, hardMax: 30 } } },
        });
        return approve(trx, director(), draft.id);
      });
      assert.equal((await currentApproved(store.db))?.id, lowered.id);
      assert.equal((await inTransaction(store.db, (trx) => libraryForCare(trx, director()))).id, lowered.id);
      await assert.rejects(order(35, new Date(AT.getTime() + 7 * 86_400_000)), ClinicalHardStopError);
      assert.equal(
        (await getLibraryVersion(store.db, before.order.libraryVersionId)).library.status,
        'approved',
      );
      await assert.rejects(
        inTransaction(store.db, (trx) => approve(trx, director(), lowered.id)),
        RecordConflictError,
      );
    });
  });
}
