// Demo patients for whom screening said "not now" or "not at all": contraindications, missing data, an intake that
// is not ready for ozone, and the documented decisions not to use it.

import { firstVisitFacts, takes } from './record-helpers.ts';
import type { PatientScenario } from './scenario.ts';

export const mariaKneeNoRecentPregnancyTest: PatientScenario = {
  summary: 'María, 34, knee osteoarthritis after a ski injury: no pregnancy test in the last 7 days',
  patient: { givenName: 'María', familyName: 'López', age: 34, sex: 'female', preferredLanguage: 'es' },
  registeredDaysAgo: 3,
  shows: ['screening.pregnancy-unknown', 'indication.route-mismatch'],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal = { code: 'knee-osteoarthritis', text: 'Ski again without my knee giving way' } as const;
    await chart.intake({
      at: d(3, '09:30'),
      goal,
      facts: [
        ...firstVisitFacts(d(3, '09:30'), { weightKg: 62, heightCm: 168, haemoglobinGPerDl: 13.1 }),
        // Negative, but 20 days old: outside the 7-day window.
        { kind: 'pregnancy', value: { pregnant: false, basis: 'test' }, effective: d(20).toISOString() },
      ],
    });
    await chart.refusedPlan({
      at: d(3, '11:00'),
      goal,
      technique: 'intra-articular',
      schedule: [{ concentrationUgPerMl: 15, gasVolumeMl: 10 }],
      courseSessions: 6,
    });
  },
};

export const luciaPregnantBackPain: PatientScenario = {
  summary: 'Lucía, 29, 12 weeks pregnant, low back pain: no ozone in pregnancy',
  patient: { givenName: 'Lucía', familyName: 'Fernández', age: 29, sex: 'female', preferredLanguage: 'es' },
  registeredDaysAgo: 8,
  shows: ['contraindication.pregnancy'],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    await chart.intake({
      at: d(8, '09:30'),
      goal: { code: 'low-back-pain', text: 'Back pain since I became pregnant' },
      facts: [
        ...firstVisitFacts(d(8, '09:30'), { weightKg: 66, heightCm: 165, haemoglobinGPerDl: 12.4 }),
        { kind: 'pregnancy', value: { pregnant: true, basis: 'diagnosis' }, effective: d(84).toISOString() },
      ],
    });
    await chart.decideNoOzone({
      at: d(8, '10:30'),
      reason: 'contraindicated',
      comment: 'Pregnant (12 weeks): no safety data for ozone. Physiotherapy; revisit after delivery.',
    });
  },
};

export const carmenWellnessNoGoal: PatientScenario = {
  summary:
    'Carmen, 61, wants ozone "to feel more energetic": no goal, fundamentals not assessed, no G6PD result',
  patient: { givenName: 'Carmen', familyName: 'Soto', age: 61, sex: 'female', preferredLanguage: 'es' },
  registeredDaysAgo: 5,
  shows: ['indication.undefined', 'fundamentals.unaddressed', 'screening.g6pd-unknown'],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    await chart.intake({
      at: d(5, '09:30'),
      by: 'coordinator',
      goal: { code: undefined, text: 'Feel more energetic' },
      fundamentalsAssessed: ['sleep', 'movement'],
      facts: firstVisitFacts(d(5, '09:30'), { weightKg: 70, heightCm: 162 }, 'not tested'),
    });
    await chart.decideNoOzone({
      at: d(5, '10:30'),
      reason: 'fundamentals-first',
      comment:
        'No defined goal. Sleep, metabolic health and diagnostics first with her GP; G6PD test ordered.',
    });
  },
};

export const hectorPostCovidFatigueExpectsCure: PatientScenario = {
  summary: 'Héctor, 49, post-COVID fatigue, expects a cure, asked for ozone inhalation and for EBOO',
  patient: { givenName: 'Héctor', familyName: 'Molina', age: 49, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 15,
  shows: [
    'route.prohibited',
    'route.disabled-by-clinic',
    'expectations.unrealistic',
    'resilience.high-oxidative-burden',
  ],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal = { code: 'other', text: 'Cure my fatigue after COVID' } as const;
    await chart.intake({
      at: d(15, '09:30'),
      goal,
      expectsCure: true,
      oxidativeBurden: 'high',
      facts: firstVisitFacts(d(15, '09:30'), { weightKg: 78, heightCm: 181, haemoglobinGPerDl: 14.0 }),
    });
    // He read about both online. Inhalation is never possible; EBOO is not enabled in the clinic's library.
    await chart.refusedPlan({
      at: d(15, '10:30'),
      goal,
      technique: 'inhalation',
      schedule: [{ concentrationUgPerMl: 20, gasVolumeMl: 50 }],
      courseSessions: 10,
    });
    await chart.refusedPlan({
      at: d(15, '10:35'),
      goal,
      technique: 'eboo',
      schedule: [{ concentrationUgPerMl: 20, gasVolumeMl: 100, bloodVolumeMl: 100 }],
      courseSessions: 10,
    });
    await chart.decideNoOzone({
      at: d(15, '11:00'),
      reason: 'insufficient-evidence',
      comment:
        'No evidence for ozone in post-COVID fatigue; expects a cure; high oxidative burden. Rehabilitation first.',
    });
  },
};

export const javierClaudicationHyperthyroid: PatientScenario = {
  summary: 'Javier, 55, intermittent claudication, uncontrolled hyperthyroidism (TSH 0.04, high free T4)',
  patient: { givenName: 'Javier', familyName: 'Castro', age: 55, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 20,
  shows: ['contraindication.hyperthyroidism'],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal = {
      code: 'peripheral-arterial-disease',
      text: 'Walk more than 200 metres without calf pain',
    } as const;
    await chart.intake({
      at: d(20, '09:30'),
      goal,
      facts: [
        ...firstVisitFacts(d(20, '09:30'), { weightKg: 70, heightCm: 172, haemoglobinGPerDl: 14.3 }),
        { kind: 'hyperthyroidism', value: { crisis: false }, effective: d(200).toISOString().slice(0, 10) },
        { kind: 'tshMiuPerL', value: 0.04, effective: d(22).toISOString() },
        { kind: 'freeT4AboveRange', value: true, effective: d(22).toISOString() },
      ],
    });
    await chart.refusedPlan({
      at: d(20, '11:00'),
      goal,
      technique: 'rectal-insufflation',
      schedule: [{ concentrationUgPerMl: 15, gasVolumeMl: 150 }],
      courseSessions: 10,
    });
    await chart.decideNoOzone({
      at: d(20, '11:30'),
      reason: 'contraindicated',
      comment:
        'Uncontrolled hyperthyroidism: endocrinology first; supervised exercise for the claudication meanwhile.',
    });
  },
};

export const antonioBackPainOnWarfarin: PatientScenario = {
  summary: 'Antonio, 72, low back pain, on warfarin with INR 3.4 and platelets 45: no intradiscal injection',
  patient: { givenName: 'Antonio', familyName: 'Ruiz', age: 72, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 12,
  shows: [
    'contraindication.anticoagulant',
    'contraindication.coagulopathy',
    'contraindication.thrombocytopenia',
  ],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal = { code: 'low-back-pain', text: 'Stand at my workbench again' } as const;
    await chart.intake({
      at: d(12, '09:30'),
      goal,
      facts: [
        ...firstVisitFacts(d(12, '09:30'), { weightKg: 81, heightCm: 170, haemoglobinGPerDl: 13.0 }),
        takes('vka', 'warfarin', d(900)),
        { kind: 'inr', value: 3.4, effective: d(13).toISOString() },
        { kind: 'plateletsE9PerL', value: 45, effective: d(13).toISOString() },
      ],
    });
    await chart.refusedPlan({
      at: d(12, '11:00'),
      goal,
      technique: 'intradiscal',
      schedule: [{ concentrationUgPerMl: 27, gasVolumeMl: 3 }],
      courseSessions: 2,
    });
    await chart.decideNoOzone({
      at: d(12, '11:30'),
      reason: 'contraindicated',
      comment:
        'Bleeding risk (warfarin, INR 3.4, platelets 45): back to his haematologist; conservative care meanwhile.',
    });
  },
};

export const manuelAfterInfarctionUnstableAngina: PatientScenario = {
  summary: 'Manuel, 68, infarction ten weeks ago, unstable angina, on ramipril: wants MAH "for recovery"',
  patient: { givenName: 'Manuel', familyName: 'Ortega', age: 68, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 9,
  shows: [
    'contraindication.recent-mi',
    'contraindication.cardiovascular-instability',
    'caution.ace-inhibitor',
  ],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal = { code: 'recovery-support', text: 'Get my strength back after the heart attack' } as const;
    await chart.intake({
      at: d(9, '09:30'),
      goal,
      facts: [
        ...firstVisitFacts(d(9, '09:30'), { weightKg: 88, heightCm: 174, haemoglobinGPerDl: 13.9 }),
        { kind: 'myocardialInfarction', value: true, effective: d(70).toISOString().slice(0, 10) },
        { kind: 'cardiovascularInstability', value: true, effective: d(20).toISOString().slice(0, 10) },
        takes('ace-inhibitor', 'ramipril', d(70)),
      ],
    });
    await chart.refusedPlan({
      at: d(9, '11:00'),
      goal,
      technique: 'mah',
      schedule: [{ concentrationUgPerMl: 20, gasVolumeMl: 100, bloodVolumeMl: 100 }],
      courseSessions: 10,
    });
    await chart.decideNoOzone({
      at: d(9, '11:30'),
      reason: 'contraindicated',
      comment:
        'Infarction ten weeks ago and unstable angina: cardiac rehabilitation first; revisit in six months.',
    });
  },
};

export const ernestoClaudicationDied: PatientScenario = {
  summary: 'Ernesto, 81, intermittent claudication: died at home two weeks ago; his record is kept',
  patient: { givenName: 'Ernesto', familyName: 'Blanco', age: 81, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 60,
  shows: ['record.patient-deceased'],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    await chart.intake({
      at: d(60, '09:30'),
      goal: { code: 'peripheral-arterial-disease', text: 'Walk to church on Sundays' },
      facts: firstVisitFacts(d(60, '09:30'), { weightKg: 70, heightCm: 168, haemoglobinGPerDl: 12.9 }),
    });
    await chart.decideNoOzone({
      at: d(60, '10:30'),
      reason: 'patient-declined',
      comment: 'Preferred to wait until after the winter.',
    });
    // His daughter called; the coordinator records the death, which stops anything further on this record.
    await chart.addFacts({
      at: d(10, '12:00'),
      by: 'coordinator',
      facts: [{ kind: 'deceased', value: true, effective: d(14).toISOString().slice(0, 10) }],
    });
  },
};
