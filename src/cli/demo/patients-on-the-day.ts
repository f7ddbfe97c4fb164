// Demo patients stopped on the day of a session: the order was fine, but the consent, the staffing or the patient's
// state that morning was not. The day-of check stays on the draft session and the refused signature is audited.

import { OZONE_THERAPY_CREDENTIAL } from '../../clinical/techniques.ts';
import { firstVisitFacts, override } from './record-helpers.ts';
import type { PatientScenario } from './scenario.ts';

export const lauraNeckPainConsentDoesNotCover: PatientScenario = {
  summary:
    'Laura, 62, neck and shoulder pain: consented to subcutaneous injections, not to the paravertebral ones',
  patient: { givenName: 'Laura', familyName: 'Pérez', age: 62, sex: 'female', preferredLanguage: 'es' },
  registeredDaysAgo: 19,
  shows: ['dose.concentration-below-soft-min', 'consent.technique-not-covered'],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal = { code: 'musculoskeletal-pain', text: 'Turn my head while driving' } as const;
    await chart.intake({
      at: d(19, '09:30'),
      goal,
      facts: firstVisitFacts(d(19, '09:30'), { weightKg: 58, heightCm: 160, haemoglobinGPerDl: 13.2 }),
    });
    const subcutaneous = await chart.plan({
      at: d(19, '11:00'),
      goal,
      technique: 'subcutaneous',
      schedule: [
        { concentrationUgPerMl: 4, gasVolumeMl: 20 },
        { concentrationUgPerMl: 8, gasVolumeMl: 20 },
      ],
      courseSessions: 8,
      programme: [{ component: 'rehabilitation', timing: 'alongside', note: 'neck physiotherapy' }],
    });
    const consent = await chart.consent({
      at: d(19, '11:30'),
      techniques: ['subcutaneous'],
      method: 'electronic',
    });
    await chart.outcome({
      at: d(19, '11:45'),
      plan: subcutaneous,
      measure: 'pain-nrs',
      value: 6,
      phase: 'baseline',
    });
    await chart.treat({
      plan: subcutaneous,
      consent,
      start: d(17),
      values: { concentrationUgPerMl: 4, gasVolumeMl: 20 },
      overrides: [
        override(
          'dose.concentration-below-soft-min',
          'titration-plan',
          'Anxious about injections: first session below range',
        ),
      ],
    });
    await chart.treat({
      plan: subcutaneous,
      consent,
      start: d(13),
      values: { concentrationUgPerMl: 8, gasVolumeMl: 20 },
    });
    // Her low back now hurts too: a paravertebral plan, but the consent she signed covers subcutaneous injections only.
    const paravertebral = await chart.plan({
      at: d(6, '11:00'),
      goal,
      technique: 'paravertebral-im',
      schedule: [{ concentrationUgPerMl: 15, gasVolumeMl: 10 }],
      courseSessions: 4,
    });
    const order = await chart.order({
      at: d(1, '09:30'),
      plan: paravertebral,
      values: { concentrationUgPerMl: 15, gasVolumeMl: 10 },
    });
    await chart.refusedSession({ order, start: d(1), consent, notes: 'Waiting for a paravertebral consent' });
  },
};

export const diegoBackPainWithdrewConsent: PatientScenario = {
  summary:
    'Diego, 47, low back pain: three-level infiltration, then withdrew his consent before today’s session',
  patient: { givenName: 'Diego', familyName: 'Martín', age: 47, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 17,
  shows: [
    'dose.volume-above-soft-max',
    'dose.total-above-soft-max',
    'dose.total-above-hard-max',
    'consent.expired',
  ],
  async story(chart) {
    const { daysAgo: d, hoursAgo } = chart.calendar;
    const goal = { code: 'low-back-pain', text: 'Get back to five-a-side football' } as const;
    await chart.intake({
      at: d(17, '09:30'),
      goal,
      facts: firstVisitFacts(d(17, '09:30'), { weightKg: 90, heightCm: 185, haemoglobinGPerDl: 15.1 }),
    });
    const plan = await chart.plan({
      at: d(17, '11:00'),
      goal,
      technique: 'paravertebral-im',
      schedule: [{ concentrationUgPerMl: 20, gasVolumeMl: 45 }],
      courseSessions: 8,
      programme: [{ component: 'rehabilitation', timing: 'alongside', note: 'McKenzie exercises' }],
    });
    const consent = await chart.consent({
      at: d(17, '11:30'),
      techniques: ['paravertebral-im'],
      method: 'wet-ink',
    });
    await chart.outcome({ at: d(17, '11:45'), plan, measure: 'pain-nrs', value: 7, phase: 'baseline' });
    // 25 µg/mL × 50 mL = 1,250 µg: each value only above its usual range, the total above the hard maximum.
    await chart.refusedOrder({
      at: d(15, '09:20'),
      plan,
      values: { concentrationUgPerMl: 25, gasVolumeMl: 50 },
    });
    const threeLevels = 'Three-level L3–S1 paravertebral infiltration';
    const wide = [
      override('dose.volume-above-soft-max', 'specialist-advice', threeLevels),
      override('dose.total-above-soft-max', 'specialist-advice', threeLevels),
    ];
    const values = { concentrationUgPerMl: 20, gasVolumeMl: 45 };
    await chart.treat({ plan, consent, start: d(15), values, overrides: wide });
    await chart.treat({ plan, consent, start: d(11), values, overrides: wide });
    const booked = await chart.order({ at: d(8, '12:00'), plan, values, overrides: wide });
    await chart.withdrawConsent({
      at: d(5, '16:00'),
      consent,
      reason: 'Prefers to go on with physiotherapy alone',
    });
    await chart.refusedSession({ order: booked, start: hoursAgo(2), consent });
  },
};

export const liamDiscHerniationIntradiscal: PatientScenario = {
  summary:
    'Liam, 44, from Dublin, lumbar disc herniation: intradiscal session stopped until properly staffed',
  patient: {
    givenName: 'Liam',
    familyName: 'Byrne',
    age: 44,
    sex: 'male',
    preferredLanguage: 'en',
    stay: { arrivalDaysAgo: 11, departureInDays: 4 },
  },
  registeredDaysAgo: 11,
  shows: [
    'oversight.no-supervising-physician',
    'oversight.operator-not-credentialed',
    'procedure.image-guidance-required',
  ],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal = { code: 'low-back-pain', text: 'Get rid of the sciatica down my left leg' } as const;
    await chart.intake({
      at: d(11, '09:30'),
      goal,
      facts: firstVisitFacts(d(11, '09:30'), { weightKg: 80, heightCm: 178, haemoglobinGPerDl: 14.6 }),
    });
    const plan = await chart.plan({
      at: d(10, '11:00'),
      goal,
      technique: 'intradiscal',
      schedule: [{ concentrationUgPerMl: 27, gasVolumeMl: 3 }],
      courseSessions: 2,
      programme: [{ component: 'rehabilitation', timing: 'after', note: 'physiotherapy at home in Dublin' }],
    });
    const consent = await chart.consent({
      at: d(10, '11:30'),
      techniques: ['intradiscal'],
      method: 'wet-ink',
    });
    await chart.outcome({ at: d(10, '11:45'), plan, measure: 'pain-nrs', value: 8, phase: 'baseline' });
    await chart.outcome({ at: d(10, '11:45'), plan, measure: 'odi', value: 48, phase: 'baseline' });
    const order = await chart.order({
      at: d(3, '09:30'),
      plan,
      values: { concentrationUgPerMl: 27, gasVolumeMl: 3 },
    });
    // Set up by the nurse alone: no supervising physician, no intradiscal credential, no image guidance.
    const draft = await chart.refusedSession({
      order,
      start: d(3),
      consent,
      operator: 'nurse',
      supervisor: null,
      imageGuidance: false,
    });
    await chart.completeSession(draft, {
      start: d(3, '11:00'),
      consent,
      operator: 'physician',
      operatorCredentials: [OZONE_THERAPY_CREDENTIAL, 'intradiscal-procedures'],
      supervisor: 'medical-director',
      imageGuidance: true,
      notes: 'CT-guided, L4–L5.',
    });
  },
};

export const ramonKneeConsentNotCountersigned: PatientScenario = {
  summary: 'Ramón, 64, knee osteoarthritis: signed his consent online, no physician has countersigned it yet',
  patient: { givenName: 'Ramón', familyName: 'Iglesias', age: 64, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 6,
  shows: ['consent.missing'],
  async story(chart) {
    const { daysAgo: d, hoursAgo } = chart.calendar;
    const goal = { code: 'knee-osteoarthritis', text: 'Play petanque again' } as const;
    await chart.intake({
      at: d(6, '09:30'),
      goal,
      facts: firstVisitFacts(d(6, '09:30'), { weightKg: 77, heightCm: 169, haemoglobinGPerDl: 14.4 }),
    });
    const plan = await chart.plan({
      at: d(6, '11:00'),
      goal,
      technique: 'intra-articular',
      schedule: [
        { concentrationUgPerMl: 10, gasVolumeMl: 10 },
        { concentrationUgPerMl: 15, gasVolumeMl: 10 },
        { concentrationUgPerMl: 20, gasVolumeMl: 10 },
      ],
      courseSessions: 6,
    });
    await chart.outcome({ at: d(6, '11:45'), plan, measure: 'pain-nrs', value: 7, phase: 'baseline' });
    const consent = await chart.consent({
      at: d(2, '18:00'),
      techniques: ['intra-articular'],
      method: 'electronic',
      countersignedAt: null,
    });
    const order = await chart.order({
      at: hoursAgo(3),
      plan,
      values: { concentrationUgPerMl: 10, gasVolumeMl: 10 },
    });
    await chart.refusedSession({
      order,
      start: hoursAgo(2),
      consent,
      notes: 'Waiting for the countersignature',
    });
  },
};

export const luisBackPainIntoxicated: PatientScenario = {
  summary: 'Luis, 50, low back pain: arrived for his third session intoxicated and was sent home',
  patient: { givenName: 'Luis', familyName: 'Moreno', age: 50, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 13,
  shows: ['contraindication.acute-intoxication'],
  async story(chart) {
    const { daysAgo: d, hoursAgo } = chart.calendar;
    const goal = { code: 'low-back-pain', text: 'Sit through a working day without back pain' } as const;
    await chart.intake({
      at: d(13, '09:30'),
      goal,
      facts: firstVisitFacts(d(13, '09:30'), { weightKg: 88, heightCm: 175, haemoglobinGPerDl: 15.0 }),
    });
    const plan = await chart.plan({
      at: d(13, '11:00'),
      goal,
      technique: 'paravertebral-im',
      schedule: [
        { concentrationUgPerMl: 15, gasVolumeMl: 10 },
        { concentrationUgPerMl: 20, gasVolumeMl: 10 },
      ],
      courseSessions: 8,
    });
    const consent = await chart.consent({
      at: d(13, '11:30'),
      techniques: ['paravertebral-im'],
      method: 'wet-ink',
    });
    await chart.outcome({ at: d(13, '11:45'), plan, measure: 'pain-nrs', value: 6, phase: 'baseline' });
    await chart.treat({ plan, consent, start: d(9), values: { concentrationUgPerMl: 15, gasVolumeMl: 10 } });
    await chart.treat({ plan, consent, start: d(5), values: { concentrationUgPerMl: 20, gasVolumeMl: 10 } });
    const order = await chart.order({
      at: hoursAgo(4),
      plan,
      values: { concentrationUgPerMl: 20, gasVolumeMl: 10 },
    });
    // On arrival: smelled of alcohol, slurred speech. The nurse records it, and screening runs again at once.
    await chart.addFacts({
      at: hoursAgo(3),
      facts: [{ kind: 'alcoholIntoxication', value: true, effective: hoursAgo(3).toISOString() }],
    });
    await chart.refusedSession({
      order,
      start: hoursAgo(2),
      consent,
      notes: 'Breath alcohol 0.6 mg/L; sent home by taxi, session rebooked',
    });
  },
};
