// Hard dose limits hold for every order (fast-check): for each technique with a library entry, an order whose
// concentration, gas volume, blood volume (against min(entry hard max, 13% of Nadler's estimated blood volume)),
// exposure time or total ozone (concentration × gas volume) is above its hard limit is never signable — with the
// shipped template values and with any library whose hard maxima a medical director has changed. Conversely, an
// order within every hard limit raises no dose hard-stop.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { OzoneOrder } from './care.ts';
import { checkOrder } from './engine.ts';
import type { Evaluation } from './engine.ts';
import type { PatientFacts } from './facts.ts';
import type { GoalCode } from './goals.ts';
import type { LibraryEntry, ProtocolLibrary, Range } from './library.ts';
import type { RuleId } from './rule-catalog.ts';
import type { TechniqueCode } from './techniques.ts';
import { TECHNIQUE_CODES } from './techniques.ts';
import {
  APPROVED,
  context,
  daysAgo,
  emptyHistory,
  fact,
  screenedPatient,
  screenedWoman,
} from './testing/builders.ts';

const ENTRY_TECHNIQUES = TECHNIQUE_CODES.filter((technique) => APPROVED.entries[technique] !== undefined);

const GOAL_FOR: Partial<Record<TechniqueCode, GoalCode>> = {
  mah: 'diabetic-foot-ulcer',
  'minor-aht': 'recovery-support',
  'rectal-insufflation': 'diabetic-foot-ulcer',
  'paravertebral-im': 'low-back-pain',
  'intra-articular': 'knee-osteoarthritis',
  intradiscal: 'low-back-pain',
  subcutaneous: 'musculoskeletal-pain',
  bagging: 'diabetic-foot-ulcer',
  'ozonated-oil': 'diabetic-foot-ulcer',
};

const DOSE_HARD_STOPS: readonly RuleId[] = [
  'dose.concentration-above-hard-max',
  'dose.volume-above-hard-max',
  'dose.blood-volume-above-limit',
  'dose.duration-above-hard-max',
  'dose.total-above-hard-max',
];

/** The smallest double above x (x ≥ 0): "just above the limit". */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

/** Any value from 0 to 10 × the limit, with the limits themselves and the values just above them weighted in. */
function valueAround(range: Range, extraLimits: readonly number[] = []): fc.Arbitrary<number> {
  const limits = [range.softMin, range.softMax, range.hardMax, ...extraLimits].filter(
    (v) => Number.isFinite(v) && v >= 0,
  );
  const exact = [0, ...limits, ...limits.map(nextUp), ...limits.map((v) => v + 0.01)];
  return fc.oneof(
    { arbitrary: fc.double({ min: 0, max: Math.max(10 * range.hardMax, 1), noNaN: true }), weight: 3 },
    { arbitrary: fc.constantFrom(...exact), weight: 2 },
  );
}

interface Body {
  readonly sex: 'male' | 'female';
  readonly weightKg: number;
  readonly heightCm: number | undefined;
}

const body: fc.Arbitrary<Body> = fc.record({
  sex: fc.constantFrom('male' as const, 'female' as const),
  weightKg: fc.double({ min: 15, max: 160, noNaN: true }),
  heightCm: fc.option(fc.double({ min: 110, max: 210, noNaN: true }), { nil: undefined }),
});

/** Nadler's formula (SPEC-CLINICAL §6), or 70/65 mL/kg without a height, written out independently of the engine. */
function ebvMl({ sex, weightKg, heightCm }: Body): number {
  if (heightCm === undefined) return weightKg * (sex === 'male' ? 70 : 65);
  const h = heightCm / 100;
  const litres =
    sex === 'male'
      ? 0.3669 * h ** 3 + 0.03219 * weightKg + 0.6041
      : 0.3561 * h ** 3 + 0.03308 * weightKg + 0.1833;
  return litres * 1000;
}

const bloodLimitMl = (range: Range, b: Body, library: ProtocolLibrary) =>
  Math.min(range.hardMax, library.settings.bloodWithdrawalMaxFractionOfEbv * ebvMl(b));

function patientOf(b: Body, technique: TechniqueCode): PatientFacts {
  const size = {
    weightKg: [fact(b.weightKg, daysAgo(10), 'Observation/weight')],
    heightCm: b.heightCm === undefined ? [] : [fact(b.heightCm, daysAgo(10), 'Observation/height')],
  };
  const goal = GOAL_FOR[technique];
  return b.sex === 'male' ? screenedPatient(size, goal) : screenedWoman(35, size, goal);
}

/** An order of `technique` with every value its entry needs, each anywhere from 0 to 10 × its hard limit. */
function orderFor(
  technique: TechniqueCode,
  entry: LibraryEntry,
  b: Body,
  library: ProtocolLibrary,
): fc.Arbitrary<OzoneOrder> {
  const field = (range: Range | undefined, extra: readonly number[] = []) =>
    range ? valueAround(range, extra) : fc.constant(undefined);
  const conc = entry.concentrationUgPerMl;
  const gas = entry.gasVolumeMl;
  const blood = entry.bloodVolumeMl ? [bloodLimitMl(entry.bloodVolumeMl, b, library)] : [];
  const others = { bloodVolumeMl: field(entry.bloodVolumeMl, blood), durationMin: field(entry.durationMin) };
  const anywhere = fc.record({ concentrationUgPerMl: field(conc), gasVolumeMl: field(gas), ...others });
  const total = entry.totalUg;
  // Orders whose total lands exactly on its hard maximum or a hair above it (0.001 to 0.01 µg, or 1 µg), whatever the
  // concentration: the total limit has its own boundary, reached only by a matching pair of values.
  const onTotalEdge =
    total && conc && gas
      ? fc
          .record({
            concentrationUgPerMl: valueAround(conc).filter((c) => c >= 0.001),
            over: fc.constantFrom(0, 0.001, 0.004, 0.006, 0.01, 1),
            ...others,
          })
          .map(({ over, ...values }) => ({
            ...values,
            gasVolumeMl: (total.hardMax + over) / values.concentrationUgPerMl,
          }))
      : undefined;
  const values = onTotalEdge
    ? fc.oneof({ arbitrary: anywhere, weight: 2 }, { arbitrary: onTotalEdge, weight: 1 })
    : anywhere;
  return values.map((v) => ({
    technique,
    ...Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined)),
  }));
}

/** Which hard limits this order exceeds, judged from the library's own values. */
function exceeded(entry: LibraryEntry, o: OzoneOrder, b: Body, library: ProtocolLibrary): string[] {
  const over: string[] = [];
  const above = (value: number | undefined, limit: number | undefined) =>
    value !== undefined && limit !== undefined && value > limit;
  if (above(o.concentrationUgPerMl, entry.concentrationUgPerMl?.hardMax)) over.push('concentration');
  if (above(o.gasVolumeMl, entry.gasVolumeMl?.hardMax)) over.push('gas volume');
  if (entry.bloodVolumeMl && above(o.bloodVolumeMl, bloodLimitMl(entry.bloodVolumeMl, b, library)))
    over.push('blood volume');
  if (above(o.durationMin, entry.durationMin?.hardMax)) over.push('duration');
  if (o.concentrationUgPerMl !== undefined && o.gasVolumeMl !== undefined) {
    if (above(o.concentrationUgPerMl * o.gasVolumeMl, entry.totalUg?.hardMax)) over.push('total');
  }
  return over;
}

interface Case {
  readonly technique: TechniqueCode;
  readonly library: ProtocolLibrary;
  readonly body: Body;
  readonly order: OzoneOrder;
}

const caseFor = (library: ProtocolLibrary, technique: TechniqueCode): fc.Arbitrary<Case> => {
  const entry = library.entries[technique]!;
  return body.chain((b) =>
    orderFor(technique, entry, b, library).map((o) => ({ technique, library, body: b, order: o })),
  );
};

/** The shipped template values (approved as a clinic library), every technique that has an entry. */
const templateCase: fc.Arbitrary<Case> = fc
  .constantFrom(...ENTRY_TECHNIQUES)
  .chain((t) => caseFor(APPROVED, t));

/** A new hard maximum anywhere from 0 to 4 × the old one, or the old one kept. */
const editRange = (range: Range | undefined): fc.Arbitrary<Range | undefined> =>
  range === undefined
    ? fc.constant(undefined)
    : fc
        .option(fc.double({ min: 0, max: 4 * range.hardMax, noNaN: true }), { nil: undefined })
        .map((hardMax) => (hardMax === undefined ? range : { ...range, hardMax }));

/** A medical director's edit of one entry's hard maxima; the total is re-derived (§7), changed on its own, or kept. */
function editedLibrary(technique: TechniqueCode): fc.Arbitrary<ProtocolLibrary> {
  const entry = APPROVED.entries[technique]!;
  return fc
    .record({
      concentrationUgPerMl: editRange(entry.concentrationUgPerMl),
      gasVolumeMl: editRange(entry.gasVolumeMl),
      bloodVolumeMl: editRange(entry.bloodVolumeMl),
      durationMin: editRange(entry.durationMin),
      total: fc.constantFrom('derive' as const, 'keep' as const, 'edit' as const),
      totalHardMax: fc.double({ min: 0, max: 20_000, noNaN: true }),
    })
    .map(({ total, totalHardMax, ...ranges }) => {
      const edited: LibraryEntry = { ...entry, ...ranges };
      const conc = edited.concentrationUgPerMl;
      const gas = edited.gasVolumeMl;
      const totalUg =
        !entry.totalUg || !conc || !gas
          ? undefined
          : total === 'keep'
            ? entry.totalUg
            : {
                softMax: entry.totalUg.softMax,
                hardMax: total === 'derive' ? conc.softMax * gas.hardMax : totalHardMax,
              };
      const { totalUg: _old, ...rest } = edited;
      const withTotal: LibraryEntry = totalUg ? { ...rest, totalUg } : rest;
      return {
        ...APPROVED,
        version: 'clinic-2',
        entries: { ...APPROVED.entries, [technique]: withTotal },
      };
    });
}

const editedCase: fc.Arbitrary<Case> = fc
  .constantFrom(...ENTRY_TECHNIQUES)
  .chain((t) => editedLibrary(t).chain((library) => caseFor(library, t)));

const evaluate = (c: Case): Evaluation =>
  checkOrder(c.order, patientOf(c.body, c.technique), emptyHistory(), context(c.library));

const doseHardStops = (evaluation: Evaluation): RuleId[] =>
  evaluation.findings
    .filter((f) => f.severity === 'hard-stop' && DOSE_HARD_STOPS.includes(f.ruleId))
    .map((f) => f.ruleId);

const describeCase = (c: Case, evaluation: Evaluation) =>
  JSON.stringify({
    technique: c.technique,
    order: c.order,
    body: c.body,
    entry: c.library.entries[c.technique],
    findings: evaluation.findings.map((f) => `${f.severity} ${f.ruleId}`),
  });

/** Above any hard limit: not signable. Within all of them: no dose hard-stop, and this clean patient can sign. */
function holdsForCase(c: Case): void {
  const entry = c.library.entries[c.technique]!;
  const over = exceeded(entry, c.order, c.body, c.library);
  const evaluation = evaluate(c);
  if (over.length > 0) {
    assert.equal(
      evaluation.signable,
      false,
      `above ${over.join(', ')} yet signable: ${describeCase(c, evaluation)}`,
    );
    assert.ok(
      doseHardStops(evaluation).length > 0,
      `above ${over.join(', ')} without a dose stop: ${describeCase(c, evaluation)}`,
    );
  } else {
    assert.deepEqual(
      doseHardStops(evaluation),
      [],
      `within every hard limit: ${describeCase(c, evaluation)}`,
    );
    assert.equal(evaluation.signable, true, `within every hard limit: ${describeCase(c, evaluation)}`);
  }
}

describe('hard dose limits (property)', () => {
  test('the techniques under test are every technique with a library entry, ozonated oil included', () => {
    assert.deepEqual(ENTRY_TECHNIQUES, [
      'mah',
      'minor-aht',
      'rectal-insufflation',
      'paravertebral-im',
      'intra-articular',
      'intradiscal',
      'subcutaneous',
      'bagging',
      'ozonated-oil',
    ]);
  });

  test('with the template values, an order above any hard limit is never signable, and one within them all is', () => {
    fc.assert(fc.property(templateCase, holdsForCase), { numRuns: 1500 });
  });

  test('with a library whose hard maxima were changed, the same holds against that library’s values', () => {
    fc.assert(fc.property(editedCase, holdsForCase), { numRuns: 1500 });
  });

  test('examples the generators must reach: exactly at each MAH limit signs, just above stops', () => {
    const man: Body = { sex: 'male', weightKg: 80, heightCm: 180 };
    const atLimits: Case = {
      technique: 'mah',
      library: APPROVED,
      body: man,
      order: { technique: 'mah', concentrationUgPerMl: 40, gasVolumeMl: 250, bloodVolumeMl: 250 },
    };
    assert.equal(evaluate(atLimits).signable, true, '40 µg/mL × 250 mL = 10,000 µg, 250 mL of blood');
    for (const change of [
      { concentrationUgPerMl: nextUp(60), gasVolumeMl: 100 },
      { gasVolumeMl: nextUp(250) },
      { bloodVolumeMl: nextUp(250) },
      { concentrationUgPerMl: 50, gasVolumeMl: 200.01 },
    ]) {
      const c: Case = { ...atLimits, order: { ...atLimits.order, ...change } };
      assert.ok(exceeded(APPROVED.entries.mah!, c.order, man, APPROVED).length > 0, JSON.stringify(change));
      holdsForCase(c);
    }
  });
});
