// Observation → lab and vital-sign facts (SPEC-CLINICAL §5) and outcome measures (SPEC-CLINICAL §4). Each
// Observation is read on its own: panels (hasMember) without a value of their own are ignored, their members are
// entries too. Units are converted through quantity.ts; an unknown unit skips the observation with an issue.

import type { OutcomeMeasureCode } from '../clinical/goals.ts';
import { OUTCOME_MEASURES } from '../clinical/goals.ts';
import { LOINC, PREGNANCY_STATUS_VALUES, SYSTEMS } from '../clinical/value-sets.ts';
import type { IndexedEntry } from './bundle-index.ts';
import { resourceLabel } from './bundle-index.ts';
import { codeKey, codingsOf, statusCodes } from './codes.ts';
import type { ExtractContext } from './extract-context.ts';
import { addIssue, fact, firstDate } from './extract-context.ts';
import { asArray, asNumber, asRecord, asString, child, preview } from './json.ts';
import type { UnitTable } from './quantity.ts';
import { UNITS, normaliseUnit, readQuantity } from './quantity.ts';
import { HL7, OUTCOME_MEASURE_SYSTEM } from './urls.ts';

type LabKind = keyof typeof LOINC;

const KIND_BY_LOINC = new Map<string, LabKind>(
  (Object.keys(LOINC) as LabKind[]).flatMap((kind) =>
    LOINC[kind].map((code): [string, LabKind] => [code, kind]),
  ),
);

/** LOINC 72514-3, "Pain severity - 0-10 verbal numeric rating [Score] - Reported". */
const LOINC_PAIN_NRS = '72514-3';

const USABLE_STATUSES: ReadonlySet<string> = new Set(['final', 'amended', 'corrected', 'preliminary']);

const INTERPRETATION_SYSTEMS = [
  HL7.observationInterpretation,
  'http://terminology.hl7.org/CodeSystem/v2-0078',
];
const INTERPRETATIONS: ReadonlySet<string> = new Set(['L', 'LL', 'N', 'H', 'HH', 'POS', 'NEG']);

/** hCG answers (SNOMED): 10828004 Positive, 260385009 Negative. */
const HCG_POSITIVE = '10828004';
const HCG_NEGATIVE = '260385009';
const HCG_TEXT = new Map<string, boolean>([
  ['positive', true],
  ['pos', true],
  ['negative', false],
  ['neg', false],
]);

type NumericKind = 'tsh' | 'platelets' | 'inr' | 'haemoglobin' | 'weight' | 'height';
const NUMERIC: Readonly<Record<NumericKind, { readonly list: NumericListKey; readonly units: UnitTable }>> = {
  tsh: { list: 'tshMiuPerL', units: UNITS.tshMiuPerL },
  platelets: { list: 'plateletsE9PerL', units: UNITS.plateletsE9PerL },
  inr: { list: 'inr', units: UNITS.inr },
  haemoglobin: { list: 'haemoglobinGPerDl', units: UNITS.haemoglobinGPerDl },
  weight: { list: 'weightKg', units: UNITS.weightKg },
  height: { list: 'heightCm', units: UNITS.heightCm },
};
type NumericListKey =
  'tshMiuPerL' | 'plateletsE9PerL' | 'inr' | 'haemoglobinGPerDl' | 'weightKg' | 'heightCm';

type Recognised =
  | { readonly kind: LabKind; readonly code: string }
  | { readonly kind: 'outcome'; readonly measure: OutcomeMeasureCode; readonly code: string };

function recognise(ctx: ExtractContext, entry: IndexedEntry): Recognised | undefined {
  for (const { system, code, index } of codingsOf(entry.resource.code)) {
    if (code === undefined) continue;
    if (system === SYSTEMS.loinc) {
      const kind = KIND_BY_LOINC.get(code);
      if (kind !== undefined) return { kind, code: codeKey(system, code) };
      if (code === LOINC_PAIN_NRS) {
        return { kind: 'outcome', measure: 'pain-nrs', code: codeKey(system, code) };
      }
    } else if (system === OUTCOME_MEASURE_SYSTEM) {
      if (Object.hasOwn(OUTCOME_MEASURES, code)) {
        return { kind: 'outcome', measure: code as OutcomeMeasureCode, code: codeKey(system, code) };
      }
      const path = `${entry.path}.code.coding[${index}].code`;
      addIssue(ctx, path, `${path} is not an o3care outcome measure: ${preview(code)}; skipped`);
    }
  }
  return undefined;
}

export function mapObservation(ctx: ExtractContext, entry: IndexedEntry): void {
  const { resource } = entry;
  const status = asString(resource.status);
  if (status !== undefined && !USABLE_STATUSES.has(status)) return;
  const recognised = recognise(ctx, entry);
  if (recognised === undefined) return;
  const effective = firstDate(ctx, entry, [
    ['effectiveDateTime', resource.effectiveDateTime],
    ['effectivePeriod.start', child(resource, 'effectivePeriod')?.start],
    ['effectiveInstant', resource.effectiveInstant],
    ['issued', resource.issued],
  ]);
  const { kind, code } = recognised;
  switch (kind) {
    case 'outcome':
      mapOutcome(ctx, entry, recognised.measure, effective);
      break;
    case 'g6pd':
      mapG6pd(ctx, entry, effective, code);
      break;
    case 'pregnancyStatus':
      mapPregnancyStatus(ctx, entry, effective, code);
      break;
    case 'hcg':
      mapHcg(ctx, entry, effective, code);
      break;
    case 'freeT4':
      mapFreeT4(ctx, entry, effective, code);
      break;
    case 'tsh':
    case 'platelets':
    case 'inr':
    case 'haemoglobin':
    case 'weight':
    case 'height':
      mapNumeric(ctx, entry, NUMERIC[kind], effective, code);
      break;
  }
}

/** The observation's value in canonical units, or undefined after reporting why not. */
function quantityValue(ctx: ExtractContext, entry: IndexedEntry, units: UnitTable): number | undefined {
  const { resource, path } = entry;
  if (resource.valueQuantity === undefined) {
    // A stated reason for the missing value (dataAbsentReason) needs no issue; silence without one does.
    if (resource.dataAbsentReason === undefined) {
      addIssue(ctx, `${path}.valueQuantity`, `${path} has no valueQuantity; skipped`);
    }
    return undefined;
  }
  const read = readQuantity(resource.valueQuantity, units, `${path}.valueQuantity`);
  if (!read.ok) {
    addIssue(ctx, read.path, `${read.message}; observation skipped`);
    return undefined;
  }
  if (read.value === undefined) {
    addIssue(ctx, `${path}.valueQuantity.value`, `${path}.valueQuantity has no value; skipped`);
  }
  return read.value;
}

function mapNumeric(
  ctx: ExtractContext,
  entry: IndexedEntry,
  target: { readonly list: NumericListKey; readonly units: UnitTable },
  effective: string | undefined,
  code: string,
): void {
  const value = quantityValue(ctx, entry, target.units);
  if (value !== undefined) ctx.lists[target.list].push(fact(value, entry, effective, code));
}

function interpretations(entry: IndexedEntry): Set<string> {
  return statusCodes(entry.resource.interpretation, INTERPRETATION_SYSTEMS, INTERPRETATIONS);
}

/** The first referenceRange bound, when its unit (if stated) is the value's unit. */
function referenceBound(entry: IndexedEntry, bound: 'low' | 'high'): number | undefined {
  const range = asRecord(asArray(entry.resource.referenceRange)[0]);
  const limit = asRecord(range?.[bound]);
  const value = asNumber(limit?.value);
  if (limit === undefined || value === undefined) return undefined;
  const valueUnit = unitKey(entry.resource.valueQuantity);
  const limitUnit = unitKey(limit);
  return limitUnit === undefined || valueUnit === undefined || limitUnit === valueUnit ? value : undefined;
}

function unitKey(quantity: unknown): string | undefined {
  const q = asRecord(quantity);
  const unit = asString(q?.code) ?? asString(q?.unit);
  return unit === undefined || unit.length > 64 ? undefined : normaliseUnit(unit);
}

/** A plain numeric value (no comparator), unit-agnostic: compared only with its own reference range. */
function rawValue(entry: IndexedEntry): number | undefined {
  const q = asRecord(entry.resource.valueQuantity);
  return q === undefined || q.comparator !== undefined ? undefined : asNumber(q.value);
}

/** G6PD status from the L/LL/N flag, else from the value against its reference range. */
function g6pdStatus(entry: IndexedEntry): 'deficient' | 'normal' | undefined {
  const flags = interpretations(entry);
  if (flags.has('L') || flags.has('LL')) return 'deficient';
  if (flags.has('N')) return 'normal';
  const value = rawValue(entry);
  const low = referenceBound(entry, 'low');
  if (value === undefined || low === undefined) return undefined;
  if (value < low) return 'deficient';
  const high = referenceBound(entry, 'high');
  return high === undefined || value <= high ? 'normal' : undefined;
}

function mapG6pd(
  ctx: ExtractContext,
  entry: IndexedEntry,
  effective: string | undefined,
  code: string,
): void {
  const status = g6pdStatus(entry);
  if (status === undefined) {
    addIssue(
      ctx,
      entry.path,
      `${entry.path} (G6PD) has neither an L/LL/N interpretation nor a value with a comparable reference range; skipped`,
    );
    return;
  }
  ctx.lists.g6pd.push(fact(status, entry, effective, code));
}

function mapPregnancyStatus(
  ctx: ExtractContext,
  entry: IndexedEntry,
  effective: string | undefined,
  code: string,
): void {
  for (const coding of codingsOf(entry.resource.valueCodeableConcept)) {
    if (coding.system !== SYSTEMS.snomed) continue;
    const pregnant =
      coding.code === PREGNANCY_STATUS_VALUES.pregnant
        ? true
        : coding.code === PREGNANCY_STATUS_VALUES.notPregnant
          ? false
          : undefined;
    if (pregnant !== undefined) {
      ctx.lists.pregnancy.push(fact({ pregnant, basis: 'status' as const }, entry, effective, code));
      return;
    }
  }
  addIssue(
    ctx,
    `${entry.path}.valueCodeableConcept`,
    `${entry.path} (pregnancy status) has no SNOMED ${PREGNANCY_STATUS_VALUES.pregnant} (pregnant) or ` +
      `${PREGNANCY_STATUS_VALUES.notPregnant} (not pregnant) value; skipped`,
  );
}

/** hCG result: coded value, then text value, then interpretation POS/NEG. */
function hcgResult(entry: IndexedEntry): boolean | undefined {
  for (const coding of codingsOf(entry.resource.valueCodeableConcept)) {
    if (coding.system !== SYSTEMS.snomed) continue;
    if (coding.code === HCG_POSITIVE) return true;
    if (coding.code === HCG_NEGATIVE) return false;
  }
  const text = asString(entry.resource.valueString);
  if (text !== undefined && text.length < 40) {
    const result = HCG_TEXT.get(text.trim().toLowerCase());
    if (result !== undefined) return result;
  }
  const flags = interpretations(entry);
  if (flags.has('POS') && !flags.has('NEG')) return true;
  if (flags.has('NEG') && !flags.has('POS')) return false;
  return undefined;
}

function mapHcg(ctx: ExtractContext, entry: IndexedEntry, effective: string | undefined, code: string): void {
  const pregnant = hcgResult(entry);
  if (pregnant === undefined) {
    addIssue(ctx, entry.path, `${entry.path} (hCG) states neither positive nor negative; skipped`);
    return;
  }
  ctx.lists.pregnancy.push(fact({ pregnant, basis: 'test' as const }, entry, effective, code));
}

/** Free T4 above range from the H/HH (or N/L/LL) flag, else from the value against the reference range high. */
function freeT4AboveRange(entry: IndexedEntry): boolean | undefined {
  const flags = interpretations(entry);
  if (flags.has('H') || flags.has('HH')) return true;
  if (flags.has('N') || flags.has('L') || flags.has('LL')) return false;
  const value = rawValue(entry);
  const high = referenceBound(entry, 'high');
  return value === undefined || high === undefined ? undefined : value > high;
}

function mapFreeT4(
  ctx: ExtractContext,
  entry: IndexedEntry,
  effective: string | undefined,
  code: string,
): void {
  const above = freeT4AboveRange(entry);
  if (above === undefined) {
    addIssue(
      ctx,
      entry.path,
      `${entry.path} (free T4) has neither an H/HH/N/L interpretation nor a value with a comparable reference range high; skipped`,
    );
    return;
  }
  ctx.lists.freeT4AboveRange.push(fact(above, entry, effective, code));
}

/** Measures whose value has a physical unit to check; scores and categories carry none that matters. */
const OUTCOME_UNITS: Partial<Record<OutcomeMeasureCode, UnitTable>> = {
  'wound-area': UNITS.woundAreaCm2,
  'pain-free-walking-time': UNITS.walkingTimeS,
  'peak-walking-time': UNITS.walkingTimeS,
};

/** The outcome's value (valueQuantity or valueInteger), in the measure's unit; undefined after an issue. */
function outcomeValue(
  ctx: ExtractContext,
  entry: IndexedEntry,
  measure: OutcomeMeasureCode,
): number | undefined {
  const { resource, path } = entry;
  const quantity = asRecord(resource.valueQuantity);
  const units = OUTCOME_UNITS[measure];
  if (quantity !== undefined && units !== undefined) {
    const read = readQuantity(quantity, units, `${path}.valueQuantity`);
    if (read.ok && read.value !== undefined) return read.value;
    const problem = read.ok ? { path: `${path}.valueQuantity.value`, message: `${path} has no value` } : read;
    addIssue(ctx, problem.path, `${problem.message}; outcome ${measure} skipped`);
    return undefined;
  }
  const valuePath = quantity === undefined ? `${path}.valueInteger` : `${path}.valueQuantity.value`;
  const raw = quantity === undefined ? resource.valueInteger : quantity.value;
  const value = asNumber(raw);
  if (value === undefined) {
    if (raw !== undefined || resource.dataAbsentReason === undefined) {
      addIssue(
        ctx,
        valuePath,
        `${valuePath} must be a number for outcome ${measure}, found ${preview(raw)}; skipped`,
      );
    }
    return undefined;
  }
  if (quantity?.comparator !== undefined) {
    addIssue(ctx, `${path}.valueQuantity.comparator`, `${path} is a bound, not a score; skipped`);
    return undefined;
  }
  return value;
}

function mapOutcome(
  ctx: ExtractContext,
  entry: IndexedEntry,
  measure: OutcomeMeasureCode,
  recordedAt: string | undefined,
): void {
  const { path } = entry;
  const value = outcomeValue(ctx, entry, measure);
  if (value === undefined) return;
  if (measure === 'pain-nrs' && (value < 0 || value > 10)) {
    addIssue(ctx, path, `${path} is ${value}, outside the 0–10 pain scale; skipped`);
    return;
  }
  if (recordedAt === undefined) {
    addIssue(ctx, path, `${path} (outcome ${measure}) has no effective date; skipped`);
    return;
  }
  ctx.outcomes.push({ measure, value, recordedAt, resource: resourceLabel(entry) });
}
