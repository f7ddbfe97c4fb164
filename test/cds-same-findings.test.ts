// CDS Hooks and `o3care check` on the same data give the same findings (issue 5): records from examples/ and the
// IPS documents of ../shared/fhir-examples, split into the prefetch a CDS client's FHIR server would send, and orders
// from examples/ sent as draft orders; `o3care check --library template` runs on exactly the resources sent, against
// the same library content the clinic approved.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assertCdsResponse } from '../src/fhir/cds/testing/cds-assertions.ts';
import type { CdsHarness } from '../src/server/cds/testing/cds-harness.ts';
import {
  cdsHarness,
  ORDER_CHECK,
  orderRequest,
  SCREEN,
  screenRequest,
} from '../src/server/cds/testing/cds-harness.ts';
import { prefetchFromRecord } from '../src/server/cds/testing/prefetch-from-record.ts';
import { AT } from '../src/server/services/testing/care-fixtures.ts';
import { comparableCards, comparableFindings, runCheck } from './cds-check.ts';

const ROOT = join(import.meta.dirname, '..');
const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;

const SCREENED_RECORDS = [
  'examples/g6pd-deficient-woman.record.json',
  'examples/bleeding-risk-on-warfarin.record.json',
  'examples/cardiac-patient-recent-mi.record.json',
  'examples/expects-a-cure.record.json',
  'examples/new-patient-no-labs.record.json',
  'examples/ozone-intolerant-patient.record.json',
  '../shared/fhir-examples/uv-ips-bundle-01.json',
  '../shared/fhir-examples/ihe-fiio-ips-all-sections-pregnancy.json',
  '../shared/fhir-examples/au-ps-provider-summary.json',
];

const CHECKED_ORDERS = [
  ['examples/knee-oa-patient.record.json', 'examples/knee-oa-order-above-usual-range.order.json'],
  ['examples/knee-oa-patient.record.json', 'examples/knee-oa-order-within-range.order.json'],
  ['examples/knee-oa-non-responder.record.json', 'examples/knee-oa-non-responder-next-injection.order.json'],
  ['examples/mah-patient-after-reaction.record.json', 'examples/mah-order-escalating.order.json'],
  ['examples/mah-patient.record.json', 'examples/mah-order-blood-volume-too-high.order.json'],
  ['examples/new-patient-no-labs.record.json', 'examples/mah-order-concentration-only.order.json'],
  ['examples/knee-oa-patient.record.json', 'examples/inhalation-order.order.json'],
] as const;

describe('CDS Hooks gives the findings o3care check gives on the same data', () => {
  let h: CdsHarness;
  before(async () => {
    h = await cdsHarness({ approve: true });
  });
  after(async () => {
    await h.close();
  });

  for (const file of SCREENED_RECORDS) {
    test(`ozone-screen gives the findings o3care check gives: ${file.split('/').at(-1)}`, async () => {
      const split = prefetchFromRecord(readJson(file));
      const response = await h.call(SCREEN, screenRequest(split.patientId, split.prefetch));
      assert.equal(response.statusCode, 200, response.body);
      const cards = assertCdsResponse(response.json());
      const expected = await runCheck(
        split.dropped.length === 0 ? readJson(file) : split.sent,
        undefined,
        AT,
      );
      assert.ok(expected.findings.length > 0, 'the record has findings to compare');
      assert.deepEqual(comparableCards(cards), comparableFindings(expected));
    });
  }

  for (const [recordFile, orderFile] of CHECKED_ORDERS) {
    test(`ozone-order-check gives the findings o3care check gives: ${orderFile.split('/').at(-1)}`, async () => {
      const split = prefetchFromRecord(readJson(recordFile));
      const order = readJson(orderFile);
      const response = await h.call(ORDER_CHECK, orderRequest(split.patientId, [order], split.prefetch));
      assert.equal(response.statusCode, 200, response.body);
      const cards = assertCdsResponse(response.json());
      const expected = await runCheck(
        split.dropped.length === 0 ? readJson(recordFile) : split.sent,
        order,
        AT,
      );
      assert.deepEqual(comparableCards(cards), comparableFindings(expected));
      for (const card of cards) {
        const finding = expected.findings.find((f) => f.ruleId === card.source?.topic?.code);
        assert.equal(
          card.suggestions !== undefined,
          finding?.suggestion !== undefined,
          `${finding?.ruleId}: a suggestion exactly for dose findings with an in-limit value`,
        );
      }
    });
  }
});
