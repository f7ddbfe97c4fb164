// The protocol library: per-technique dose limits like a smart infusion pump's drug library (SPEC-CLINICAL §1, §7).
// The shipped template must be approved by the clinic's medical director before use; every order records the
// library version it was checked against. Hard limits change only through a new approved version.

import type { Confidence, SourceId } from './sources.ts';
import type { TechniqueCode } from './techniques.ts';
import { TECHNIQUE_CODES, TECHNIQUES } from './techniques.ts';

export interface Range {
  readonly softMin: number;
  readonly softMax: number;
  readonly hardMax: number;
}

export interface LibraryEntry {
  readonly technique: TechniqueCode;
  readonly concentrationUgPerMl?: Range;
  readonly gasVolumeMl?: Range;
  readonly bloodVolumeMl?: Range;
  readonly durationMin?: Range;
  /** Total ozone µg; when absent it is derived from the concentration and gas volume limits (SPEC-CLINICAL §7). */
  readonly totalUg?: { readonly softMax: number; readonly hardMax: number };
  readonly courseMaxSessions?: number;
  readonly minIntervalHours?: number;
  readonly maxStepUgPerMl?: number;
  readonly sources: readonly SourceId[];
  readonly confidence: readonly Confidence[];
}

/** Thresholds and windows the screening rules use; part of the library so that governance owns them. */
export interface ScreeningSettings {
  /** Platelet threshold in 10^9/L (= 10^3/µL). Unverified placeholder (CLINICAL-REFERENCE §6.5). */
  readonly plateletsMinE9PerL: number;
  readonly inrMax: number;
  /** A deep injection on a vitamin K antagonist needs an INR at or below this, measured inside `vkaInrRecentDays`. */
  readonly vkaInrMaxForDeepInjection: number;
  readonly vkaInrRecentDays: number;
  readonly haemoglobinMinGPerDl: number;
  readonly tshSuppressedBelowMiuPerL: number;
  readonly recentMiDays: number;
  readonly pregnancyAgeRange: readonly [number, number];
  readonly bloodWithdrawalMaxFractionOfEbv: number;
  readonly consentValidityMonths: number;
  /** Freshness windows in days; `undefined` means the fact does not go stale (G6PD is lifelong). */
  readonly freshnessDays: {
    readonly pregnancyTest: number;
    /** An active pregnancy diagnosis older than a full term is treated as out of date. */
    readonly pregnancyDiagnosis: number;
    readonly platelets: number;
    readonly haemoglobin: number;
    readonly g6pd: number | undefined;
    readonly thyroidLabs: number;
    readonly inr: number;
    readonly weight: number;
    readonly height: number | undefined;
    /** "Session day": an intoxication recorded within this many hours before the check. */
    readonly intoxicationHours: number;
  };
}

export interface ProtocolLibrary {
  readonly version: string;
  readonly status: 'template' | 'draft' | 'approved';
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  /** Techniques the clinic offers. Prohibited techniques can never be enabled, whatever this list says. */
  readonly enabledTechniques: readonly TechniqueCode[];
  readonly entries: Readonly<Partial<Record<TechniqueCode, LibraryEntry>>>;
  readonly settings: ScreeningSettings;
}

export const DEFAULT_SETTINGS: ScreeningSettings = {
  plateletsMinE9PerL: 50,
  inrMax: 3.0,
  vkaInrMaxForDeepInjection: 1.5,
  vkaInrRecentDays: 7,
  haemoglobinMinGPerDl: 10,
  tshSuppressedBelowMiuPerL: 0.1,
  recentMiDays: 183,
  pregnancyAgeRange: [12, 55],
  bloodWithdrawalMaxFractionOfEbv: 0.13,
  consentValidityMonths: 12,
  freshnessDays: {
    pregnancyTest: 7,
    pregnancyDiagnosis: 280,
    platelets: 90,
    haemoglobin: 90,
    g6pd: undefined,
    thyroidLabs: 180,
    inr: 90,
    weight: 365,
    height: undefined,
    intoxicationHours: 24,
  },
};

/**
 * Total ozone limits: the entry's own, or derived as SPEC-CLINICAL §7 says (soft = conc soft max × vol soft max,
 * hard = conc soft max × vol hard max), so that an edited entry is never left without a total check.
 */
export function totalLimitsOf(entry: LibraryEntry): { softMax: number; hardMax: number } | undefined {
  if (entry.totalUg) return entry.totalUg;
  const { concentrationUgPerMl: conc, gasVolumeMl: vol } = entry;
  return conc && vol
    ? { softMax: conc.softMax * vol.softMax, hardMax: conc.softMax * vol.hardMax }
    : undefined;
}

const withTotals = (entry: LibraryEntry): LibraryEntry => {
  const totalUg = totalLimitsOf(entry);
  return totalUg ? { ...entry, totalUg } : entry;
};

const range = (softMin: number, softMax: number, hardMax: number): Range => ({ softMin, softMax, hardMax });

const templateEntries: readonly LibraryEntry[] = (
  [
    {
      technique: 'mah',
      concentrationUgPerMl: range(10, 40, 60),
      gasVolumeMl: range(50, 200, 250),
      bloodVolumeMl: range(50, 200, 250),
      courseMaxSessions: 15,
      minIntervalHours: 48,
      maxStepUgPerMl: 5,
      sources: ['mah-dose-sources', 'klein-anstee-2014'],
      confidence: ['S', 'C'],
    },
    {
      technique: 'minor-aht',
      concentrationUgPerMl: range(10, 40, 60),
      gasVolumeMl: range(5, 10, 20),
      bloodVolumeMl: range(5, 10, 20),
      courseMaxSessions: 10,
      minIntervalHours: 48,
      maxStepUgPerMl: 5,
      sources: ['minor-aht-sources'],
      confidence: ['S'],
    },
    {
      technique: 'rectal-insufflation',
      concentrationUgPerMl: range(10, 25, 40),
      gasVolumeMl: range(100, 300, 400),
      courseMaxSessions: 20,
      minIntervalHours: 24,
      maxStepUgPerMl: 5,
      sources: ['ozonosan-rectal'],
      confidence: ['V'],
    },
    {
      technique: 'paravertebral-im',
      concentrationUgPerMl: range(10, 20, 30),
      gasVolumeMl: range(5, 40, 60),
      courseMaxSessions: 14,
      minIntervalHours: 72,
      maxStepUgPerMl: 5,
      sources: ['jbmr-paravertebral', 'ozonoterapia-salerno'],
      confidence: ['V', 'S'],
    },
    {
      technique: 'intra-articular',
      concentrationUgPerMl: range(10, 20, 40),
      gasVolumeMl: range(5, 20, 30),
      courseMaxSessions: 6,
      minIntervalHours: 144,
      maxStepUgPerMl: 10,
      sources: ['fernandez-cuadros-2017', 'lopes-de-jesus-2017', 'adv-rheumatol-2025'],
      confidence: ['V'],
    },
    {
      technique: 'intradiscal',
      concentrationUgPerMl: range(25, 30, 40),
      gasVolumeMl: range(2, 4, 10),
      courseMaxSessions: 2,
      minIntervalHours: 336,
      maxStepUgPerMl: 0,
      sources: ['jvir-2012-intradiscal'],
      confidence: ['V'],
    },
    {
      technique: 'subcutaneous',
      concentrationUgPerMl: range(5, 15, 20),
      gasVolumeMl: range(5, 100, 200),
      courseMaxSessions: 10,
      minIntervalHours: 48,
      maxStepUgPerMl: 5,
      sources: ['subcutaneous-sources'],
      confidence: ['S'],
    },
    {
      technique: 'bagging',
      concentrationUgPerMl: range(20, 80, 100),
      durationMin: range(3, 20, 30),
      courseMaxSessions: 20,
      minIntervalHours: 24,
      maxStepUgPerMl: 20,
      sources: ['ozonosan-bagging'],
      confidence: ['V'],
    },
    // Ozonated oil is a product, not a gas dose: no limits to check (SPEC-CLINICAL §7).
    { technique: 'ozonated-oil', sources: [], confidence: [] },
  ] satisfies LibraryEntry[]
).map(withTotals);

/** Techniques the template offers: everything not prohibited and not disabled by default. */
const templateEnabled = TECHNIQUE_CODES.filter(
  (code) => TECHNIQUES[code].category !== 'prohibited' && !TECHNIQUES[code].disabledByDefault,
);

/** The shipped template `template-1`. Not usable for care until a medical director approves a version of it. */
export const TEMPLATE_LIBRARY: ProtocolLibrary = {
  version: 'template-1',
  status: 'template',
  enabledTechniques: templateEnabled,
  entries: Object.fromEntries(templateEntries.map((entry) => [entry.technique, entry])),
  settings: DEFAULT_SETTINGS,
};

/** Whether the library lets this technique be used at all (prohibited techniques never). */
export function isEnabled(library: ProtocolLibrary, technique: TechniqueCode): boolean {
  return TECHNIQUES[technique].category !== 'prohibited' && library.enabledTechniques.includes(technique);
}
