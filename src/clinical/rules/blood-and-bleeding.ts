// Contraindications that concern blood: G6PD deficiency (haemolysis under oxidative load) and bleeding risk
// (platelets, coagulation, anticoagulants) for techniques that puncture vessels or deep tissue.

import type { Fact } from '../facts.ts';
import { latestFresh } from '../facts.ts';
import type { Finding } from '../findings.ts';
import type { TechniqueCode } from '../techniques.ts';
import { isInjection, isSystemic, TECHNIQUES } from '../techniques.ts';
import { evidenceOf } from './evidence.ts';
import type { Rule } from './rule.ts';
import { findingsBySeverity } from './rule.ts';

const category = (technique: TechniqueCode) => TECHNIQUES[technique].category;

/** `contraindication.g6pd-deficiency` — absolute for systemic ozone (ISS 2020 [S]); local routes warn, sources disagree (CLINICAL-REFERENCE §4.2). */
export const g6pdDeficiency: Rule = ({ facts, techniques, asOf, library }) => {
  const status = latestFresh(facts.g6pd, asOf, library.settings.freshnessDays.g6pd);
  if (status?.value !== 'deficient') return [];
  return findingsBySeverity(
    'contraindication.g6pd-deficiency',
    techniques,
    (technique) =>
      isSystemic(technique)
        ? 'hard-stop'
        : isInjection(technique) || category(technique) === 'topical'
          ? 'warning'
          : undefined,
    {
      message: 'G6PD deficiency: systemic ozone can cause haemolysis.',
      evidence: [evidenceOf('g6pd', status)],
    },
  );
};

/** Platelets below the threshold, or a thrombocytopenia diagnosis. */
function lowPlatelets(input: Parameters<Rule>[0]): Fact<number> | Fact<true> | undefined {
  const { facts, asOf, library } = input;
  const platelets = latestFresh(facts.plateletsE9PerL, asOf, library.settings.freshnessDays.platelets);
  if (platelets !== undefined && platelets.value < library.settings.plateletsMinE9PerL) return platelets;
  // A fresh normal count outranks an older diagnosis only when it is newer; a standing diagnosis still counts.
  return latestFresh(facts.thrombocytopenia, asOf, undefined);
}

/** `contraindication.thrombocytopenia` — relative for systemic routes (Clinalgia, Medozons [S]); threshold unverified [U]. */
export const thrombocytopenia: Rule = (input) => {
  const fact = lowPlatelets(input);
  if (fact === undefined) return [];
  const { plateletsMinE9PerL } = input.library.settings;
  return findingsBySeverity(
    'contraindication.thrombocytopenia',
    input.techniques,
    (technique) => {
      switch (category(technique)) {
        case 'systemic-blood':
        case 'deep-injection':
          return 'hard-stop';
        case 'systemic-insufflation':
        case 'local-injection':
          return 'warning';
        default:
          return undefined;
      }
    },
    {
      message:
        typeof fact.value === 'number'
          ? `Platelets ${fact.value} ×10^9/L, below ${plateletsMinE9PerL}: bleeding risk.`
          : 'Thrombocytopenia diagnosed: bleeding risk.',
      params: { threshold: plateletsMinE9PerL },
      evidence: [
        typeof fact.value === 'number'
          ? evidenceOf('platelets', fact, '10*9/L')
          : evidenceOf('thrombocytopenia', fact),
      ],
    },
  );
};

/** `contraindication.coagulopathy` — coagulation disorders (Medozons, HPGO3 [S]); deep injections stop. */
export const coagulopathy: Rule = ({ facts, techniques, asOf, library }) => {
  const { inrMax, freshnessDays } = library.settings;
  const diagnosis = latestFresh(facts.coagulationDisorder, asOf, undefined);
  const inr = latestFresh(facts.inr, asOf, freshnessDays.inr);
  const highInr = inr !== undefined && inr.value > inrMax ? inr : undefined;
  if (!diagnosis && !highInr) return [];
  return findingsBySeverity(
    'contraindication.coagulopathy',
    techniques,
    (technique) => {
      switch (category(technique)) {
        case 'deep-injection':
          return 'hard-stop';
        case 'systemic-blood':
        case 'local-injection':
          return 'warning';
        default:
          return undefined;
      }
    },
    {
      message: highInr
        ? `INR ${highInr.value} above ${inrMax}: bleeding risk.`
        : 'Coagulation disorder diagnosed: bleeding risk.',
      params: { inrMax },
      evidence: [
        ...(diagnosis ? [evidenceOf('coagulation-disorder', diagnosis)] : []),
        ...(highInr ? [evidenceOf('inr', highInr)] : []),
      ],
    },
  );
};

/**
 * `contraindication.anticoagulant` — avoid infiltrations in anticoagulated patients (Clinalgia [S]). A deep
 * injection on a vitamin K antagonist needs a recent INR at or below the library's limit (default 1.5).
 */
export const anticoagulant: Rule = ({ facts, techniques, asOf, library }) => {
  const drugs = facts.medications.filter((m) =>
    ['vka', 'anticoagulant', 'antiplatelet'].includes(m.value.drugClass),
  );
  if (drugs.length === 0) return [];
  const { vkaInrMaxForDeepInjection, vkaInrRecentDays } = library.settings;
  const onVka = drugs.some((m) => m.value.drugClass === 'vka');
  const recentInr = latestFresh(facts.inr, asOf, vkaInrRecentDays);
  const vkaUnsafe = onVka && (recentInr === undefined || recentInr.value > vkaInrMaxForDeepInjection);
  const findings: Finding[] = findingsBySeverity(
    'contraindication.anticoagulant',
    techniques,
    (technique) => {
      if (category(technique) === 'deep-injection' && vkaUnsafe) return 'hard-stop';
      return category(technique) === 'systemic-blood' || isInjection(technique) ? 'warning' : undefined;
    },
    {
      message: `On ${drugs.map((m) => m.value.name).join(', ')}: bleeding risk at the puncture site.`,
      params: { drugs: drugs.map((m) => m.value.name).join(', '), inrMax: vkaInrMaxForDeepInjection },
      evidence: [
        ...drugs.map((m) => evidenceOf(m.value.drugClass, { ...m, value: m.value.name })),
        ...(onVka && recentInr ? [evidenceOf('inr', recentInr)] : []),
      ],
    },
  );
  return findings.map((f) =>
    f.severity === 'hard-stop'
      ? {
          ...f,
          messageKey: `${f.messageKey}.vka-deep`,
          message: `On a vitamin K antagonist without an INR ≤ ${vkaInrMaxForDeepInjection} in the last ${vkaInrRecentDays} days: no deep injection.`,
        }
      : f,
  );
};
