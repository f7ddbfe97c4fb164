// Clinical vignettes, table-driven: whole patients as a clinician would describe them, and what the engine says.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CareHistory, OzoneOrder } from './care.ts';
import type { PatientFacts } from './facts.ts';
import type { EligibilityStatus, Severity } from './findings.ts';
import type { RuleId } from './rule-catalog.ts';
import type { TechniqueCode } from './techniques.ts';
import {
  adverseEvent,
  daysAgo,
  emptyHistory,
  fact,
  hoursAgo,
  order,
  outcome,
  pastSession,
  screen,
  screenedPatient,
  screenedWoman,
  typicalOrder,
} from './testing/builders.ts';

interface Vignette {
  readonly name: string;
  readonly facts: PatientFacts;
  readonly history?: CareHistory;
  readonly order?: OzoneOrder;
  readonly eligibility?: Partial<Record<TechniqueCode, EligibilityStatus>>;
  readonly expect?: readonly (readonly [RuleId, Severity])[];
  readonly absent?: readonly RuleId[];
  readonly signable?: boolean;
}

const vignettes: readonly Vignette[] = [
  {
    name: 'a 50-year-old man with chronic low back pain, fully worked up, is a candidate for paravertebral injection only',
    facts: screenedPatient({}, 'low-back-pain'),
    eligibility: {
      'paravertebral-im': 'eligible',
      intradiscal: 'eligible',
      mah: 'caution',
      inhalation: 'prohibited',
      eboo: 'disabled',
    },
    absent: ['screening.g6pd-unknown', 'indication.undefined'],
  },
  {
    name: 'a Mediterranean man with favism and a diabetic foot ulcer: no systemic ozone, local bagging with caution',
    facts: screenedPatient(
      { g6pd: [fact('deficient' as const, '1985-01-01', 'Condition/favism')] },
      'diabetic-foot-ulcer',
    ),
    eligibility: { mah: 'contraindicated', 'rectal-insufflation': 'contraindicated', bagging: 'caution' },
    expect: [['contraindication.g6pd-deficiency', 'hard-stop']],
  },
  {
    name: 'a 32-year-old woman with knee osteoarthritis and no recent pregnancy test needs an hCG before injection',
    facts: screenedWoman(32, { pregnancy: [] }, 'knee-osteoarthritis'),
    eligibility: { 'intra-articular': 'needs-data' },
    expect: [['screening.pregnancy-unknown', 'warning']],
  },
  {
    name: 'a traveller with nothing known about G6PD asks for major autohemotherapy: the order stops until the test is back',
    facts: screenedPatient({ g6pd: [] }, 'peripheral-arterial-disease'),
    order: typicalOrder('mah', { goal: { code: 'peripheral-arterial-disease' } }),
    expect: [
      ['screening.g6pd-unknown', 'hard-stop'],
      ['indication.weak-evidence', 'info'],
    ],
    signable: false,
  },
  {
    name: 'a man on warfarin with a 2-day-old INR of 1.3 may have intradiscal injection with a bleeding warning',
    facts: screenedPatient({
      medications: [
        fact({ drugClass: 'vka' as const, name: 'warfarin' }, undefined, 'MedicationStatement/w'),
      ],
      inr: [fact(1.3, daysAgo(2), 'Observation/inr')],
    }),
    order: typicalOrder('intradiscal'),
    expect: [['contraindication.anticoagulant', 'warning']],
    signable: true,
  },
  {
    name: 'a patient who had a grade 2 reaction last session and is ordered a stronger dose: stop for review and no escalation',
    facts: screenedPatient({}, 'peripheral-arterial-disease'),
    history: emptyHistory({
      sessions: [
        pastSession('mah', daysAgo(3), { concentrationUgPerMl: 20, adverseEvents: [adverseEvent(2, false)] }),
      ],
    }),
    order: typicalOrder('mah', { concentrationUgPerMl: 25, goal: { code: 'peripheral-arterial-disease' } }),
    expect: [
      ['course.adverse-event-unreviewed', 'hard-stop'],
      ['dose.escalation-after-adverse-event', 'hard-stop'],
    ],
    signable: false,
  },
  {
    name: 'low back pain after six sessions with pain unchanged from 7 to 6: a non-responder, stopping recommended',
    facts: screenedPatient({}, 'low-back-pain'),
    history: emptyHistory({
      sessions: [1, 2, 3, 4, 5, 6].map((n) =>
        pastSession('paravertebral-im', daysAgo(40 - n * 4), { concentrationUgPerMl: 15 }),
      ),
      outcomes: [outcome('pain-nrs', 7, daysAgo(40)), outcome('pain-nrs', 6, daysAgo(1))],
    }),
    order: typicalOrder('paravertebral-im'),
    expect: [['course.non-responder', 'warning']],
    absent: ['course.reassessment-due'],
    signable: true,
  },
  {
    name: 'a heavy drinker arriving intoxicated this morning: no session of any kind today',
    facts: screenedPatient(
      { alcoholIntoxication: [fact(true as const, hoursAgo(2), 'Condition/etoh')] },
      'diabetic-foot-ulcer',
    ),
    eligibility: { bagging: 'contraindicated', 'ozonated-oil': 'contraindicated', mah: 'contraindicated' },
  },
  {
    name: 'a woman of 60 on ramipril and gliclazide for a recovery goal: eligible with notes and an honest evidence flag',
    facts: screenedPatient(
      {
        sex: 'female',
        birthDate: '1966-01-01',
        medications: [
          fact({ drugClass: 'ace-inhibitor' as const, name: 'ramipril' }, undefined, 'MedicationStatement/r'),
          fact(
            { drugClass: 'sulfonylurea' as const, name: 'gliclazide' },
            undefined,
            'MedicationStatement/g',
          ),
        ],
      },
      'recovery-support',
    ),
    eligibility: { mah: 'eligible', 'rectal-insufflation': 'eligible' },
    expect: [
      ['caution.ace-inhibitor', 'info'],
      ['caution.hypoglycemia-risk', 'info'],
      ['indication.weak-evidence', 'info'],
    ],
    absent: ['screening.pregnancy-unknown'],
  },
];

describe('clinical vignettes', () => {
  for (const v of vignettes) {
    test(v.name, () => {
      const result = v.order ? order(v.order, v.facts, v.history) : screen(v.facts, v.history);
      for (const [technique, status] of Object.entries(v.eligibility ?? {})) {
        assert.equal(result.eligibility[technique as TechniqueCode], status, `eligibility of ${technique}`);
      }
      for (const [ruleId, severity] of v.expect ?? []) {
        assert.ok(
          result.findings.some((f) => f.ruleId === ruleId && f.severity === severity),
          `expected ${ruleId} (${severity}); got ${result.findings.map((f) => `${f.ruleId}:${f.severity}`).join(', ')}`,
        );
      }
      for (const ruleId of v.absent ?? []) {
        assert.ok(!result.findings.some((f) => f.ruleId === ruleId), `did not expect ${ruleId}`);
      }
      if (v.signable !== undefined) assert.equal(result.signable, v.signable);
    });
  }
});
