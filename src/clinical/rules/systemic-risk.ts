// Contraindications mostly of systemic ozone: pregnancy, thyroid, heart, seizures, intoxication, intolerance, and a
// record that says the patient has died (CLINICAL-REFERENCE §4).

import { latestFresh, toEpochMs } from '../facts.ts';
import type { Severity } from '../findings.ts';
import type { TechniqueCode } from '../techniques.ts';
import { isInjection, isSystemic, isTopical } from '../techniques.ts';
import { MS_PER_DAY, MS_PER_HOUR } from '../units.ts';
import { evidenceOf } from './evidence.ts';
import type { Rule, RuleInput } from './rule.ts';
import { finding, findingsBySeverity } from './rule.ts';

/** The newest fresh pregnancy fact: tests and status in their short window, an active diagnosis for a full term. */
export function currentPregnancy({ facts, asOf, library }: Pick<RuleInput, 'facts' | 'asOf' | 'library'>) {
  const { pregnancyTest, pregnancyDiagnosis } = library.settings.freshnessDays;
  const candidates = [
    latestFresh(
      facts.pregnancy.filter((f) => f.value.basis !== 'diagnosis'),
      asOf,
      pregnancyTest,
    ),
    latestFresh(
      facts.pregnancy.filter((f) => f.value.basis === 'diagnosis'),
      asOf,
      pregnancyDiagnosis,
    ),
  ].filter((fact) => fact !== undefined);
  return candidates.sort((a, b) => (toEpochMs(b.effective) ?? 0) - (toEpochMs(a.effective) ?? 0))[0];
}

/** `contraindication.pregnancy` — ISS: only for serious maternal disease; clinics: absolute. Default block ([S], [C]). */
export const pregnancy: Rule = (input) => {
  const status = currentPregnancy(input);
  if (status?.value.pregnant !== true) return [];
  return findingsBySeverity(
    'contraindication.pregnancy',
    input.techniques,
    (technique) =>
      isSystemic(technique) || isInjection(technique)
        ? 'hard-stop'
        : isTopical(technique)
          ? 'warning'
          : undefined,
    {
      message: 'Pregnant: no safety data for ozone in pregnancy.',
      evidence: [evidenceOf(`pregnancy-${status.value.basis}`, { ...status, value: true })],
    },
  );
};

/**
 * `contraindication.hyperthyroidism` — "uncompensated toxic hyperthyroidism" (ISS 2020 [S]). Marked when TSH is
 * suppressed with free T4 above range, or a thyrotoxic crisis is coded: systemic ozone stops. Otherwise the
 * clinician confirms control.
 */
export const hyperthyroidism: Rule = ({ facts, techniques, asOf, library }) => {
  const { thyroidLabs } = library.settings.freshnessDays;
  const threshold = library.settings.tshSuppressedBelowMiuPerL;
  const tsh = latestFresh(facts.tshMiuPerL, asOf, thyroidLabs);
  const freeT4High = latestFresh(facts.freeT4AboveRange, asOf, thyroidLabs);
  const diagnosis = latestFresh(facts.hyperthyroidism, asOf, undefined);
  const crisis = facts.hyperthyroidism.find((f) => f.value.crisis);
  const suppressed = tsh !== undefined && tsh.value < threshold ? tsh : undefined;
  const labsMarked = suppressed !== undefined && freeT4High?.value === true;
  const marked = labsMarked || crisis !== undefined;
  if (!marked && !diagnosis && !suppressed) return [];
  const evidence = [
    ...(diagnosis ? [evidenceOf('hyperthyroidism', { ...diagnosis, value: true })] : []),
    ...(suppressed ? [evidenceOf('tsh', suppressed, 'mIU/L')] : []),
    ...(labsMarked && freeT4High ? [evidenceOf('free-t4-above-range', freeT4High)] : []),
  ];
  return findingsBySeverity(
    'contraindication.hyperthyroidism',
    techniques,
    (technique) =>
      isSystemic(technique)
        ? marked
          ? 'hard-stop'
          : 'warning'
        : isInjection(technique)
          ? 'warning'
          : undefined,
    marked
      ? {
          message: 'Uncontrolled hyperthyroidism: no systemic ozone until controlled.',
          variant: 'uncontrolled',
          params: { tshThreshold: threshold },
          evidence,
        }
      : {
          message: 'Hyperthyroidism: confirm it is controlled (TSH and free T4) before systemic ozone.',
          variant: 'confirm-control',
          params: { tshThreshold: threshold },
          evidence,
        },
  );
};

const systemicStopInjectionWarn = (technique: TechniqueCode): Severity | undefined =>
  isSystemic(technique) ? 'hard-stop' : isInjection(technique) ? 'warning' : undefined;

/** `contraindication.recent-mi` — "recent acute MI" relative (ISS [S]); systemic ozone not within 6 months (Medozons [S]). */
export const recentMi: Rule = ({ facts, techniques, asOf, library }) => {
  const days = library.settings.recentMiDays;
  // An active MI without a date cannot be placed in time: treated as recent, and the evidence says so.
  const recent = facts.myocardialInfarction.find((mi) => {
    const ms = toEpochMs(mi.effective);
    return (
      ms === undefined || (asOf.getTime() - ms <= days * MS_PER_DAY && ms <= asOf.getTime() + MS_PER_DAY)
    );
  });
  if (!recent) return [];
  return findingsBySeverity('contraindication.recent-mi', techniques, systemicStopInjectionWarn, {
    message:
      recent.effective === undefined
        ? 'Myocardial infarction on record without a date: treated as recent.'
        : `Myocardial infarction on ${recent.effective.slice(0, 10)}, within ${days} days.`,
    params: { days },
    evidence: [evidenceOf('myocardial-infarction', recent)],
  });
};

/** `contraindication.cardiovascular-instability` — severe CV instability (Clinalgia [S]); decompensated HF (Medozons [S]). */
export const cardiovascularInstability: Rule = ({ facts, techniques }) => {
  const active = facts.cardiovascularInstability[0];
  if (!active) return [];
  return findingsBySeverity(
    'contraindication.cardiovascular-instability',
    techniques,
    systemicStopInjectionWarn,
    {
      message: 'Unstable angina or acute heart failure is active: stabilise first.',
      evidence: facts.cardiovascularInstability.map((f) => evidenceOf('cardiovascular-instability', f)),
    },
  );
};

/** `contraindication.seizure-disorder` — convulsive states relative for systemic ozone (Clinalgia, Medozons [S]). */
export const seizureDisorder: Rule = ({ facts, techniques }) => {
  if (facts.seizureDisorder.length === 0) return [];
  return findingsBySeverity(
    'contraindication.seizure-disorder',
    techniques,
    (technique) => (isSystemic(technique) ? 'warning' : undefined),
    {
      message: 'Epilepsy or seizure history: weigh systemic ozone with care.',
      evidence: facts.seizureDisorder.map((f) => evidenceOf('seizure-disorder', f)),
    },
  );
};

/** `contraindication.acute-intoxication` — acute intoxication (Medozons [S]); stops every technique on the session day. */
export const acuteIntoxication: Rule = ({ facts, techniques, asOf, library }) => {
  const hours = library.settings.freshnessDays.intoxicationHours;
  const today = facts.alcoholIntoxication.find((f) => {
    const ms = toEpochMs(f.effective);
    // Undated intoxication cannot be ruled out for today: stop, and say why.
    return (
      ms === undefined || (asOf.getTime() - ms <= hours * MS_PER_HOUR && ms <= asOf.getTime() + MS_PER_HOUR)
    );
  });
  if (!today || techniques.length === 0) return [];
  return [
    finding('contraindication.acute-intoxication', 'hard-stop', {
      techniques,
      message: 'Alcohol intoxication on the session day: no session today.',
      params: { hours },
      evidence: [evidenceOf('alcohol-intoxication', today)],
    }),
  ];
};

/** `contraindication.ozone-intolerance` — individual intolerance (Medozons [S]) or a prior adverse event of grade ≥ 3. */
export const ozoneIntolerance: Rule = ({ facts, history, techniques }) => {
  const severeEvents = history.sessions.filter((s) => s.adverseEvents.some((ae) => (ae.grade ?? 0) >= 3));
  if (facts.ozoneIntolerance.length === 0 && severeEvents.length === 0) return [];
  return findingsBySeverity(
    'contraindication.ozone-intolerance',
    techniques,
    (technique) =>
      isSystemic(technique) || isInjection(technique)
        ? 'hard-stop'
        : isTopical(technique)
          ? 'warning'
          : undefined,
    {
      message: 'Prior ozone intolerance or a severe adverse event (grade 3 or more).',
      evidence: [
        ...facts.ozoneIntolerance.map((f) => evidenceOf('ozone-intolerance', f)),
        ...severeEvents.map((s) => ({
          fact: 'adverse-event-grade-3-plus',
          date: s.performedAt,
          resource: `session/${s.id}`,
        })),
      ],
    },
  );
};

/** `record.patient-deceased` — o3care addition: a record that says the patient died is never treated. */
export const patientDeceased: Rule = ({ facts, techniques }) => {
  if (!facts.deceased || techniques.length === 0) return [];
  return [
    finding('record.patient-deceased', 'hard-stop', {
      techniques,
      message: 'The record says the patient has died: check the identity of the record.',
      evidence: [evidenceOf('deceased', facts.deceased)],
    }),
  ];
};
