// Every rule id of SPEC-CLINICAL §6 (stable identifiers: add freely, never rename or renumber), with its default
// severities as the spec states them and its source. docs/rules/<id>.md documents each one; a test keeps them in step.

import type { SourceId } from './sources.ts';

export interface RuleDefinition {
  readonly id: string;
  readonly family: 'screening' | 'order' | 'session' | 'course';
  readonly firesWhen: string;
  /** Default severities, in the words of SPEC-CLINICAL §6. */
  readonly severities: string;
  readonly source: SourceId;
  /** True for rules o3care adds beyond SPEC-CLINICAL §6 (documented in docs/decisions/). */
  readonly addedByO3care?: boolean;
}

const rules = [
  // Screening rules (patient level)
  {
    id: 'route.prohibited',
    family: 'screening',
    firesWhen:
      'the technique is in the prohibited category (inhalation, direct IV/intra-arterial gas, HBO3 multipass, high-dose ozone, intraperitoneal)',
    severities: 'hard-stop for every technique; no role, configuration or override can lift it',
    source: 'cfr-801-415',
  },
  {
    id: 'route.disabled-by-clinic',
    family: 'screening',
    firesWhen: 'the technique is not enabled in the approved library (EBOO and ozonated saline by default)',
    severities: 'hard-stop',
    source: 'governance',
  },
  {
    id: 'indication.undefined',
    family: 'screening',
    firesWhen: 'no goal is recorded, or the goal is `other` without a free-text description',
    severities: 'hard-stop for orders; warning on screening',
    source: 'seed-stance',
  },
  {
    id: 'indication.route-mismatch',
    family: 'screening',
    firesWhen: "the technique is not in the goal's list of fitting techniques",
    severities: 'warning',
    source: 'seed-stance',
  },
  {
    id: 'indication.weak-evidence',
    family: 'screening',
    firesWhen: "the goal's evidence grade is very low or insufficient",
    severities: 'info',
    source: 'serra-2023-egm',
  },
  {
    id: 'fundamentals.unaddressed',
    family: 'screening',
    firesWhen:
      'an intake is known and sleep, metabolic health, movement, diagnostics, rehabilitation or inflammatory drivers were not assessed',
    severities: 'warning',
    source: 'seed-stance',
  },
  {
    id: 'contraindication.g6pd-deficiency',
    family: 'screening',
    firesWhen: 'G6PD deficiency is diagnosed or a G6PD activity result is low',
    severities: 'hard-stop (systemic); warning (injection, topical)',
    source: 'iss-2020',
  },
  {
    id: 'screening.g6pd-unknown',
    family: 'screening',
    firesWhen: 'G6PD status is unknown',
    severities: 'systemic only: hard-stop for orders; warning on screening',
    source: 'iss-2020',
  },
  {
    id: 'contraindication.pregnancy',
    family: 'screening',
    firesWhen:
      'the patient is pregnant (active condition, pregnancy status or a positive hCG inside its window)',
    severities: 'hard-stop (systemic, injection); warning (topical)',
    source: 'pregnancy-conflict',
  },
  {
    id: 'screening.pregnancy-unknown',
    family: 'screening',
    firesWhen: 'a female patient aged 12–55 has no pregnancy status or test inside its window (7 days)',
    severities: 'systemic and injection: hard-stop for orders; warning on screening',
    source: 'pregnancy-conflict',
  },
  {
    id: 'contraindication.hyperthyroidism',
    family: 'screening',
    firesWhen:
      'active hyperthyroidism: TSH < 0.1 mIU/L with free T4 above range, or marked uncontrolled, → hard-stop (systemic); otherwise a hyperthyroidism diagnosis → warning "confirm control"',
    severities: 'hard-stop / warning (systemic); warning (injection)',
    source: 'iss-2020',
  },
  {
    id: 'contraindication.thrombocytopenia',
    family: 'screening',
    firesWhen:
      'platelets below the configured threshold (default 50 ×10^9/L) or a thrombocytopenia diagnosis',
    severities:
      'hard-stop (blood techniques); warning (insufflation); hard-stop (deep injection); warning (other injections)',
    source: 'thrombocytopenia-threshold',
  },
  {
    id: 'contraindication.coagulopathy',
    family: 'screening',
    firesWhen: 'a coagulation disorder is diagnosed, or INR > 3.0',
    severities: 'warning (blood techniques); hard-stop (deep injection); warning (other injections)',
    source: 'contraindication-sources',
  },
  {
    id: 'contraindication.anticoagulant',
    family: 'screening',
    firesWhen: 'the patient takes an anticoagulant or antiplatelet drug',
    severities:
      'warning (blood techniques); warning (injection); hard-stop for deep injection on a vitamin K antagonist without a recent INR ≤ 1.5',
    source: 'contraindication-sources',
  },
  {
    id: 'contraindication.recent-mi',
    family: 'screening',
    firesWhen: 'a myocardial infarction within the last 183 days',
    severities: 'hard-stop (systemic); warning (injection)',
    source: 'iss-2020',
  },
  {
    id: 'contraindication.cardiovascular-instability',
    family: 'screening',
    firesWhen: 'unstable angina, or acute or acute-on-chronic heart failure, is active',
    severities: 'hard-stop (systemic); warning (injection)',
    source: 'contraindication-sources',
  },
  {
    id: 'contraindication.seizure-disorder',
    family: 'screening',
    firesWhen: 'active epilepsy or a seizure history',
    severities: 'warning (systemic)',
    source: 'contraindication-sources',
  },
  {
    id: 'contraindication.acute-intoxication',
    family: 'screening',
    firesWhen: 'alcohol intoxication recorded on the session day',
    severities: 'hard-stop (systemic, injection, topical)',
    source: 'contraindication-sources',
  },
  {
    id: 'contraindication.ozone-intolerance',
    family: 'screening',
    firesWhen: 'a recorded ozone intolerance, or a prior adverse event of grade 3 or more',
    severities: 'hard-stop (systemic, injection); warning (topical)',
    source: 'contraindication-sources',
  },
  {
    id: 'caution.ace-inhibitor',
    family: 'screening',
    firesWhen: 'the patient takes an ACE inhibitor',
    severities: 'info (major autohemotherapy only: slow reinfusion, monitor blood pressure)',
    source: 'ace-inhibitor-mah',
  },
  {
    id: 'caution.anemia',
    family: 'screening',
    firesWhen: 'haemoglobin below 10 g/dL',
    severities: 'warning (blood techniques)',
    source: 'iss-2020',
  },
  {
    id: 'caution.hypoglycemia-risk',
    family: 'screening',
    firesWhen: 'the patient takes insulin or a sulfonylurea',
    severities: 'info (systemic: eat before the session)',
    source: 'contraindication-sources',
  },
  {
    id: 'expectations.unrealistic',
    family: 'screening',
    firesWhen: 'the intake records an expectation of cure',
    severities: 'warning',
    source: 'seed-stance',
  },
  {
    id: 'resilience.high-oxidative-burden',
    family: 'screening',
    firesWhen: 'the clinician records a high oxidative-stress burden or unstable medical issues',
    severities: 'warning (systemic, injection)',
    source: 'low-dose-concept',
  },
  {
    id: 'record.patient-deceased',
    family: 'screening',
    firesWhen: 'the record says the patient has died (Patient.deceased)',
    severities: 'hard-stop for every technique',
    source: 'governance',
    addedByO3care: true,
  },
  // Order and session rules
  {
    id: 'library.unapproved',
    family: 'order',
    firesWhen: 'there is no approved library version',
    severities: 'hard-stop',
    source: 'governance',
  },
  {
    id: 'dose.concentration-above-hard-max',
    family: 'order',
    firesWhen: "the concentration (µg/mL) is above the entry's hard maximum",
    severities: 'hard-stop',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.concentration-above-soft-max',
    family: 'order',
    firesWhen: 'the concentration is above the soft range',
    severities: 'warning',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.concentration-below-soft-min',
    family: 'order',
    firesWhen: 'the concentration is below the soft range (too little challenge to expect a response)',
    severities: 'warning',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.volume-above-hard-max',
    family: 'order',
    firesWhen: "the gas volume (mL) is above the entry's hard maximum",
    severities: 'hard-stop',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.volume-above-soft-max',
    family: 'order',
    firesWhen: 'the gas volume is above the soft range',
    severities: 'warning',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.volume-below-soft-min',
    family: 'order',
    firesWhen: 'the gas volume is below the soft range',
    severities: 'warning',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.total-above-hard-max',
    family: 'order',
    firesWhen: "the total ozone (concentration × gas volume, µg) is above the entry's hard maximum",
    severities: 'hard-stop',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.total-above-soft-max',
    family: 'order',
    firesWhen: 'the total ozone is above the soft maximum',
    severities: 'warning',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.blood-volume-above-limit',
    family: 'order',
    firesWhen: "the blood volume is above min(entry hard max, 13% of Nadler's estimated blood volume)",
    severities: 'hard-stop',
    source: 'klein-anstee-2014',
  },
  {
    id: 'dose.required-value-missing',
    family: 'order',
    firesWhen:
      'a value the entry needs is absent (technique, concentration, gas volume, blood volume, weight for blood techniques)',
    severities: 'hard-stop',
    source: 'governance',
  },
  {
    id: 'dose.blood-volume-above-soft-max',
    family: 'order',
    firesWhen: "the blood volume is above the entry's soft range (and within the limit)",
    severities: 'warning',
    source: 'klein-anstee-2014',
    addedByO3care: true,
  },
  {
    id: 'dose.blood-volume-below-soft-min',
    family: 'order',
    firesWhen: "the blood volume is below the entry's soft range",
    severities: 'warning',
    source: 'mah-dose-sources',
    addedByO3care: true,
  },
  {
    id: 'dose.duration-above-hard-max',
    family: 'order',
    firesWhen: "the exposure time (min, gas bath) is above the entry's hard maximum",
    severities: 'hard-stop',
    source: 'ozonosan-bagging',
    addedByO3care: true,
  },
  {
    id: 'dose.duration-above-soft-max',
    family: 'order',
    firesWhen: 'the exposure time is above the soft range',
    severities: 'warning',
    source: 'ozonosan-bagging',
    addedByO3care: true,
  },
  {
    id: 'dose.duration-below-soft-min',
    family: 'order',
    firesWhen: 'the exposure time is below the soft range',
    severities: 'warning',
    source: 'ozonosan-bagging',
    addedByO3care: true,
  },
  {
    id: 'dose.escalation-too-fast',
    family: 'order',
    firesWhen: "the concentration rises more than the entry's maximum step over the last session",
    severities: 'warning',
    source: 'low-dose-concept',
  },
  {
    id: 'dose.escalation-after-adverse-event',
    family: 'order',
    firesWhen: 'any rise in concentration after a session with an adverse event',
    severities: 'hard-stop',
    source: 'escalation-after-ae',
  },
  {
    id: 'dose.interval-too-short',
    family: 'order',
    firesWhen: "less than the entry's minimum interval has passed since the last session",
    severities: 'warning',
    source: 'low-dose-concept',
  },
  {
    id: 'course.sessions-exceeded',
    family: 'course',
    firesWhen: "this session would exceed the entry's course maximum",
    severities: 'warning',
    source: 'governance',
  },
  {
    id: 'course.reassessment-due',
    family: 'course',
    firesWhen: 'the review point is reached and no outcome has been recorded since',
    severities: 'hard-stop',
    source: 'tracking-design',
  },
  {
    id: 'course.non-responder',
    family: 'course',
    firesWhen: 'at the review point the outcome misses its MCID',
    severities: 'warning (recommend stopping; an override needs a reason)',
    source: 'tracking-design',
  },
  {
    id: 'course.adverse-event-unreviewed',
    family: 'course',
    firesWhen: 'an adverse event of grade 2 or more has no physician review',
    severities: 'hard-stop',
    source: 'ae-review-policy',
  },
  {
    id: 'consent.missing',
    family: 'session',
    firesWhen: 'no signed consent is on file',
    severities: 'hard-stop',
    source: 'consent-policy',
  },
  {
    id: 'consent.expired',
    family: 'session',
    firesWhen: 'the consent has passed its validity period (default 12 months) or was withdrawn',
    severities: 'hard-stop',
    source: 'consent-policy',
  },
  {
    id: 'consent.technique-not-covered',
    family: 'session',
    firesWhen: 'the signed consent does not cover this technique',
    severities: 'hard-stop',
    source: 'consent-policy',
  },
  {
    id: 'oversight.no-supervising-physician',
    family: 'session',
    firesWhen: 'a session has no supervising physician',
    severities: 'hard-stop',
    source: 'oversight-policy',
  },
  {
    id: 'oversight.operator-not-credentialed',
    family: 'session',
    firesWhen: 'the operator lacks the credential the technique requires',
    severities: 'hard-stop',
    source: 'oversight-policy',
  },
  {
    id: 'procedure.image-guidance-required',
    family: 'session',
    firesWhen: 'an intradiscal session has no image guidance recorded',
    severities: 'hard-stop',
    source: 'intradiscal-embolism',
  },
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof rules)[number]['id'];

export const RULES: readonly RuleDefinition[] = rules;

export const RULE_IDS: readonly RuleId[] = rules.map((rule) => rule.id);

export const RULE_SYSTEM = 'https://o3care.org/fhir/CodeSystem/rule';
