// Cautions: things to do differently rather than reasons to stop (SPEC-CLINICAL §6).

import { latestFresh } from '../facts.ts';
import { isSystemic, TECHNIQUES } from '../techniques.ts';
import { evidenceOf } from './evidence.ts';
import type { Rule } from './rule.ts';
import { findingsBySeverity } from './rule.ts';

/** `caution.ace-inhibitor` — slower MAH reinfusion on ACE inhibitors (German Wikipedia [S], weak); fast reinfusion causes symptoms (Rimini [V]). */
export const aceInhibitor: Rule = ({ facts, techniques }) => {
  const drugs = facts.medications.filter((m) => m.value.drugClass === 'ace-inhibitor');
  if (drugs.length === 0) return [];
  return findingsBySeverity('caution.ace-inhibitor', techniques, (t) => (t === 'mah' ? 'info' : undefined), {
    message: `On ${drugs.map((m) => m.value.name).join(', ')} (ACE inhibitor): reinfuse slowly and monitor blood pressure.`,
    params: { drugs: drugs.map((m) => m.value.name).join(', ') },
    evidence: drugs.map((m) => evidenceOf('ace-inhibitor', { ...m, value: m.value.name })),
  });
};

/** `caution.anemia` — blood withdrawal is adjusted for haemoglobin (ISS 2020 [S]). */
export const anemia: Rule = ({ facts, techniques, asOf, library }) => {
  const { haemoglobinMinGPerDl, freshnessDays } = library.settings;
  const hb = latestFresh(facts.haemoglobinGPerDl, asOf, freshnessDays.haemoglobin);
  if (hb === undefined || hb.value >= haemoglobinMinGPerDl) return [];
  return findingsBySeverity(
    'caution.anemia',
    techniques,
    (t) => (TECHNIQUES[t].handlesBlood ? 'warning' : undefined),
    {
      message: `Haemoglobin ${hb.value} g/dL, below ${haemoglobinMinGPerDl}: reconsider blood withdrawal.`,
      params: { threshold: haemoglobinMinGPerDl },
      evidence: [evidenceOf('haemoglobin', hb, 'g/dL')],
    },
  );
};

/** `caution.hypoglycemia-risk` — hypoglycaemic states (Medozons [S]); eat before treatment (Argentina [S]). */
export const hypoglycemiaRisk: Rule = ({ facts, techniques }) => {
  const drugs = facts.medications.filter(
    (m) => m.value.drugClass === 'insulin' || m.value.drugClass === 'sulfonylurea',
  );
  if (drugs.length === 0) return [];
  return findingsBySeverity(
    'caution.hypoglycemia-risk',
    techniques,
    (t) => (isSystemic(t) ? 'info' : undefined),
    {
      message: `On ${drugs.map((m) => m.value.name).join(', ')}: the patient should eat before the session.`,
      params: { drugs: drugs.map((m) => m.value.name).join(', ') },
      evidence: drugs.map((m) => evidenceOf(m.value.drugClass, { ...m, value: m.value.name })),
    },
  );
};
