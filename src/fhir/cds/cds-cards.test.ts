import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkOrder } from '../../clinical/engine.ts';
import type { Finding } from '../../clinical/findings.ts';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import { extractRecord } from '../extract-record.ts';
import { parseOrder } from '../parse-order.ts';
import { cardFor, summaryOf } from './cards.ts';
import { draftOzoneOrders } from './draft-orders.ts';
import { evaluateCds } from './evaluate.ts';
import { missingPrefetch, recordFromPrefetch } from './prefetch.ts';
import { assertCdsResponse } from './testing/cds-assertions.ts';

const EXAMPLES = join(import.meta.dirname, '../../../examples');
const readExample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;
const CONTEXT = {
  library: TEMPLATE_LIBRARY,
  evaluateTemplateAsApproved: true,
  asOf: new Date('2026-11-27T09:00:00Z'),
};
let counter = 0;
const newUuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function kneeRecord() {
  const extracted = extractRecord(readExample('knee-oa-patient.record.json'));
  assert.ok(extracted.ok);
  return extracted;
}

function draftBundle(...orders: Record<string, unknown>[]) {
  return { resourceType: 'Bundle', type: 'collection', entry: orders.map((resource) => ({ resource })) };
}

describe('CDS cards from findings', () => {
  test('a concentration above the usual range suggests the draft order at the top of the range', () => {
    const order = readExample('knee-oa-order-above-usual-range.order.json');
    const drafts = draftOzoneOrders(draftBundle(order), 'knee-oa-patient');
    assert.ok(drafts.ok);
    const result = evaluateCds(
      { service: 'ozone-order-check', orders: drafts.orders },
      kneeRecord(),
      CONTEXT,
      newUuid,
    );
    const cards = assertCdsResponse({ cards: result.cards });
    const card = cards.find((c) => c.source?.topic?.code === 'dose.concentration-above-soft-max');
    assert.ok(card, 'a card for the concentration');
    assert.equal(card.indicator, 'warning');
    assert.equal(card.selectionBehavior, 'at-most-one');
    const action = card.suggestions?.[0]?.actions?.[0];
    assert.equal(action?.type, 'update');
    const updated = parseOrder(action?.resource);
    assert.ok(updated.ok, 'the suggested order is still a valid ozone order');
    assert.equal(updated.order.concentrationUgPerMl, 20);
    assert.equal(updated.order.gasVolumeMl, 25, 'only the concentration changes');
    const recheck = checkOrder(updated.order, kneeRecord().facts, kneeRecord().history, CONTEXT);
    assert.ok(!recheck.findings.some((f) => f.ruleId === 'dose.concentration-above-soft-max'));
  });

  test('a total above the hard limit is a critical card, without override reasons, still suggesting a value', () => {
    const order = readExample('knee-oa-order-above-usual-range.order.json');
    const drafts = draftOzoneOrders(draftBundle(order), 'knee-oa-patient');
    assert.ok(drafts.ok);
    const result = evaluateCds(
      { service: 'ozone-order-check', orders: drafts.orders },
      kneeRecord(),
      CONTEXT,
      newUuid,
    );
    const card = result.cards.find((c) => c.source.topic.code === 'dose.total-above-hard-max');
    assert.equal(card?.indicator, 'critical');
    assert.equal(card?.overrideReasons, undefined);
    assert.equal(card?.suggestions?.length, 1);
  });

  test('a gas volume given in litres is suggested back in millilitres', () => {
    const finding: Finding = {
      ruleId: 'dose.volume-above-soft-max',
      severity: 'warning',
      techniques: ['intra-articular'],
      messageKey: 'x',
      params: {},
      message: 'Gas volume 25 mL is above the usual range (5–20 mL).',
      evidence: [],
      source: 'low-dose-concept',
      suggestion: { field: 'gasVolumeMl', value: 20 },
    };
    const order = structuredClone(readExample('knee-oa-order-above-usual-range.order.json')) as {
      dosageInstruction: { doseAndRate: { doseQuantity: Record<string, unknown> }[] }[];
    };
    order.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity = {
      value: 0.025,
      unit: 'L',
      system: 'http://unitsofmeasure.org',
      code: 'L',
    };
    const drafts = draftOzoneOrders(draftBundle(order), 'knee-oa-patient');
    assert.ok(drafts.ok);
    const card = cardFor(finding, { libraryVersion: 'clinic-1', newUuid, draftOrder: drafts.orders[0]! });
    const resource = card.suggestions?.[0]?.actions[0]?.resource as typeof order;
    assert.deepEqual(resource.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity, {
      value: 20,
      unit: 'mL',
      system: 'http://unitsofmeasure.org',
      code: 'mL',
    });
    assert.equal(card.source.label, 'o3care (protocol library clinic-1)');
  });

  test('a suggestion for each dose field changes only its own copy: the draft order is left as it came', () => {
    const draft = readExample('knee-oa-order-above-usual-range.order.json');
    const before = structuredClone(draft);
    const drafts = draftOzoneOrders(draftBundle(draft), 'knee-oa-patient');
    assert.ok(drafts.ok);
    const fields = [
      ['concentrationUgPerMl', 15, 'ug/mL'],
      ['bloodVolumeMl', 100, 'mL'],
      ['gasVolumeMl', 20, 'mL'],
    ] as const;
    for (const [field, value, unit] of fields) {
      const finding: Finding = {
        ruleId: 'dose.concentration-above-soft-max',
        severity: 'warning',
        techniques: ['intra-articular'],
        messageKey: 'x',
        params: {},
        message: 'Above the usual range.',
        evidence: [],
        source: 'low-dose-concept',
        suggestion: { field, value },
      };
      const card = cardFor(finding, { libraryVersion: 'clinic-1', newUuid, draftOrder: drafts.orders[0]! });
      const resource = card.suggestions?.[0]?.actions[0]?.resource;
      assert.ok(resource, field);
      const order = parseOrder(resource);
      assert.ok(order.ok, field);
      assert.equal(order.order[field], value, `${field} in ${unit}`);
      assert.deepEqual(draft, before, `the draft after a ${field} suggestion`);
    }
  });

  test('a summary longer than the standard allows is cut at a word, under 140 characters', () => {
    const long = `${'Ozone '.repeat(40)}end.`;
    const summary = summaryOf(long);
    assert.ok(summary.length < 140);
    assert.ok(summary.endsWith('Ozone…'), summary);
    assert.equal(summaryOf('Short and sweet.'), 'Short and sweet.');
  });
});

describe('draft orders and prefetch', () => {
  test('orders for anything but ozone are passed over, and order-select checks only the selections', () => {
    const ozone = readExample('knee-oa-order-within-range.order.json');
    const other = {
      resourceType: 'MedicationRequest',
      id: 'aspirin',
      status: 'draft',
      intent: 'order',
      medicationCodeableConcept: { text: 'aspirin' },
    };
    const all = draftOzoneOrders(draftBundle(ozone, other), 'knee-oa-patient');
    assert.ok(all.ok);
    assert.equal(all.orders.length, 1);
    const none = draftOzoneOrders(draftBundle(ozone, other), 'knee-oa-patient', [
      'MedicationRequest/aspirin',
    ]);
    assert.ok(none.ok);
    assert.equal(none.orders.length, 0);
  });

  test('an ozone order for another patient, or one that cannot be read, is named by its path in the request', () => {
    const ozone = readExample('knee-oa-order-within-range.order.json');
    const other = draftOzoneOrders(draftBundle(ozone), 'someone-else');
    assert.deepEqual(
      other.ok ? undefined : other.path,
      '$.context.draftOrders.entry[0].resource.subject.reference',
    );
    const broken = structuredClone(ozone) as { dosageInstruction: unknown[] };
    broken.dosageInstruction.push({});
    const unreadable = draftOzoneOrders(draftBundle(broken), 'knee-oa-patient');
    assert.equal(
      unreadable.ok ? undefined : unreadable.path,
      '$.context.draftOrders.entry[0].resource.dosageInstruction[1]',
    );
  });

  test('a prefetch must hold every template key, and a patient that is not null', () => {
    assert.deepEqual(missingPrefetch(undefined), [
      'patient',
      'conditions',
      'observations',
      'medications',
      'allergies',
      'procedures',
    ]);
    const prefetch = {
      patient: null,
      conditions: null,
      observations: null,
      medications: null,
      allergies: null,
    };
    assert.deepEqual(missingPrefetch(prefetch), ['patient', 'procedures']);
  });

  test('a broken prefetch entry is named by its prefetch path', () => {
    const result = recordFromPrefetch(
      {
        patient: { resourceType: 'Patient', id: 'p1' },
        conditions: { resourceType: 'Bundle', type: 'searchset', entry: 'nope' },
        observations: null,
        medications: null,
        allergies: null,
        procedures: null,
      },
      'p1',
    );
    assert.equal(
      result.ok ? undefined : result.kind === 'invalid' ? result.path : result.kind,
      '$.prefetch.conditions.entry',
    );
    const mismatch = recordFromPrefetch(
      {
        patient: { resourceType: 'Patient', id: 'p2' },
        conditions: null,
        observations: null,
        medications: null,
        allergies: null,
        procedures: null,
      },
      'p1',
    );
    assert.equal(
      mismatch.ok ? undefined : mismatch.kind === 'invalid' ? mismatch.path : mismatch.kind,
      '$.prefetch.patient.id',
    );
  });
});

describe('the CDS Hooks 2.0 field-rule assertion', () => {
  const good = () => ({
    uuid: 'u1',
    summary: 'Fine.',
    indicator: 'info',
    source: {
      label: 'o3care (protocol library clinic-1)',
      topic: { system: 'https://o3care.org/fhir/CodeSystem/rule', code: 'x' },
    },
  });
  test('accepts a well-formed card and refuses each broken rule', () => {
    assertCdsResponse({ cards: [good()] });
    assertCdsResponse({ cards: [] });
    const broken: [string, Record<string, unknown>][] = [
      ['an empty detail', { ...good(), detail: '' }],
      ['a summary of 140 characters', { ...good(), summary: 'x'.repeat(140) }],
      ['an unknown indicator', { ...good(), indicator: 'hard-stop' }],
      ['a warning without override reasons', { ...good(), indicator: 'warning' }],
      [
        'suggestions without selectionBehavior',
        {
          ...good(),
          suggestions: [{ label: 'l', uuid: 's', actions: [{ type: 'update', description: 'd' }] }],
        },
      ],
      ['an empty list', { ...good(), overrideReasons: [] }],
      ['a null', { ...good(), detail: null }],
    ];
    for (const [what, card] of broken) assert.throws(() => assertCdsResponse({ cards: [card] }), what);
  });
});
