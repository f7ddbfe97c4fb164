// UCUM-aware reading of FHIR Quantities into o3care's canonical units. A unit we do not know is an error for the
// caller to report, never a guess (SPEC-INTEROP §2). The UCUM `code` decides when present; the free-text `unit`
// is consulted only when there is no UCUM code.

import { SYSTEMS } from '../clinical/value-sets.ts';
import { asNumber, asRecord, asShortString, preview } from './json.ts';

/** Units a measure accepts: normalised unit → factor to the canonical unit. */
export interface UnitTable {
  readonly canonical: string;
  /** The units to name in an error message, as a sender would write them. */
  readonly accepted: readonly string[];
  readonly factors: ReadonlyMap<string, number>;
}

export type QuantityRead =
  | { readonly ok: true; readonly value: number | undefined }
  | { readonly ok: false; readonly path: string; readonly message: string };

const MAX_UNIT_LENGTH = 64;
const MICRO = /[µμ]/g;
const ANNOTATION = /\{[^}]*\}/g;

/**
 * Case-folds a unit and drops UCUM annotations (`{cells}`), which carry no meaning in UCUM. Lower-casing is safe for
 * the tables below: none holds two units that differ only by case.
 */
export function normaliseUnit(unit: string): string {
  return unit.trim().replace(MICRO, 'u').replace(ANNOTATION, '').toLowerCase();
}

function table(
  canonical: string,
  entries: readonly (readonly [string, number])[],
  accepted?: string[],
): UnitTable {
  return {
    canonical,
    accepted: accepted ?? entries.map(([unit]) => unit),
    factors: new Map(entries.map(([unit, factor]) => [normaliseUnit(unit), factor])),
  };
}

const LB_TO_KG = 0.45359237;

export const UNITS = {
  concentrationUgPerMl: table('ug/mL', [
    ['ug/mL', 1],
    ['mg/L', 1],
  ]),
  volumeMl: table('mL', [
    ['mL', 1],
    ['L', 1000],
  ]),
  durationMin: table('min', [
    ['min', 1],
    ['h', 60],
    ['s', 1 / 60],
  ]),
  tshMiuPerL: table('mIU/L', [
    ['mIU/L', 1],
    ['m[IU]/L', 1],
    ['uIU/mL', 1],
    ['u[IU]/mL', 1],
  ]),
  plateletsE9PerL: table('10*9/L', [
    ['10*9/L', 1],
    ['10^9/L', 1],
    ['10*3/uL', 1],
    ['10^3/uL', 1],
    ['K/uL', 1],
    ['/nL', 1],
    ['/uL', 0.001],
    ['/mm3', 0.001],
  ]),
  // INR is a ratio without a unit; UCUM writes that as `1` (or an annotation such as `{INR}`, which normalises away).
  inr: table(
    '1',
    [
      ['', 1],
      ['1', 1],
      ['INR', 1],
      ['ratio', 1],
    ],
    ['1 (no unit)', '{INR}'],
  ),
  haemoglobinGPerDl: table('g/dL', [
    ['g/dL', 1],
    ['g/L', 0.1],
    ['mmol/L', 1.611],
  ]),
  weightKg: table('kg', [
    ['kg', 1],
    ['g', 0.001],
    ['[lb_av]', LB_TO_KG],
    ['lb', LB_TO_KG],
    ['lbs', LB_TO_KG],
  ]),
  heightCm: table('cm', [
    ['cm', 1],
    ['m', 100],
    ['[in_i]', 2.54],
    ['in', 2.54],
  ]),
  // Outcome measures with a physical unit (SPEC-CLINICAL §4). o3care's own outcome system fixes the unit, so a
  // value without one is taken as canonical; a value with another unit is converted or refused.
  woundAreaCm2: table(
    'cm2',
    [
      ['cm2', 1],
      ['mm2', 0.01],
      ['', 1],
    ],
    ['cm2', 'mm2'],
  ),
  walkingTimeS: table(
    's',
    [
      ['s', 1],
      ['min', 60],
      ['', 1],
    ],
    ['s', 'min'],
  ),
} as const satisfies Record<string, UnitTable>;

/** Converts, rounding away binary noise (71 in is 180.34 cm, not 180.33999999999997). */
function scale(value: number, factor: number): number {
  return factor === 1 ? value : Math.round(value * factor * 1e6) / 1e6;
}

function describeAccepted(units: UnitTable): string {
  return units.accepted.join(', ');
}

/**
 * Converts `value` given in `unit` (a UCUM code or a unit string) to the table's canonical unit. `unitPath` names
 * the element that carried the unit, for the message.
 */
export function convertUnit(
  value: number,
  unit: string | undefined,
  units: UnitTable,
  valuePath: string,
  unitPath: string,
): QuantityRead {
  if (value < 0) return { ok: false, path: valuePath, message: `${valuePath} is negative (${value})` };
  const factor = units.factors.get(unit === undefined ? '' : normaliseUnit(unit));
  if (factor === undefined) {
    const what =
      unit === undefined ? 'has no unit' : `has unit ${preview(unit)}, which o3care does not accept`;
    return {
      ok: false,
      path: unitPath,
      message: `${unitPath} ${what}; accepted: ${describeAccepted(units)}`,
    };
  }
  const converted = scale(value, factor);
  if (!Number.isFinite(converted)) {
    return { ok: false, path: valuePath, message: `${valuePath} is out of range (${value})` };
  }
  return { ok: true, value: converted };
}

/**
 * Reads a FHIR Quantity at `path` into the table's canonical unit. Absent quantity or value → `value: undefined`.
 * A non-numeric or negative value, a comparator (`<`, `>`: a bound, not a measurement) or an unknown unit → error.
 */
export function readQuantity(quantity: unknown, units: UnitTable, path: string): QuantityRead {
  if (quantity === undefined) return { ok: true, value: undefined };
  const q = asRecord(quantity);
  if (q === undefined) {
    return { ok: false, path, message: `${path} must be a Quantity, found ${preview(quantity)}` };
  }
  if (q.value === undefined) return { ok: true, value: undefined };
  const valuePath = `${path}.value`;
  const value = asNumber(q.value);
  if (value === undefined) {
    return {
      ok: false,
      path: valuePath,
      message: `${valuePath} must be a number, found ${preview(q.value)}`,
    };
  }
  if (q.comparator !== undefined) {
    return {
      ok: false,
      path: `${path}.comparator`,
      message: `${path} is a bound (${preview(q.comparator)} ${value}), not a measured value`,
    };
  }
  const system = q.system;
  const code = asShortString(q.code, MAX_UNIT_LENGTH);
  const ucumCode = system === undefined || system === SYSTEMS.ucum ? code : undefined;
  if (ucumCode !== undefined) return convertUnit(value, ucumCode, units, valuePath, `${path}.code`);
  if (q.code !== undefined && code === undefined && (system === undefined || system === SYSTEMS.ucum)) {
    return { ok: false, path: `${path}.code`, message: `${path}.code is not a unit: ${preview(q.code)}` };
  }
  const unit = q.unit === undefined ? undefined : asShortString(q.unit, MAX_UNIT_LENGTH);
  if (q.unit !== undefined && unit === undefined) {
    return { ok: false, path: `${path}.unit`, message: `${path}.unit is not a unit: ${preview(q.unit)}` };
  }
  return convertUnit(value, unit, units, valuePath, `${path}.unit`);
}
