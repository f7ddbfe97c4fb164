// Generators and the hard-limit oracle shared by the safety-invariant property tests (the service-level one and the
// HTTP one). Dose values are generated as *marks* on a library range (soft minimum, exactly the hard maximum, just
// over it, ...) and resolved against whichever library version is current when a run executes, so the same
// generator stays near the lines that matter after the medical director has approved a version with other limits.
//
//   const marks = fc.sample(doseMarks(), 1)[0];
//   const values = dosesAt(marks, library, 'mah');              // near mah's limits in `library`
//   assertWithinHardLimits(library, 'mah', values, ebvMl, 'x');  // the test's own reading of SPEC-CLINICAL §6-7

import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GoalCode } from '../../clinical/goals.ts';
import { GOALS } from '../../clinical/goals.ts';
import type { ProtocolLibrary, Range } from '../../clinical/library.ts';
import { totalLimitsOf } from '../../clinical/library.ts';
import { RULE_IDS } from '../../clinical/rule-catalog.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import type { OverrideReason } from '../../store/order.table.ts';
import type { DoseValues } from '../../store/plan.table.ts';
import type { OverrideInput } from '../services/overrides.ts';

/** Just over a limit: the engine compares strictly (dose.ts), so limit + ε must stop and the limit itself must pass. */
export const EPSILON = 1e-9;

export const DOSE_FIELDS = ['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl', 'durationMin'] as const;
export type DoseField = (typeof DOSE_FIELDS)[number];

/** The first goal the technique fits, so plans do not start with a route mismatch (any goal would do). */
export const goalFor = (technique: TechniqueCode): GoalCode =>
  Object.values(GOALS).find((g) => g.fittingTechniques.includes(technique))?.code ?? 'recovery-support';

/** An override with `reason` for every rule there is (the service takes any number; the API at most 50). */
export const everyOverride = (reason: OverrideReason): OverrideInput[] =>
  RULE_IDS.map((ruleId) => ({ ruleId, reason, comment: 'property run' }));

// ---------------------------------------------------------------- values near the limits

const POINTS = [
  'zero',
  'soft-min',
  'soft-middle',
  'soft-max',
  'between-soft-and-hard',
  'hard-max',
  'just-over-hard-max',
  'one-percent-over',
  'half-over',
] as const;

/**
 * Where a value sits on a range: the soft range, exactly at the hard maximum, just over it, well over it, or a
 * fraction of the hard maximum (0 to 1.6). Combined values also cross the total-dose limit on their own.
 */
export type Mark = (typeof POINTS)[number] | { readonly ofHardMax: number };

export const mark = (): fc.Arbitrary<Mark> =>
  fc.oneof(
    fc.constantFrom(...POINTS),
    fc
      .double({ min: 0, max: 1.6, noNaN: true, noDefaultInfinity: true })
      .map((ofHardMax): Mark => ({ ofHardMax })),
  );

export function valueAt(at: Mark, { softMin, softMax, hardMax }: Range): number {
  if (typeof at === 'object') return at.ofHardMax * hardMax;
  switch (at) {
    case 'zero':
      return 0;
    case 'soft-min':
      return softMin;
    case 'soft-middle':
      return (softMin + softMax) / 2;
    case 'soft-max':
      return softMax;
    case 'between-soft-and-hard':
      return (softMax + hardMax) / 2;
    case 'hard-max':
      return hardMax;
    case 'just-over-hard-max':
      return hardMax + EPSILON;
    case 'one-percent-over':
      return hardMax * 1.01;
    case 'half-over':
      return hardMax * 1.5;
  }
}

/** One mark per dose field, each left out one time in eight. */
export type DoseMarks = Readonly<Partial<Record<DoseField, Mark>>>;

export const doseMarks = (): fc.Arbitrary<DoseMarks> =>
  fc
    .record({
      concentrationUgPerMl: fc.option(mark(), { nil: undefined, freq: 8 }),
      gasVolumeMl: fc.option(mark(), { nil: undefined, freq: 8 }),
      bloodVolumeMl: fc.option(mark(), { nil: undefined, freq: 8 }),
      durationMin: fc.option(mark(), { nil: undefined, freq: 8 }),
    })
    .map((marks): DoseMarks => Object.fromEntries(Object.entries(marks).filter(([, m]) => m !== undefined)));

/** For a technique the library has no entry for (prohibited, disabled): values from 0 to 400, as an order might. */
const NO_ENTRY: Range = { softMin: 0, softMax: 125, hardMax: 250 };

/**
 * The values the marks stand for on `technique`'s entry in `library`: a field the entry does not limit is left out,
 * and without an entry every marked field gets a value on a nominal 0-400 scale.
 */
export function dosesAt(
  marks: DoseMarks,
  library: Pick<ProtocolLibrary, 'entries'>,
  technique: TechniqueCode,
): DoseValues {
  const entry = library.entries[technique];
  const values: Partial<Record<DoseField, number>> = {};
  for (const field of DOSE_FIELDS) {
    const at = marks[field];
    const range = entry ? entry[field] : NO_ENTRY;
    if (at !== undefined && range !== undefined) values[field] = valueAt(at, range);
  }
  return values;
}

export const dosesFor = (
  library: Pick<ProtocolLibrary, 'entries'>,
  technique: TechniqueCode,
): fc.Arbitrary<DoseValues> => doseMarks().map((marks) => dosesAt(marks, library, technique));

/** The compliant value four times in five, so that runs reach both sides: signed and refused. */
export const mostly = <T, U>(compliant: fc.Arbitrary<T>, other: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: compliant, weight: 4 }, { arbitrary: other, weight: 1 });

// ---------------------------------------------------------------- the oracle

/**
 * Every value within the hard limits of `technique`'s entry in `library` (the test's own reading of SPEC-CLINICAL
 * §6-7): each range's hard maximum, blood volume also at most the library's fraction of the estimated blood volume
 * (ISS 2020, 13% in the template), and concentration × gas volume at most the total hard maximum (`totalLimitsOf`
 * derives one when the entry states none). A stored dose for a technique without an entry fails: nothing may be
 * given by a technique the version does not describe.
 */
export function assertWithinHardLimits(
  library: Pick<ProtocolLibrary, 'entries' | 'settings'>,
  technique: TechniqueCode,
  values: DoseValues,
  ebvMl: number,
  what: string,
) {
  const entry = library.entries[technique];
  assert.ok(entry, `${what}: no library entry for ${technique}`);
  const within = (value: number | undefined, max: number | undefined, name: string) =>
    assert.ok(value === undefined || max === undefined || value <= max, `${what}: ${name} ${value} > ${max}`);
  within(values.concentrationUgPerMl, entry.concentrationUgPerMl?.hardMax, 'concentration');
  within(values.gasVolumeMl, entry.gasVolumeMl?.hardMax, 'gas volume');
  within(values.durationMin, entry.durationMin?.hardMax, 'duration');
  const fraction = library.settings.bloodWithdrawalMaxFractionOfEbv;
  const bloodMax = entry.bloodVolumeMl ? Math.min(entry.bloodVolumeMl.hardMax, fraction * ebvMl) : undefined;
  within(values.bloodVolumeMl, bloodMax, 'blood volume');
  const total = totalLimitsOf(entry);
  if (total && values.concentrationUgPerMl !== undefined && values.gasVolumeMl !== undefined) {
    within(values.concentrationUgPerMl * values.gasVolumeMl, total.hardMax, 'total ozone');
  }
}

// ---------------------------------------------------------------- edited libraries

/**
 * A medical director's edit of one technique's entry, relative to a base version: each range replaced by three
 * sorted fractions (0.2 to 1.6) of the base hard maximum, the total restated or left to be derived again, the
 * blood-withdrawal fraction of the estimated blood volume changed, the technique switched off, or a prohibited
 * technique switched on (which must be refused).
 */
export interface LibraryEditPlan {
  readonly technique: TechniqueCode;
  readonly ranges: Readonly<Partial<Record<DoseField, readonly [number, number, number]>>>;
  readonly total?: readonly [number, number];
  readonly bloodWithdrawalFraction?: number;
  readonly enable: 'unchanged' | 'disable-technique' | 'enable-prohibited';
  readonly prohibited: TechniqueCode;
}

const fractions = <N extends 2 | 3>(n: N) =>
  fc
    .array(fc.double({ min: 0.2, max: 1.6, noNaN: true, noDefaultInfinity: true }), {
      minLength: n,
      maxLength: n,
    })
    .map((values) => values.sort((a, b) => a - b));

export const libraryEditPlan = (
  techniques: readonly TechniqueCode[],
  prohibited: readonly TechniqueCode[],
): fc.Arbitrary<LibraryEditPlan> =>
  fc.record(
    {
      technique: fc.constantFrom(...techniques),
      ranges: fc.record(
        Object.fromEntries(DOSE_FIELDS.map((field) => [field, fractions(3)])) as Record<
          DoseField,
          fc.Arbitrary<[number, number, number]>
        >,
        { requiredKeys: [] },
      ),
      total: fractions(2) as fc.Arbitrary<[number, number]>,
      bloodWithdrawalFraction: fc.double({ min: 0.05, max: 0.2, noNaN: true, noDefaultInfinity: true }),
      enable: fc.constantFrom(
        'unchanged',
        'unchanged',
        'unchanged',
        'disable-technique',
        'enable-prohibited',
      ),
      prohibited: fc.constantFrom(...prohibited),
    },
    { requiredKeys: ['technique', 'ranges', 'enable', 'prohibited'] },
  );

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The body of POST /api/library/versions (without `basedOn`) that applies `plan` to `base`. */
export function libraryEdits(
  plan: LibraryEditPlan,
  base: Pick<ProtocolLibrary, 'entries' | 'enabledTechniques'>,
) {
  const entry = base.entries[plan.technique];
  const ranges: Partial<Record<DoseField, Range>> = {};
  for (const field of DOSE_FIELDS) {
    const scale = plan.ranges[field];
    const baseRange = entry?.[field];
    if (!scale || !baseRange) continue;
    // Rounding keeps the order of sorted fractions, so softMin ≤ softMax ≤ hardMax still holds.
    const [softMin, softMax, hardMax] = scale.map((f) => round2(f * baseRange.hardMax)) as [
      number,
      number,
      number,
    ];
    ranges[field] = { softMin, softMax, hardMax };
  }
  const baseTotal = entry ? totalLimitsOf(entry) : undefined;
  const totalUg =
    plan.total && baseTotal
      ? {
          softMax: round2(plan.total[0] * baseTotal.hardMax),
          hardMax: round2(plan.total[1] * baseTotal.hardMax),
        }
      : undefined;
  const entryEdit = { ...ranges, ...(totalUg ? { totalUg } : {}) };
  const enabledTechniques =
    plan.enable === 'disable-technique'
      ? base.enabledTechniques.filter((t) => t !== plan.technique)
      : plan.enable === 'enable-prohibited'
        ? [...base.enabledTechniques, plan.prohibited]
        : undefined;
  return {
    ...(Object.keys(entryEdit).length > 0 ? { entries: { [plan.technique]: entryEdit } } : {}),
    ...(enabledTechniques ? { enabledTechniques } : {}),
    ...(plan.bloodWithdrawalFraction !== undefined
      ? { settings: { bloodWithdrawalMaxFractionOfEbv: round2(plan.bloodWithdrawalFraction) } }
      : {}),
  };
}
