// The FHIR edge reads untrusted input: whatever arrives, it answers (ok or not) and never throws, quickly.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ExtractResult } from './extract-record.ts';
import { extractRecord } from './extract-record.ts';
import type { OrderParseResult } from './parse-order.ts';
import { parseOrder } from './parse-order.ts';

const EXAMPLES = new URL('../../../shared/fhir-examples/', import.meta.url);
const FIXTURES = new URL('../../test/fixtures/fhir/', import.meta.url);
const examples: readonly unknown[] = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8')) as unknown);
const orders: readonly unknown[] = ['order-intra-articular.json', 'session-intradiscal.json'].map(
  (name) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as unknown,
);

/** A well-formed answer: no internal error, paths rooted at `$`, messages short (never an echo of huge input). */
function assertAnswered(result: ExtractResult | OrderParseResult): void {
  const problems = result.ok ? ('issues' in result ? result.issues : []) : [result.error];
  for (const { path, message } of problems) {
    assert.ok(path.startsWith('$'), path);
    assert.ok(message.length < 1_000, `message of ${message.length} characters`);
    assert.ok(!message.startsWith('internal error'), message);
  }
}

const checkBoth = (input: unknown): void => {
  assertAnswered(extractRecord(input));
  assertAnswered(parseOrder(input));
};

const RESOURCE_TYPES = [
  'Patient',
  'Composition',
  'Condition',
  'Observation',
  'MedicationStatement',
  'MedicationRequest',
  'Medication',
  'AllergyIntolerance',
  'Procedure',
  'Consent',
  'QuestionnaireResponse',
] as const;

/** Resources of the types the edge reads, each element present or not and holding arbitrary JSON. */
const fuzzedResource = fc.record(
  {
    resourceType: fc.constantFrom(...RESOURCE_TYPES),
    id: fc.oneof(fc.constantFrom('p1', 'p2', 'm1'), fc.jsonValue()),
    status: fc.oneof(fc.constantFrom('active', 'completed', 'final', 'in-progress', 'draft'), fc.jsonValue()),
    subject: fc.oneof(fc.constant({ reference: 'Patient/p1' }), fc.jsonValue()),
    patient: fc.jsonValue(),
    code: fc.jsonValue(),
    clinicalStatus: fc.jsonValue(),
    verificationStatus: fc.jsonValue(),
    valueQuantity: fc.oneof(
      fc.record(
        { value: fc.jsonValue(), code: fc.jsonValue(), unit: fc.jsonValue(), comparator: fc.jsonValue() },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
    interpretation: fc.jsonValue(),
    referenceRange: fc.jsonValue(),
    medicationCodeableConcept: fc.jsonValue(),
    medicationReference: fc.oneof(
      fc.constant({ reference: '#m1' }),
      fc.constant({ reference: 'Medication/m1' }),
      fc.jsonValue(),
    ),
    contained: fc.jsonValue(),
    ingredient: fc.jsonValue(),
    dosage: fc.jsonValue(),
    dosageInstruction: fc.jsonValue(),
    extension: fc.jsonValue(),
    complication: fc.jsonValue(),
    performer: fc.jsonValue(),
    performedDateTime: fc.jsonValue(),
    provision: fc.jsonValue(),
    questionnaire: fc.oneof(fc.constant('https://o3care.org/fhir/Questionnaire/intake'), fc.jsonValue()),
    item: fc.jsonValue(),
    gender: fc.jsonValue(),
    birthDate: fc.jsonValue(),
    reaction: fc.jsonValue(),
  },
  { requiredKeys: ['resourceType'] },
);

describe('never throws', () => {
  test('extractRecord and parseOrder answer any JavaScript value', () => {
    fc.assert(fc.property(fc.anything(), checkBoth), { numRuns: 500 });
  });

  test('extractRecord and parseOrder answer any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), checkBoth), { numRuns: 500 });
  });

  test('a Bundle whose entries hold arbitrary JSON is answered', () => {
    const bundles = fc.record({
      resourceType: fc.constant('Bundle'),
      entry: fc.array(fc.record({ resource: fc.jsonValue() })),
    });
    fc.assert(fc.property(bundles, checkBoth), { numRuns: 300 });
  });

  test('a Bundle of resources with arbitrary values in every element the edge reads is answered', () => {
    const bundles = fc.record({
      resourceType: fc.constant('Bundle'),
      entry: fc.array(
        fc.record({ fullUrl: fc.jsonValue(), resource: fuzzedResource }, { requiredKeys: ['resource'] }),
        {
          maxLength: 12,
        },
      ),
    });
    fc.assert(
      fc.property(bundles, (bundle) => assertAnswered(extractRecord(bundle))),
      { numRuns: 1_000 },
    );
    fc.assert(
      fc.property(fuzzedResource, (resource) => assertAnswered(parseOrder(resource))),
      { numRuns: 1_000 },
    );
  });

  test('the example records and orders with a random node replaced by random JSON are answered', () => {
    const mutation = fc.tuple(
      fc.nat({ max: examples.length + orders.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.jsonValue()), { minLength: 1, maxLength: 4 }),
    );
    fc.assert(
      fc.property(mutation, ([which, changes]) => {
        const original = which < examples.length ? examples[which] : orders[which - examples.length];
        const copy = structuredClone(original);
        for (const [position, value] of changes) replaceNode(copy, position, value);
        checkBoth(copy);
      }),
      { numRuns: 1_000 },
    );
  });
});

/** Replaces the `position`-th node (modulo the node count, depth-first) of `root` by `value`. */
function replaceNode(root: unknown, position: number, value: unknown): void {
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((childNode, index) => {
        slots.push({ parent: node, key: index });
        stack.push(childNode);
      });
    } else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        slots.push({ parent: record, key });
        stack.push(record[key]);
      }
    }
  }
  const slot = slots[position % Math.max(slots.length, 1)];
  if (slot === undefined) return;
  if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value;
  else slot.parent[slot.key as string] = value;
}

// No timed assertions here (timings belong in bench/): these tests prove the answers come back at all.

describe('huge and deep input', () => {
  const huge = 'x'.repeat(50 * 1024 * 1024);

  test('a 50 MB string in any element is answered and never echoed', () => {
    const record = {
      resourceType: 'Bundle',
      entry: [
        { fullUrl: huge, resource: { resourceType: 'Patient', id: 'p1', gender: huge, birthDate: huge } },
        {
          resource: {
            resourceType: 'Condition',
            subject: { reference: huge },
            code: { text: huge, coding: [{ system: huge, code: huge }] },
          },
        },
        {
          resource: {
            resourceType: 'Observation',
            code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
            valueQuantity: { value: 70, code: huge, unit: huge },
            effectiveDateTime: huge,
          },
        },
        {
          resource: {
            resourceType: 'MedicationStatement',
            medicationCodeableConcept: { text: huge, coding: [{ display: huge }] },
            medicationReference: { reference: huge },
          },
        },
        {
          resource: {
            resourceType: 'AllergyIntolerance',
            code: { text: huge },
            reaction: [{ substance: { text: huge } }],
          },
        },
        {
          resource: {
            resourceType: 'QuestionnaireResponse',
            questionnaire: huge,
            item: [{ linkId: huge, answer: [{ valueString: huge }] }],
          },
        },
        { resource: { resourceType: huge } },
      ],
    };
    assertAnswered(extractRecord(record));
    assertAnswered(extractRecord({ resourceType: huge }));
    const order = {
      resourceType: 'MedicationRequest',
      id: huge,
      medicationCodeableConcept: {
        coding: [{ system: 'https://o3care.org/fhir/CodeSystem/medication', code: 'medical-ozone' }],
      },
      reasonCode: [{ text: huge }],
      dosageInstruction: [
        {
          method: { coding: [{ system: huge, code: huge }] },
          doseAndRate: [{ doseQuantity: { value: 5, code: huge } }],
        },
      ],
    };
    assertAnswered(parseOrder(order));
  });

  test('100,000-deep nested arrays and objects anywhere are answered without a stack overflow', () => {
    let deepArray: unknown = [];
    for (let level = 0; level < 100_000; level++) deepArray = [deepArray];
    let deepItems: unknown = [];
    for (let level = 0; level < 100_000; level++)
      deepItems = [{ linkId: 'goal', item: deepItems, answer: [{ item: deepItems }] }];
    const record = {
      resourceType: 'Bundle',
      entry: [
        { resource: deepArray },
        { resource: { resourceType: 'Patient', id: 'p1', name: deepArray } },
        { resource: { resourceType: 'Condition', code: deepArray, clinicalStatus: { coding: deepArray } } },
        {
          resource: {
            resourceType: 'MedicationStatement',
            contained: deepArray,
            medicationReference: { reference: '#m' },
          },
        },
        {
          resource: {
            resourceType: 'QuestionnaireResponse',
            questionnaire: 'https://o3care.org/fhir/Questionnaire/intake',
            item: deepItems,
          },
        },
        deepArray,
      ],
    };
    assertAnswered(extractRecord(record));
    assertAnswered(extractRecord(deepArray));
    assertAnswered(
      parseOrder({ resourceType: 'Procedure', code: deepArray, performer: deepArray, extension: deepArray }),
    );
  });

  test('a Bundle of a million entries is refused by the entry cap, before any entry is read', () => {
    // A million Patients: had the entries been indexed, the refusal would be about several patients instead.
    const record = {
      resourceType: 'Bundle',
      entry: new Array<unknown>(1_000_000).fill({ resource: { resourceType: 'Patient' } }),
    };
    const result: ExtractResult = extractRecord(record);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error.message, /1000000 entries; o3care reads at most 10000/);
  });
});
