// Dose-range checking against the library entry, like a smart pump's drug library: hard limits block, soft limits
// ask for a coded reason (SPEC-CLINICAL §1, §6-7). Strictly above a hard max fires; a value equal to it passes.

import { bloodWithdrawalLimitMl, estimatedBloodVolumeMl } from '../blood-volume.ts';
import { latestFresh } from '../facts.ts';
import type { DoseSuggestion, Finding } from '../findings.ts';
import type { LibraryEntry, Range } from '../library.ts';
import { totalLimitsOf } from '../library.ts';
import type { RuleId } from '../rule-catalog.ts';
import { TECHNIQUES } from '../techniques.ts';
import type { Rule, RuleInput } from './rule.ts';
import { finding } from './rule.ts';

/** The entry for the ordered technique, or undefined (screening, no technique, or no entry). */
export function entryFor({
  mode,
  order,
  library,
}: Pick<RuleInput, 'mode' | 'order' | 'library'>): LibraryEntry | undefined {
  if (mode === 'screening' || order?.technique === undefined) return undefined;
  return library.entries[order.technique];
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** `library.unapproved` — governance: the template is unusable until a medical director approves a version. */
export const libraryUnapproved: Rule = ({ mode, libraryApproved, library, order }) => {
  if (mode === 'screening' || libraryApproved) return [];
  return [
    finding('library.unapproved', 'hard-stop', {
      techniques: order?.technique ? [order.technique] : [],
      message: `No approved protocol library: ${library.version} has not been approved by the medical director.`,
      params: { library: library.version },
      evidence: [{ fact: 'library', value: `${library.version} (${library.status})` }],
    }),
  ];
};

interface RangeCheck {
  readonly value: number | undefined;
  readonly range: Range | undefined;
  readonly unit: string;
  readonly label: string;
  readonly field: DoseSuggestion['field'] | undefined;
  readonly ids: { readonly hard: RuleId; readonly softMax: RuleId; readonly softMin: RuleId };
}

function checkRange(check: RangeCheck, input: RuleInput): Finding[] {
  const { value, range, unit, label, field, ids } = check;
  const technique = input.order?.technique;
  if (value === undefined || range === undefined || technique === undefined) return [];
  const common = { techniques: [technique], evidence: [{ fact: label, value, unit }] };
  const suggest = (target: number) => (field ? { suggestion: { field, value: target } } : {});
  if (value > range.hardMax) {
    return [
      finding(ids.hard, 'hard-stop', {
        ...common,
        message: `${label} ${value} ${unit} is above the hard maximum ${range.hardMax} ${unit}.`,
        params: { value, limit: range.hardMax, unit },
        ...suggest(range.softMax),
      }),
    ];
  }
  if (value > range.softMax) {
    return [
      finding(ids.softMax, 'warning', {
        ...common,
        message: `${label} ${value} ${unit} is above the usual range (${range.softMin}–${range.softMax} ${unit}).`,
        params: { value, limit: range.softMax, unit },
        ...suggest(range.softMax),
      }),
    ];
  }
  if (value < range.softMin) {
    return [
      finding(ids.softMin, 'warning', {
        ...common,
        message: `${label} ${value} ${unit} is below the usual range (${range.softMin}–${range.softMax} ${unit}).`,
        params: { value, limit: range.softMin, unit },
        ...suggest(range.softMin),
      }),
    ];
  }
  return [];
}

/** Concentration, gas volume and duration against their ranges (low-dose concept, Viebahn-Hänsler 2012 [V]). */
export const doseRanges: Rule = (input) => {
  const entry = entryFor(input);
  const order = input.order;
  if (!entry || !order) return [];
  return [
    ...checkRange(
      {
        value: order.concentrationUgPerMl,
        range: entry.concentrationUgPerMl,
        unit: 'µg/mL',
        label: 'Concentration',
        field: 'concentrationUgPerMl',
        ids: {
          hard: 'dose.concentration-above-hard-max',
          softMax: 'dose.concentration-above-soft-max',
          softMin: 'dose.concentration-below-soft-min',
        },
      },
      input,
    ),
    ...checkRange(
      {
        value: order.gasVolumeMl,
        range: entry.gasVolumeMl,
        unit: 'mL',
        label: 'Gas volume',
        field: 'gasVolumeMl',
        ids: {
          hard: 'dose.volume-above-hard-max',
          softMax: 'dose.volume-above-soft-max',
          softMin: 'dose.volume-below-soft-min',
        },
      },
      input,
    ),
    ...checkRange(
      {
        value: order.durationMin,
        range: entry.durationMin,
        unit: 'min',
        label: 'Exposure time',
        field: undefined,
        ids: {
          hard: 'dose.duration-above-hard-max',
          softMax: 'dose.duration-above-soft-max',
          softMin: 'dose.duration-below-soft-min',
        },
      },
      input,
    ),
  ];
};

/**
 * `dose.total-above-*` — total ozone = concentration × gas volume, so a high concentration with a high volume stops
 * even when each value alone is only soft (SPEC-CLINICAL §7). The suggestion lowers the gas volume.
 */
export const doseTotal: Rule = (input) => {
  const entry = entryFor(input);
  const { concentrationUgPerMl: conc, gasVolumeMl: volume, technique } = input.order ?? {};
  const limits = entry ? totalLimitsOf(entry) : undefined;
  if (!limits || conc === undefined || volume === undefined || technique === undefined) return [];
  // Compare the exact product; round only for display, so 0.004 µg over the hard maximum still stops.
  const exactTotal = conc * volume;
  const total = round(exactTotal);
  const { softMax, hardMax } = limits;
  const severity = exactTotal > hardMax ? 'hard-stop' : exactTotal > softMax ? 'warning' : undefined;
  if (severity === undefined) return [];
  const limit = severity === 'hard-stop' ? hardMax : softMax;
  const suggestedVolume = conc > 0 ? Math.floor(softMax / conc) : undefined;
  return [
    finding(severity === 'hard-stop' ? 'dose.total-above-hard-max' : 'dose.total-above-soft-max', severity, {
      techniques: [technique],
      message: `Total ozone ${total} µg (${conc} µg/mL × ${volume} mL) is above the ${severity === 'hard-stop' ? 'hard' : 'soft'} maximum ${limit} µg.`,
      params: { value: total, limit, unit: 'µg' },
      evidence: [
        { fact: 'concentration', value: conc, unit: 'µg/mL' },
        { fact: 'gas-volume', value: volume, unit: 'mL' },
      ],
      ...(suggestedVolume !== undefined && suggestedVolume > 0
        ? { suggestion: { field: 'gasVolumeMl', value: suggestedVolume } }
        : {}),
    }),
  ];
};

/** Weight, height and sex as the blood-volume rules read them. */
function bodySize({ facts, asOf, library }: RuleInput) {
  const { weight, height } = library.settings.freshnessDays;
  const weightKg = latestFresh(facts.weightKg, asOf, weight);
  const heightCm = latestFresh(facts.heightCm, asOf, height);
  return { weightKg, heightCm, ebvMl: estimatedBloodVolumeMl(facts.sex, weightKg?.value, heightCm?.value) };
}

/**
 * `dose.blood-volume-above-limit` — withdrawal above min(entry hard max, 13% of Nadler's estimated blood volume)
 * (ISS 2020 citing Klein & Anstee 2014 [S]). Soft range warnings are o3care additions.
 */
export const bloodVolume: Rule = (input) => {
  const entry = entryFor(input);
  const order = input.order;
  const range = entry?.bloodVolumeMl;
  if (!range || !order?.technique || order.bloodVolumeMl === undefined) return [];
  const value = order.bloodVolumeMl;
  const fraction = input.library.settings.bloodWithdrawalMaxFractionOfEbv;
  const { weightKg, heightCm, ebvMl } = bodySize(input);
  const limit = bloodWithdrawalLimitMl(range.hardMax, ebvMl, fraction) ?? range.hardMax;
  const evidence = [
    { fact: 'blood-volume', value, unit: 'mL' },
    ...(weightKg
      ? [{ fact: 'weight', value: weightKg.value, unit: 'kg', resource: weightKg.provenance.resource }]
      : []),
    ...(heightCm
      ? [{ fact: 'height', value: heightCm.value, unit: 'cm', resource: heightCm.provenance.resource }]
      : []),
    ...(ebvMl !== undefined
      ? [{ fact: 'estimated-blood-volume', value: Math.round(ebvMl), unit: 'mL' }]
      : []),
  ];
  const technique = [order.technique];
  if (value > limit) {
    return [
      finding('dose.blood-volume-above-limit', 'hard-stop', {
        techniques: technique,
        message: `Blood volume ${value} mL is above the limit of ${Math.floor(limit)} mL (the lower of ${range.hardMax} mL and ${Math.round(fraction * 100)}% of the estimated blood volume).`,
        params: { value, limit: Math.floor(limit), unit: 'mL' },
        evidence,
        suggestion: { field: 'bloodVolumeMl', value: Math.floor(Math.min(limit, range.softMax)) },
      }),
    ];
  }
  if (value > range.softMax || value < range.softMin) {
    const above = value > range.softMax;
    return [
      finding(above ? 'dose.blood-volume-above-soft-max' : 'dose.blood-volume-below-soft-min', 'warning', {
        techniques: technique,
        message: `Blood volume ${value} mL is ${above ? 'above' : 'below'} the usual range (${range.softMin}–${range.softMax} mL).`,
        params: { value, limit: above ? range.softMax : range.softMin, unit: 'mL' },
        evidence,
        suggestion: {
          field: 'bloodVolumeMl',
          value: above ? Math.floor(Math.min(limit, range.softMax)) : range.softMin,
        },
      }),
    ];
  }
  return [];
};

/** A usable dose value: a finite number at or above zero. NaN or a negative number is as good as missing. */
const isValue = (value: number | undefined): value is number =>
  value !== undefined && Number.isFinite(value) && value >= 0;

/** `dose.required-value-missing` — a value the entry needs is absent: the check cannot vouch for the order. */
export const requiredValueMissing: Rule = (input) => {
  const { mode, order, library } = input;
  if (mode === 'screening' || !order) return [];
  const missing: string[] = [];
  if (order.technique === undefined) missing.push('technique');
  const entry = entryFor(input);
  const technique = order.technique;
  if (
    technique !== undefined &&
    TECHNIQUES[technique].category !== 'prohibited' &&
    library.enabledTechniques.includes(technique) &&
    !entry
  ) {
    missing.push('library entry');
  }
  if (entry) {
    if (entry.concentrationUgPerMl && !isValue(order.concentrationUgPerMl)) missing.push('concentration');
    if (entry.gasVolumeMl && !isValue(order.gasVolumeMl)) missing.push('gas volume');
    if (entry.bloodVolumeMl && !isValue(order.bloodVolumeMl)) missing.push('blood volume');
    if (entry.durationMin && !isValue(order.durationMin)) missing.push('exposure time');
    if (entry.bloodVolumeMl && bodySize(input).weightKg === undefined) missing.push('weight');
  }
  if (missing.length === 0) return [];
  return [
    finding('dose.required-value-missing', 'hard-stop', {
      techniques: technique ? [technique] : [],
      message: `Required value${missing.length > 1 ? 's' : ''} missing: ${missing.join(', ')}.`,
      params: { missing: missing.join(', ') },
      evidence: missing.map((name) => ({ fact: 'missing', value: name })),
    }),
  ];
};
