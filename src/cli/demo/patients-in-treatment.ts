// Demo patients on a course of ozone over the past weeks: sessions with their operator and supervising physician,
// orders passed with coded overrides, refused orders, adverse events, and outcomes at baseline and review point.

import type { GoalStatement } from '../../clinical/facts.ts';
import type { GoalCode } from '../../clinical/goals.ts';
import { firstVisitFacts, override, takes, weight } from './record-helpers.ts';
import type { PatientScenario } from './scenario.ts';

type Goal = GoalStatement & { readonly code: GoalCode };

const backPain: Goal = { code: 'low-back-pain', text: 'Lift my grandson without back pain' };
const tomasPlan = {
  goal: backPain,
  technique: 'paravertebral-im',
  schedule: [
    { concentrationUgPerMl: 15, gasVolumeMl: 10 },
    { concentrationUgPerMl: 20, gasVolumeMl: 10 },
  ],
  courseSessions: 8,
  programme: [
    {
      component: 'rehabilitation',
      timing: 'alongside',
      note: 'core-strengthening physiotherapy twice a week',
    },
  ],
} as const;

export const tomasBackPainResponder: PatientScenario = {
  summary:
    'Tomás, 58, chronic low back pain: first patient, waited for the approved library; responder at session 6',
  patient: { givenName: 'Tomás', familyName: 'Herrera', age: 58, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 112,
  portalAccount: true,
  shows: ['library.unapproved', 'indication.route-mismatch'],
  async beforeLibraryApproval(chart) {
    const { daysAgo: d } = chart.calendar;
    await chart.intake({
      at: d(112, '09:30'),
      goal: backPain,
      facts: firstVisitFacts(d(112, '09:30'), { weightKg: 84, heightCm: 176, haemoglobinGPerDl: 14.8 }),
    });
    // The medical director had not yet approved a library version: no plan can be checked against the template.
    await chart.refusedPlan({ at: d(111, '12:00'), ...tomasPlan });
  },
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const plan = await chart.plan({ at: d(33, '11:00'), ...tomasPlan });
    // Signed by Tomás himself in the patient portal, countersigned by the physician.
    const consent = await chart.consent({
      at: d(33, '11:30'),
      techniques: ['paravertebral-im'],
      method: 'portal',
    });
    await chart.outcome({ at: d(33, '11:45'), plan, measure: 'pain-nrs', value: 7, phase: 'baseline' });
    await chart.outcome({ at: d(33, '11:45'), plan, measure: 'odi', value: 42, phase: 'baseline' });
    const course = [
      [30, 15],
      [26, 20],
      [22, 20],
      [18, 20],
      [14, 20],
      [10, 20],
    ] as const;
    for (const [days, concentrationUgPerMl] of course) {
      await chart.treat({ plan, consent, start: d(days), values: { concentrationUgPerMl, gasVolumeMl: 10 } });
    }
    // Review point (after session 6): pain 7 → 3, ODI 42 → 24, and "much improved" in his own portal answer.
    await chart.outcome({ at: d(9), plan, measure: 'pain-nrs', value: 3, phase: 'review' });
    await chart.outcome({ at: d(9), plan, measure: 'odi', value: 24, phase: 'review' });
    await chart.outcome({
      at: d(9, '10:05'),
      plan,
      measure: 'pgic',
      value: 2,
      phase: 'review',
      by: 'patient',
    });
    await chart.reviewCourse({ at: d(9, '10:30'), plan });
    await chart.treat({ plan, consent, start: d(6), values: { concentrationUgPerMl: 20, gasVolumeMl: 10 } });
  },
};

export const franciscoKneeNonResponder: PatientScenario = {
  summary:
    'Francisco, 70, knee osteoarthritis: no response after six injections, a seventh ordered against advice',
  patient: { givenName: 'Francisco', familyName: 'Gómez', age: 70, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 52,
  shows: [
    'dose.concentration-above-hard-max',
    'dose.concentration-above-soft-max',
    'dose.volume-above-hard-max',
    'course.non-responder',
    'course.sessions-exceeded',
  ],
  async story(chart) {
    const { daysAgo: d, hoursAgo } = chart.calendar;
    await chart.intake({
      at: d(52, '09:30'),
      goal: { code: 'knee-osteoarthritis', text: 'Walk the dog without knee pain' },
      facts: firstVisitFacts(d(52, '09:30'), { weightKg: 86, heightCm: 172, haemoglobinGPerDl: 14.1 }),
    });
    const plan = await chart.plan({
      at: d(52, '11:00'),
      goal: { code: 'knee-osteoarthritis', text: 'Walk the dog without knee pain' },
      technique: 'intra-articular',
      schedule: [
        { concentrationUgPerMl: 10, gasVolumeMl: 10 },
        { concentrationUgPerMl: 15, gasVolumeMl: 10 },
        { concentrationUgPerMl: 20, gasVolumeMl: 10 },
      ],
      courseSessions: 6,
      programme: [
        { component: 'rehabilitation', timing: 'alongside', note: 'quadriceps strengthening' },
        { component: 'regenerative-care', timing: 'after', note: 'PRP if no response at the review point' },
      ],
    });
    const consent = await chart.consent({
      at: d(52, '11:30'),
      techniques: ['intra-articular'],
      method: 'wet-ink',
    });
    await chart.outcome({ at: d(52, '11:45'), plan, measure: 'pain-nrs', value: 6.5, phase: 'baseline' });
    await chart.outcome({ at: d(52, '11:45'), plan, measure: 'koos-subscale', value: 42, phase: 'baseline' });

    // 45 typed for 15: above the hard maximum of 40 µg/mL, refused; re-ordered at 10 as planned.
    await chart.refusedOrder({
      at: d(49, '09:20'),
      plan,
      values: { concentrationUgPerMl: 45, gasVolumeMl: 10 },
    });
    await chart.treat({ plan, consent, start: d(49), values: { concentrationUgPerMl: 10, gasVolumeMl: 10 } });
    await chart.treat({ plan, consent, start: d(42), values: { concentrationUgPerMl: 15, gasVolumeMl: 10 } });
    await chart.treat({ plan, consent, start: d(35), values: { concentrationUgPerMl: 20, gasVolumeMl: 10 } });
    const aboveUsual = [
      override(
        'dose.concentration-above-soft-max',
        'titration-plan',
        'No change at 20 µg/mL: one step above the usual range',
      ),
    ];
    const stronger = { concentrationUgPerMl: 25, gasVolumeMl: 10 };
    await chart.treat({ plan, consent, start: d(28), values: stronger, overrides: aboveUsual });
    // 35 mL of gas is above the knee's hard maximum of 30 mL: refused.
    await chart.refusedOrder({
      at: d(21, '09:20'),
      plan,
      values: { concentrationUgPerMl: 25, gasVolumeMl: 35 },
    });
    await chart.treat({ plan, consent, start: d(21), values: stronger, overrides: aboveUsual });
    await chart.treat({ plan, consent, start: d(14), values: stronger, overrides: aboveUsual });

    // Review point: pain 6.5 → 6 and KOOS 42 → 45 miss their MCIDs; the engine recommends stopping.
    await chart.outcome({ at: d(8), plan, measure: 'pain-nrs', value: 6, phase: 'review' });
    await chart.outcome({ at: d(8), plan, measure: 'koos-subscale', value: 45, phase: 'review' });
    await chart.reviewCourse({ at: d(8, '10:30'), plan });
    const informedChoice = 'Told that stopping is recommended; chooses one last injection before PRP';
    await chart.order({
      at: hoursAgo(3),
      plan,
      values: { concentrationUgPerMl: 20, gasVolumeMl: 10 },
      overrides: [
        override('course.non-responder', 'patient-informed-choice', informedChoice),
        override('course.sessions-exceeded', 'patient-informed-choice', informedChoice),
      ],
    });
  },
};

export const karimFootUlcerReassessmentDue: PatientScenario = {
  summary: 'Karim, 52, diabetic foot ulcer, G6PD-deficient, on insulin: limb bag only; wound review overdue',
  patient: { givenName: 'Karim', familyName: 'Haddad', age: 52, sex: 'male', preferredLanguage: 'en' },
  registeredDaysAgo: 41,
  shows: [
    'contraindication.g6pd-deficiency',
    'caution.hypoglycemia-risk',
    'dose.duration-below-soft-min',
    'dose.duration-above-soft-max',
    'dose.duration-above-hard-max',
    'course.reassessment-due',
  ],
  async story(chart) {
    const { daysAgo: d, hoursAgo } = chart.calendar;
    const goal: Goal = { code: 'diabetic-foot-ulcer', text: 'Heal the ulcer under my right big toe' };
    await chart.intake({
      at: d(41, '09:30'),
      goal,
      facts: [
        ...firstVisitFacts(
          d(41, '09:30'),
          { weightKg: 95, heightCm: 180, haemoglobinGPerDl: 13.5 },
          'deficient',
        ),
        takes('insulin', 'insulin glargine', d(2200)),
      ],
    });
    // G6PD deficiency stops systemic ozone outright.
    await chart.refusedPlan({
      at: d(41, '11:00'),
      goal,
      technique: 'mah',
      schedule: [{ concentrationUgPerMl: 20, gasVolumeMl: 100, bloodVolumeMl: 100 }],
      courseSessions: 10,
    });
    const plan = await chart.plan({
      at: d(41, '11:30'),
      goal,
      technique: 'bagging',
      schedule: [
        { concentrationUgPerMl: 30, durationMin: 2 },
        { concentrationUgPerMl: 30, durationMin: 10 },
        { concentrationUgPerMl: 40, durationMin: 15 },
      ],
      courseSessions: 12,
      programme: [
        { component: 'hyperbaric-oxygen', timing: 'alongside', note: 'wound clinic' },
        { component: 'rehabilitation', timing: 'alongside', note: 'offloading boot; weekly podiatry' },
      ],
    });
    const consent = await chart.consent({ at: d(41, '12:00'), techniques: ['bagging'], method: 'wet-ink' });
    await chart.outcome({ at: d(39, '09:45'), plan, measure: 'wound-area', value: 6.2, phase: 'baseline' });

    const topicalOnly = override(
      'contraindication.g6pd-deficiency',
      'specialist-advice',
      'Haematology: topical gas bath acceptable, no systemic ozone',
    );
    const bag = (concentrationUgPerMl: number, durationMin: number) => ({
      concentrationUgPerMl,
      durationMin,
    });
    await chart.treat({
      plan,
      consent,
      start: d(38),
      values: bag(30, 2),
      overrides: [
        topicalOnly,
        override(
          'dose.duration-below-soft-min',
          'titration-plan',
          'First exposure: two minutes to check skin tolerance',
        ),
      ],
    });
    await chart.treat({ plan, consent, start: d(35), values: bag(30, 10), overrides: [topicalOnly] });
    await chart.treat({ plan, consent, start: d(31), values: bag(40, 15), overrides: [topicalOnly] });
    await chart.treat({ plan, consent, start: d(28), values: bag(40, 15), overrides: [topicalOnly] });
    await chart.treat({
      plan,
      consent,
      start: d(24),
      values: bag(40, 25),
      overrides: [
        topicalOnly,
        override(
          'dose.duration-above-soft-max',
          'specialist-advice',
          'Wound team: slough on the wound bed this week',
        ),
      ],
    });
    // 35 minutes is above the 30-minute hard maximum of a limb bag: refused, re-ordered at 20.
    await chart.refusedOrder({ at: d(21, '09:20'), plan, values: bag(40, 35), overrides: [topicalOnly] });
    for (const days of [21, 17, 14]) {
      await chart.treat({ plan, consent, start: d(days), values: bag(40, 20), overrides: [topicalOnly] });
    }
    // Four weeks after the first session the wound must be measured again before the next session.
    await chart.refusedOrder({ at: hoursAgo(3), plan, values: bag(40, 20), overrides: [topicalOnly] });
    await chart.reviewCourse({ at: hoursAgo(3), plan });
  },
};

export const rosaHeelUlcerExpiredConsent: PatientScenario = {
  summary:
    'Rosa, 66, diabetic heel ulcer, anaemic, epileptic, on insulin: last year’s paper consent had expired',
  patient: { givenName: 'Rosa', familyName: 'Jiménez', age: 66, sex: 'female', preferredLanguage: 'es' },
  registeredDaysAgo: 9,
  shows: [
    'contraindication.seizure-disorder',
    'caution.anemia',
    'dose.blood-volume-below-soft-min',
    'dose.volume-below-soft-min',
    'consent.expired',
  ],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal: Goal = { code: 'diabetic-foot-ulcer', text: 'Heal the wound on my left heel' };
    await chart.intake({
      at: d(9, '09:30'),
      goal,
      facts: [
        ...firstVisitFacts(d(9, '09:30'), { weightKg: 68, heightCm: 160, haemoglobinGPerDl: 9.6 }),
        takes('insulin', 'insulin lispro', d(3000)),
        {
          kind: 'seizureDisorder',
          value: true,
          effective: chart.calendar.daysAgo(5200).toISOString().slice(0, 10),
        },
      ],
    });
    // A paper consent she signed 13 months ago for a course she then postponed, entered into the record today.
    const paperConsent = await chart.consent({
      at: d(9, '10:00'),
      signedAt: d(396),
      techniques: ['mah'],
      method: 'wet-ink',
    });
    const plan = await chart.plan({
      at: d(9, '11:00'),
      goal,
      technique: 'mah',
      schedule: [{ concentrationUgPerMl: 20, gasVolumeMl: 40, bloodVolumeMl: 40 }],
      courseSessions: 10,
      programme: [
        { component: 'rehabilitation', timing: 'alongside', note: 'offloading and podiatry wound care' },
      ],
    });
    await chart.outcome({ at: d(9, '11:15'), plan, measure: 'wound-area', value: 4.1, phase: 'baseline' });
    const reducedWithdrawal = 'Haemoglobin 9.6 g/dL: withdrawal reduced to 40 mL, gas matched 1:1';
    const order = await chart.order({
      at: d(1, '09:30'),
      plan,
      values: { concentrationUgPerMl: 20, gasVolumeMl: 40, bloodVolumeMl: 40 },
      overrides: [
        override('caution.anemia', 'other', reducedWithdrawal),
        override('dose.blood-volume-below-soft-min', 'other', reducedWithdrawal),
        override('dose.volume-below-soft-min', 'other', reducedWithdrawal),
        override(
          'contraindication.seizure-disorder',
          'specialist-advice',
          'Seizure-free for 14 years on levetiracetam; her neurologist agrees',
        ),
      ],
    });
    const draft = await chart.refusedSession({ order, start: d(1), consent: paperConsent });
    const renewed = await chart.consent({ at: d(1, '10:10'), techniques: ['mah'], method: 'electronic' });
    await chart.completeSession(draft, {
      start: d(1, '10:40'),
      consent: renewed,
      notes: 'Had breakfast (insulin). Reinfused over 15 minutes.',
    });
  },
};

export const pedroClaudicationUnreviewedReaction: PatientScenario = {
  summary:
    'Pedro, 63, intermittent claudication on MAH: a grade 2 reaction last week awaits physician review',
  patient: { givenName: 'Pedro', familyName: 'Navarro', age: 63, sex: 'male', preferredLanguage: 'es' },
  registeredDaysAgo: 45,
  shows: [
    'indication.weak-evidence',
    'dose.required-value-missing',
    'dose.blood-volume-above-soft-max',
    'dose.blood-volume-above-limit',
    'dose.escalation-after-adverse-event',
    'dose.interval-too-short',
    'course.adverse-event-unreviewed',
  ],
  async story(chart) {
    const { daysAgo: d, hoursAgo } = chart.calendar;
    const goal: Goal = { code: 'peripheral-arterial-disease', text: 'Walk to the bakery without stopping' };
    // The scale was out of order at his first visit: no weight, so no blood volume limit can be worked out.
    await chart.intake({
      at: d(45, '09:30'),
      goal,
      facts: firstVisitFacts(d(45, '09:30'), { heightCm: 178, haemoglobinGPerDl: 14.2 }),
    });
    const mahPlan = {
      goal,
      technique: 'mah',
      schedule: [
        { concentrationUgPerMl: 20, gasVolumeMl: 150, bloodVolumeMl: 150 },
        { concentrationUgPerMl: 25, gasVolumeMl: 150, bloodVolumeMl: 150 },
        { concentrationUgPerMl: 30, gasVolumeMl: 200, bloodVolumeMl: 200 },
      ],
      courseSessions: 12,
      programme: [
        { component: 'rehabilitation', timing: 'alongside', note: 'supervised walking, three times a week' },
      ],
    } as const;
    await chart.refusedPlan({ at: d(45, '11:00'), ...mahPlan });
    await chart.addFacts({ at: d(44, '09:00'), facts: [weight(d(44, '09:00'), 92)] });
    const plan = await chart.plan({ at: d(44, '10:00'), ...mahPlan });
    const consent = await chart.consent({ at: d(44, '10:30'), techniques: ['mah'], method: 'wet-ink' });
    await chart.outcome({
      at: d(44, '10:45'),
      plan,
      measure: 'pain-free-walking-time',
      value: 95,
      phase: 'baseline',
    });
    await chart.outcome({
      at: d(44, '10:45'),
      plan,
      measure: 'peak-walking-time',
      value: 210,
      phase: 'baseline',
    });

    const mah = (concentrationUgPerMl: number, gasVolumeMl: number, bloodVolumeMl: number) => ({
      concentrationUgPerMl,
      gasVolumeMl,
      bloodVolumeMl,
    });
    await chart.treat({ plan, consent, start: d(42), values: mah(20, 150, 150) });
    await chart.treat({ plan, consent, start: d(39), values: mah(25, 150, 150) });
    await chart.treat({ plan, consent, start: d(36), values: mah(30, 200, 200) });
    await chart.treat({
      plan,
      consent,
      start: d(33),
      values: mah(30, 200, 220),
      overrides: [override('dose.blood-volume-above-soft-max', 'prior-tolerance', 'Tolerated 200 mL twice')],
    });
    // 260 mL is above the MAH hard maximum of 250 mL: refused.
    await chart.refusedOrder({ at: d(30, '09:20'), plan, values: mah(30, 200, 260) });
    const bruised = await chart.treat({ plan, consent, start: d(30), values: mah(30, 200, 200) });
    const bruise = await chart.adverseEvent({
      session: bruised,
      at: d(30, '11:00'),
      grade: 1,
      description: 'Bruise at the puncture site',
    });
    await chart.reviewAdverseEvent({
      at: d(29, '09:00'),
      event: bruise,
      note: 'Minor; continue at the same dose',
    });
    // Any rise after a session with an adverse event is stopped, however small.
    await chart.refusedOrder({ at: d(29, '16:30'), plan, values: mah(35, 200, 200) });
    await chart.treat({
      plan,
      consent,
      start: d(29, '17:00'),
      values: mah(30, 200, 200),
      overrides: [
        override(
          'dose.interval-too-short',
          'patient-informed-choice',
          'Flies home tomorrow for two weeks; session brought forward',
        ),
      ],
    });
    await chart.treat({ plan, consent, start: d(13), values: mah(35, 200, 200) });
    const faint = await chart.treat({ plan, consent, start: d(6), values: mah(35, 200, 200) });
    await chart.adverseEvent({
      session: faint,
      at: d(6, '10:50'),
      grade: 2,
      description: 'Vasovagal reaction during reinfusion: BP 85/50, resolved lying flat within 10 minutes',
    });
    // Not reviewed by a physician yet: the next order stops until it is.
    await chart.refusedOrder({ at: hoursAgo(3), plan, values: mah(35, 200, 200) });
  },
};

export const beatrizRecoveryGradeThreeReaction: PatientScenario = {
  summary:
    'Beatriz, 60, recovery after hip replacement: escalated too fast, grade 3 reaction, now ozone-intolerant',
  patient: { givenName: 'Beatriz', familyName: 'Romero', age: 60, sex: 'female', preferredLanguage: 'es' },
  registeredDaysAgo: 28,
  shows: ['dose.escalation-too-fast', 'contraindication.ozone-intolerance'],
  async story(chart) {
    const { daysAgo: d } = chart.calendar;
    const goal: Goal = { code: 'recovery-support', text: 'Get my energy back after my hip replacement' };
    await chart.intake({
      at: d(28, '09:30'),
      goal,
      facts: firstVisitFacts(d(28, '09:30'), { weightKg: 64, heightCm: 163, haemoglobinGPerDl: 12.8 }),
    });
    const plan = await chart.plan({
      at: d(28, '11:00'),
      goal,
      technique: 'rectal-insufflation',
      schedule: [
        { concentrationUgPerMl: 10, gasVolumeMl: 150 },
        { concentrationUgPerMl: 15, gasVolumeMl: 150 },
        { concentrationUgPerMl: 20, gasVolumeMl: 200 },
      ],
      courseSessions: 10,
      programme: [{ component: 'rehabilitation', timing: 'alongside', note: 'hip physiotherapy' }],
    });
    const consent = await chart.consent({
      at: d(28, '11:30'),
      techniques: ['rectal-insufflation'],
      method: 'wet-ink',
    });
    await chart.treat({
      plan,
      consent,
      start: d(26),
      values: { concentrationUgPerMl: 10, gasVolumeMl: 150 },
    });
    await chart.treat({
      plan,
      consent,
      start: d(24),
      values: { concentrationUgPerMl: 10, gasVolumeMl: 150 },
    });
    const jump = await chart.treat({
      plan,
      consent,
      start: d(22),
      values: { concentrationUgPerMl: 20, gasVolumeMl: 200 },
      overrides: [
        override(
          'dose.escalation-too-fast',
          'patient-informed-choice',
          'Asked to reach the planned dose sooner',
        ),
      ],
    });
    const reaction = await chart.adverseEvent({
      session: jump,
      at: d(22, '10:45'),
      grade: 3,
      description:
        'Severe abdominal cramps and vasovagal syncope; observed four hours in the emergency department',
    });
    await chart.reviewAdverseEvent({
      at: d(21, '09:00'),
      event: reaction,
      note: 'Grade 3: no further ozone',
    });
    await chart.closePlan({
      at: d(21, '09:15'),
      plan,
      reason: 'stopped',
      note: 'grade 3 reaction after a fast escalation',
    });
    // Screened again: the grade 3 reaction now counts as ozone intolerance for every technique.
    await chart.rescreen(d(21, '09:20'));
  },
};
