// Safety invariants of the engine, checked over generated patients (fast-check): a prohibited technique is never
// eligible whatever the library says, and adding a contraindication never improves anyone's eligibility.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Fact, PatientFacts } from './facts.ts';
import { emptyFacts, FUNDAMENTALS } from './facts.ts';
import type { EligibilityStatus } from './findings.ts';
import { GOAL_CODES } from './goals.ts';
import type { ProtocolLibrary } from './library.ts';
import { TEMPLATE_LIBRARY } from './library.ts';
import type { TechniqueCode } from './techniques.ts';
import { isProhibited, TECHNIQUE_CODES } from './techniques.ts';
import { AS_OF, APPROVED, context, daysAgo, emptyHistory, hoursAgo } from './testing/builders.ts';
import { checkOrder, screenPatient } from './engine.ts';

const RANK: Record<EligibilityStatus, number> = {
  eligible: 0,
  caution: 1,
  'needs-data': 2,
  contraindicated: 3,
  disabled: 4,
  prohibited: 5,
};

const date = fc.integer({ min: 0, max: 800 }).map((days) => daysAgo(days));
const facts = <T>(value: fc.Arbitrary<T>) =>
  fc.array(
    fc
      .record({ value, effective: date })
      .map(({ value: v, effective }): Fact<T> => ({ value: v, effective, provenance: { resource: 'X/1' } })),
    { maxLength: 2 },
  );
const flag = facts(fc.constant(true as const));

const patient: fc.Arbitrary<PatientFacts> = fc
  .record({
    sex: fc.constantFrom('female', 'male', 'other', 'unknown', undefined),
    age: fc.option(fc.integer({ min: 0, max: 95 }), { nil: undefined }),
    weightKg: facts(fc.double({ min: 30, max: 180, noNaN: true })),
    heightCm: facts(fc.double({ min: 120, max: 210, noNaN: true })),
    haemoglobinGPerDl: facts(fc.double({ min: 5, max: 18, noNaN: true })),
    g6pd: facts(fc.constantFrom('deficient' as const, 'normal' as const)),
    pregnancy: facts(
      fc.record({
        pregnant: fc.boolean(),
        basis: fc.constantFrom('diagnosis' as const, 'status' as const, 'test' as const),
      }),
    ),
    hyperthyroidism: facts(fc.record({ crisis: fc.boolean() })),
    tshMiuPerL: facts(fc.double({ min: 0, max: 10, noNaN: true })),
    freeT4AboveRange: facts(fc.boolean()),
    plateletsE9PerL: facts(fc.double({ min: 5, max: 500, noNaN: true })),
    thrombocytopenia: flag,
    coagulationDisorder: flag,
    inr: facts(fc.double({ min: 0.8, max: 6, noNaN: true })),
    medications: facts(
      fc.record({
        drugClass: fc.constantFrom(
          'vka' as const,
          'anticoagulant' as const,
          'antiplatelet' as const,
          'ace-inhibitor' as const,
          'insulin' as const,
          'sulfonylurea' as const,
        ),
        name: fc.constant('drug'),
      }),
    ),
    cardiovascularInstability: flag,
    myocardialInfarction: flag,
    seizureDisorder: flag,
    alcoholIntoxication: flag,
    ozoneIntolerance: flag,
    intake: fc.option(
      fc.record({
        goal: fc.record({
          code: fc.constantFrom(...GOAL_CODES, undefined),
          text: fc.constantFrom('', 'walk further'),
        }),
        fundamentalsAssessed: fc.subarray([...FUNDAMENTALS]),
        expectsCure: fc.boolean(),
        oxidativeBurden: fc.constantFrom('low' as const, 'moderate' as const, 'high' as const),
        unstableMedicalIssues: fc.boolean(),
      }),
      { nil: undefined },
    ),
  })
  .map(({ sex, age, ...rest }) =>
    emptyFacts({
      ...rest,
      ...(sex ? { sex } : {}),
      ...(age !== undefined ? { birthDate: `${AS_OF.getUTCFullYear() - age}-06-15` } : {}),
    }),
  );

/** A contraindication to add, as the newest fact of its kind. */
const contraindication = fc.constantFrom<(f: PatientFacts) => PatientFacts>(
  (f) => ({
    ...f,
    g6pd: [...f.g6pd, { value: 'deficient', effective: hoursAgo(1), provenance: { resource: 'new' } }],
  }),
  (f) => ({
    ...f,
    pregnancy: [
      ...f.pregnancy,
      { value: { pregnant: true, basis: 'test' }, effective: hoursAgo(1), provenance: { resource: 'new' } },
    ],
  }),
  (f) => ({
    ...f,
    plateletsE9PerL: [
      ...f.plateletsE9PerL,
      { value: 20, effective: hoursAgo(1), provenance: { resource: 'new' } },
    ],
  }),
  (f) => ({
    ...f,
    myocardialInfarction: [
      ...f.myocardialInfarction,
      { value: true, effective: daysAgo(10), provenance: { resource: 'new' } },
    ],
  }),
  (f) => ({
    ...f,
    ozoneIntolerance: [...f.ozoneIntolerance, { value: true, provenance: { resource: 'new' } }],
  }),
  (f) => ({
    ...f,
    alcoholIntoxication: [
      ...f.alcoholIntoxication,
      { value: true, effective: hoursAgo(1), provenance: { resource: 'new' } },
    ],
  }),
  (f) => ({
    ...f,
    coagulationDisorder: [...f.coagulationDisorder, { value: true, provenance: { resource: 'new' } }],
  }),
  (f) => ({
    ...f,
    cardiovascularInstability: [
      ...f.cardiovascularInstability,
      { value: true, provenance: { resource: 'new' } },
    ],
  }),
  (f) => ({ ...f, deceased: { value: true, provenance: { resource: 'new' } } }),
);

/** Any library a clinic might write, including a careless one that lists prohibited techniques as enabled. */
const library: fc.Arbitrary<ProtocolLibrary> = fc
  .record({
    enabled: fc.subarray([...TECHNIQUE_CODES]),
    status: fc.constantFrom('template' as const, 'draft' as const, 'approved' as const),
  })
  .map(({ enabled, status }) => ({ ...TEMPLATE_LIBRARY, status, enabledTechniques: enabled }));

describe('engine safety invariants', () => {
  test('a prohibited technique is never eligible, whatever the patient or the library', () => {
    fc.assert(
      fc.property(patient, library, (facts, lib) => {
        const result = screenPatient(facts, emptyHistory(), context(lib));
        for (const technique of TECHNIQUE_CODES.filter(isProhibited)) {
          assert.equal(result.eligibility[technique], 'prohibited');
        }
      }),
      { numRuns: 300 },
    );
  });

  test('an order for a prohibited technique is never signable', () => {
    fc.assert(
      fc.property(
        patient,
        library,
        fc.constantFrom(...TECHNIQUE_CODES.filter(isProhibited)),
        (facts, lib, technique) => {
          const result = checkOrder(
            { technique, concentrationUgPerMl: 1, gasVolumeMl: 1 },
            facts,
            emptyHistory(),
            {
              ...context(lib),
              evaluateTemplateAsApproved: true,
            },
          );
          assert.equal(result.signable, false);
          assert.ok(
            result.findings.some((f) => f.ruleId === 'route.prohibited' && f.severity === 'hard-stop'),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  test('adding a contraindication never improves any technique’s eligibility', () => {
    fc.assert(
      fc.property(patient, contraindication, (facts, add) => {
        const before = screenPatient(facts, emptyHistory(), context(APPROVED)).eligibility;
        const after = screenPatient(add(facts), emptyHistory(), context(APPROVED)).eligibility;
        for (const technique of TECHNIQUE_CODES as readonly TechniqueCode[]) {
          const was = before[technique];
          const now = after[technique];
          assert.ok(was !== undefined && now !== undefined, `screening rates every technique (${technique})`);
          assert.ok(RANK[now] >= RANK[was], `${technique}: ${was} became ${now}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('the engine never throws and always answers for every technique', () => {
    fc.assert(
      fc.property(patient, library, (facts, lib) => {
        const result = screenPatient(facts, emptyHistory(), context(lib));
        assert.deepEqual(Object.keys(result.eligibility).sort(), [...TECHNIQUE_CODES].sort());
      }),
      { numRuns: 200 },
    );
  });
});
