import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { LightMyRequestResponse } from 'fastify';
import { screenPatient } from '../../clinical/engine.ts';
import { assertCdsResponse, emptyValues } from '../../fhir/cds/testing/cds-assertions.ts';
import { validateR4 } from '../../fhir/testing/validate-r4.ts';
import { currentApproved } from '../services/protocol-library.ts';
import { factsForPatient } from '../services/patient-facts.ts';
import { approvedLibrary, AT, screenedPatient } from '../services/testing/care-fixtures.ts';
import type { CdsHarness } from './testing/cds-harness.ts';
import { cdsHarness, ORDER_CHECK, orderRequest, SCREEN, screenRequest } from './testing/cds-harness.ts';
import { prefetchFromRecord } from './testing/prefetch-from-record.ts';

const ROOT = join(import.meta.dirname, '../../..');
const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;

/** The OperationOutcome of a refused call, checked against the R4 definitions. */
function outcomeOf(
  response: LightMyRequestResponse,
  status: number,
): { diagnostics: string; expression?: string[] } {
  assert.equal(response.statusCode, status, response.body);
  const outcome = response.json<{
    resourceType: 'OperationOutcome';
    issue: { diagnostics: string; expression?: string[] }[];
  }>();
  validateR4(outcome as OperationOutcome);
  assert.equal(outcome.issue.length, 1);
  return outcome.issue[0]!;
}

// One clinic for the whole file (an embedded database is slow to open): first without an approved library, then
// with the template approved as its library.
// Every case twice: answered in the server's thread, and by a worker thread (evaluator.ts), which must not differ.
for (const workers of [0, 1]) {
  describe(workers === 0 ? 'answered in the server thread' : 'answered by a worker thread', () => {
    let h: CdsHarness;
    before(async () => {
      h = await cdsHarness({ approve: false, workers });
    });
    after(async () => {
      await h.close();
    });

    describe('CDS Hooks without an approved library', () => {
      test('every ozone order stops on library.unapproved', async () => {
        const split = prefetchFromRecord(readJson('examples/knee-oa-patient.record.json'));
        const order = readJson('examples/knee-oa-order-within-range.order.json');
        const response = await h.call(ORDER_CHECK, orderRequest(split.patientId, [order], split.prefetch));
        assert.equal(response.statusCode, 200, response.body);
        const cards = assertCdsResponse(response.json());
        assert.deepEqual(
          cards.map((c) => [c.source?.topic?.code, c.indicator]),
          [['library.unapproved', 'critical']],
        );
      });
    });

    describe('CDS Hooks services, evaluated from the prefetch', () => {
      before(async () => {
        await approvedLibrary(h.store.db);
      });

      test('the OpenAPI document describes the CDS Hooks routes', async () => {
        const response = await h.app.inject({ url: '/docs/json' });
        assert.equal(response.statusCode, 200);
        const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
        for (const path of ['/cds-services', '/cds-services/{id}', '/cds-services/{id}/feedback'])
          assert.ok(paths.includes(path), path);
      });

      test('discovery lists ozone-screen and ozone-order-check with the prefetch templates, nothing empty', async () => {
        const response = await h.app.inject({
          method: 'GET',
          url: '/cds-services',
          headers: await h.client.headers('/cds-services'),
        });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json<{
          services: {
            id: string;
            hook: string;
            prefetch: Record<string, string>;
            extension: Record<string, string[]>;
          }[];
        }>();
        assert.deepEqual(emptyValues(body), []);
        assert.deepEqual(
          body.services.map((s) => [s.id, s.hook]),
          [
            ['ozone-screen', 'patient-view'],
            ['ozone-order-check', 'order-sign'],
          ],
        );
        const orderCheck = body.services[1]!;
        assert.deepEqual(orderCheck.extension['org.o3care.hooks'], ['order-sign', 'order-select']);
        assert.equal(orderCheck.prefetch.patient, 'Patient/{{context.patientId}}');
        assert.equal(orderCheck.prefetch.procedures, 'Procedure?patient={{context.patientId}}');
        assert.equal(Object.keys(orderCheck.prefetch).length, 7);
      });

      test('a call for an order that is not ozone answers no cards', async () => {
        const aspirin = {
          resourceType: 'MedicationRequest',
          id: 'a1',
          status: 'draft',
          intent: 'order',
          medicationCodeableConcept: { text: 'aspirin' },
          subject: { reference: 'Patient/p1' },
        };
        const response = await h.call(ORDER_CHECK, orderRequest('p1', [aspirin]));
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), { cards: [] });
      });

      test('order-select is answered at the same id; patient-view there is a malformed call', async () => {
        const split = prefetchFromRecord(readJson('examples/knee-oa-patient.record.json'));
        const order = readJson('examples/knee-oa-order-too-weak.order.json');
        const select = {
          ...orderRequest(split.patientId, [order], split.prefetch),
          hook: 'order-select',
          context: {
            ...orderRequest(split.patientId, [order]).context,
            selections: [`MedicationRequest/${String(order.id)}`],
          },
        };
        const selected = await h.call(ORDER_CHECK, select);
        assert.equal(selected.statusCode, 200, selected.body);
        assert.deepEqual(
          assertCdsResponse(selected.json()).map((c) => c.source?.topic?.code),
          ['dose.concentration-below-soft-min', 'dose.volume-below-soft-min'],
        );
        const wrongHook = await h.call(ORDER_CHECK, { ...select, hook: 'patient-view' });
        assert.deepEqual(outcomeOf(wrongHook, 400).expression, ['hook']);
      });

      test('malformed calls get 400 with an OperationOutcome naming the path', async () => {
        const noPatient = await h.call(SCREEN, {
          hook: 'patient-view',
          hookInstance: randomUUID(),
          context: {},
        });
        assert.deepEqual(outcomeOf(noPatient, 400).expression, ['context.patientId']);
        const split = prefetchFromRecord(readJson('examples/knee-oa-patient.record.json'));
        const noDrafts = await h.call(ORDER_CHECK, {
          ...orderRequest(split.patientId, []),
          context: { patientId: split.patientId },
        });
        assert.deepEqual(outcomeOf(noDrafts, 400).expression, ['context.draftOrders']);
        const badUnit = readJson('examples/knee-oa-order-within-range.order.json') as {
          dosageInstruction: { doseAndRate: { doseQuantity: { code: string; unit: string } }[] }[];
        };
        badUnit.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity.code = 'kg';
        badUnit.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity.unit = 'kg';
        const unit = await h.call(ORDER_CHECK, orderRequest(split.patientId, [badUnit], split.prefetch));
        assert.match(
          outcomeOf(unit, 400).expression?.[0] ?? '',
          /^context\.draftOrders\.entry\[0\]\.resource\.dosageInstruction\[0\]\.doseAndRate\[0\]\.doseQuantity/,
        );
        const notJson = await h.app.inject({
          method: 'POST',
          url: SCREEN,
          headers: { ...(await h.client.headers(SCREEN)), 'content-type': 'application/json' },
          payload: '{"hook": ',
        });
        outcomeOf(notJson, 400);
        const asText = await h.app.inject({
          method: 'POST',
          url: SCREEN,
          headers: { ...(await h.client.headers(SCREEN)), 'content-type': 'text/plain' },
          payload: JSON.stringify(screenRequest(split.patientId, split.prefetch)),
        });
        assert.match(outcomeOf(asText, 400).diagnostics, /application\/json/);
        const unknown = await h.call('/cds-services/ozone-everything', screenRequest('p1'));
        outcomeOf(unknown, 404);
      });

      test('without the prefetch, a patient o3care does not know gets 412 with an OperationOutcome', async () => {
        const stranger = await h.call(SCREEN, screenRequest(randomUUID()));
        assert.match(outcomeOf(stranger, 412).diagnostics, /prefetch lacks patient, conditions/);
        const notOurs = await h.call(SCREEN, screenRequest('ehr-12345'));
        outcomeOf(notOurs, 412);
        const split = prefetchFromRecord(readJson('examples/knee-oa-patient.record.json'));
        const { conditions: _left, ...partial } = split.prefetch;
        const incomplete = await h.call(SCREEN, screenRequest(split.patientId, partial));
        assert.match(outcomeOf(incomplete, 412).diagnostics, /lacks conditions/);
      });
    });

    describe('CDS Hooks services, evaluated from o3care’s own record', () => {
      test('ozone-screen on a known patient gives the engine’s findings on the stored record, and the read is audited as the client', async () => {
        const patientId = await screenedPatient(h.store.db, {
          sex: 'female',
          extraFacts: [{ kind: 'g6pd', value: 'deficient', effective: '2026-11-01' }],
        });
        const response = await h.call(SCREEN, screenRequest(patientId));
        assert.equal(response.statusCode, 200, response.body);
        const cards = assertCdsResponse(response.json());
        const library = (await currentApproved(h.store.db))!.library;
        const context = { actorId: 'test', actorRole: 'test' };
        const record = await h.store.db
          .transaction()
          .execute((trx) => factsForPatient(trx, context, patientId, AT));
        const expected = screenPatient(record.facts, record.history, { library, asOf: AT });
        assert.deepEqual(
          cards.map((c) => `${String(c.source?.topic?.code)} ${String(c.indicator)}`),
          expected.findings.map((f) => `${f.ruleId} ${f.severity === 'hard-stop' ? 'critical' : f.severity}`),
        );
        assert.ok(
          cards.some(
            (c) => c.source?.topic?.code === 'contraindication.g6pd-deficiency' && c.indicator === 'critical',
          ),
        );
        const reads = await h.store.db
          .selectFrom('audit_event')
          .select(['action', 'actor_role'])
          .where('patient_id', '=', patientId)
          .where('actor_id', '=', h.client.iss)
          .execute();
        assert.ok(
          reads.length > 0 && reads.every((r) => r.actor_role === 'cds-client'),
          'the reads are audited with the client as actor',
        );
      });

      test('ozone-order-check on a known patient suggests the in-limit concentration for a strong order', async () => {
        const patientId = await screenedPatient(h.store.db);
        const order = {
          ...readJson('examples/knee-oa-order-above-usual-range.order.json'),
          subject: { reference: `Patient/${patientId}` },
        };
        const response = await h.call(ORDER_CHECK, orderRequest(patientId, [order]));
        assert.equal(response.statusCode, 200, response.body);
        const cards = assertCdsResponse(response.json());
        const concentration = cards.find(
          (c) => c.source?.topic?.code === 'dose.concentration-above-soft-max',
        );
        assert.ok(concentration?.suggestions?.[0]?.actions?.[0]?.resource);
        assert.match(String(concentration.source?.label), /o3care \(protocol library clinic-1\)/);
      });
    });

    describe('which library version a call is checked against', () => {
      test('a version approved meanwhile is used once the current id is read again, a second later by the app clock', async () => {
        let now = AT;
        const own = await cdsHarness({ approve: true, clock: () => now, currentLibraryTtlMs: 1000, workers });
        try {
          const patientId = await screenedPatient(own.store.db);
          const order = {
            ...readJson('examples/knee-oa-order-above-usual-range.order.json'),
            subject: { reference: `Patient/${patientId}` },
          };
          const labels = async () => {
            const response = await own.call(ORDER_CHECK, orderRequest(patientId, [order]));
            assert.equal(response.statusCode, 200, response.body);
            return [...new Set(assertCdsResponse(response.json()).map((c) => String(c.source?.label)))];
          };
          assert.deepEqual(await labels(), ['o3care (protocol library clinic-1)']);
          await approvedLibrary(own.store.db);
          now = new Date(AT.getTime() + 999);
          assert.deepEqual(await labels(), ['o3care (protocol library clinic-1)'], 'within the second');
          now = new Date(AT.getTime() + 1000);
          assert.deepEqual(await labels(), ['o3care (protocol library clinic-2)'], 'read again');
        } finally {
          await own.close();
        }
      });
    });
  });
}
