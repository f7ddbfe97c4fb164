// Keeps the translated clinical text complete and in step with the engine: every rule speaks English and Spanish,
// both languages share keys and {{params}}, citations point at real sources, and real findings render in full.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Evaluation } from '../../clinical/engine.ts';
import type { PatientFacts } from '../../clinical/facts.ts';
import { FUNDAMENTALS } from '../../clinical/facts.ts';
import type { EligibilityStatus, Finding, Severity } from '../../clinical/findings.ts';
import type { EvidenceGrade, OutcomeMeasureCode } from '../../clinical/goals.ts';
import { GOAL_CODES, OUTCOME_MEASURES } from '../../clinical/goals.ts';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import type { Recommendation } from '../../clinical/outcomes.ts';
import { RULES } from '../../clinical/rule-catalog.ts';
import { SOURCES } from '../../clinical/sources.ts';
import { isProhibited, TECHNIQUE_CODES } from '../../clinical/techniques.ts';
import {
  adverseEvent,
  daysAgo,
  emptyHistory,
  fact,
  fullStaff,
  hoursAgo,
  order,
  outcome,
  pastSession,
  screen,
  screenedPatient,
  screenedWoman,
  session,
  signedConsent,
  typicalOrder,
} from '../../clinical/testing/builders.ts';
import { NO_OZONE_REASONS } from '../../store/decision.table.ts';
import { OVERRIDE_REASONS } from '../../store/order.table.ts';
import enClinical from '../locales/en/clinical.json' with { type: 'json' };
import enEducation from '../locales/en/education.json' with { type: 'json' };
import enRules from '../locales/en/rules.json' with { type: 'json' };
import esClinical from '../locales/es/clinical.json' with { type: 'json' };
import esEducation from '../locales/es/education.json' with { type: 'json' };
import esRules from '../locales/es/rules.json' with { type: 'json' };
import { codesOf, findingParams, vocabularyOf } from '../lib/finding-params.ts';

type Dictionary = Readonly<Record<string, string>>;
type Language = 'en' | 'es';

const LANGUAGES: readonly Language[] = ['en', 'es'];

const DICTIONARIES: Readonly<Record<'rules' | 'clinical' | 'education', Record<Language, Dictionary>>> = {
  rules: { en: enRules, es: esRules },
  clinical: { en: enClinical, es: esClinical },
  education: { en: enEducation, es: esEducation },
};

/** The interpolation names a message uses, as i18next reads them (`{{name}}` or `{{name, format}}`). */
function paramsOf(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([^\s,}]+)[^}]*\}\}/g)].map((match) => match[1] ?? '');
  return [...new Set(names)].sort();
}

/** Vocabularies that exist only as TypeScript unions: `satisfies` makes the compiler check they are complete. */
const EVIDENCE_GRADES = Object.keys({
  'moderate-low': true,
  'low-moderate': true,
  low: true,
  'very-low': true,
  insufficient: true,
} satisfies Record<EvidenceGrade, true>);
const SEVERITIES = Object.keys({ 'hard-stop': true, warning: true, info: true } satisfies Record<
  Severity,
  true
>);
const ELIGIBILITY_STATUSES = Object.keys({
  prohibited: true,
  disabled: true,
  contraindicated: true,
  'needs-data': true,
  caution: true,
  eligible: true,
} satisfies Record<EligibilityStatus, true>);
const RECOMMENDATIONS = Object.keys({ continue: true, reassess: true, stop: true } satisfies Record<
  Recommendation,
  true
>);
const MEASURES = Object.keys(OUTCOME_MEASURES) as OutcomeMeasureCode[];

const OFFERABLE_TECHNIQUES = TECHNIQUE_CODES.filter((technique) => !isProhibited(technique));
const EDUCATION_PARTS = [
  'feels',
  'duration',
  'evidenceShows',
  'evidenceDoesNotShow',
  'checksFirst',
  'citations',
];

function assertNamed(dictionary: 'clinical' | 'education', keys: readonly string[]): void {
  for (const language of LANGUAGES) {
    const missing = keys.filter((key) => !DICTIONARIES[dictionary][language][key]?.trim());
    assert.deepEqual(missing, [], `${language}/${dictionary}.json lacks text for these keys`);
  }
}

describe('every rule speaks both languages', () => {
  test('each rule in the catalogue has a message and a short title in English and Spanish', () => {
    const keys = RULES.flatMap((rule) => [`rules.${rule.id}`, `rule.${rule.id}.title`]);
    for (const language of LANGUAGES) {
      const missing = keys.filter((key) => !DICTIONARIES.rules[language][key]?.trim());
      assert.deepEqual(missing, [], `${language}/rules.json lacks these keys`);
      const long = RULES.map((rule) => DICTIONARIES.rules[language][`rule.${rule.id}.title`] ?? '').filter(
        (title) => title.length >= 60,
      );
      assert.deepEqual(long, [], `${language}: titles must stay under 60 characters`);
    }
  });

  test('no rule text is left for a rule that no longer exists', () => {
    const ruleIds = new Set(RULES.map((rule) => rule.id));
    const orphans = Object.keys(DICTIONARIES.rules.en).filter((key) => {
      const id = key.replace(/^rules?\./, '').replace(/\.(title|action)$/, '');
      const candidates = [id, id.replace(/\.[^.]+$/, '')];
      return !candidates.some((candidate) => ruleIds.has(candidate));
    });
    assert.deepEqual(orphans, []);
  });
});

describe('English and Spanish stay in step', () => {
  for (const [name, byLanguage] of Object.entries(DICTIONARIES)) {
    test(`${name}.json has the same keys in both languages`, () => {
      const en = Object.keys(byLanguage.en).sort();
      const es = Object.keys(byLanguage.es).sort();
      assert.deepEqual(
        es.filter((key) => !en.includes(key)),
        [],
        'keys only in Spanish',
      );
      assert.deepEqual(
        en.filter((key) => !es.includes(key)),
        [],
        'keys only in English',
      );
    });

    test(`${name}.json uses the same {{params}} in both languages, and no text is empty`, () => {
      for (const [key, english] of Object.entries(byLanguage.en)) {
        const spanish = byLanguage.es[key] ?? '';
        assert.deepEqual(paramsOf(spanish), paramsOf(english), `params of ${key}`);
        assert.ok(english.trim() && spanish.trim(), `${key} is empty`);
      }
    });
  }
});

describe('clinical vocabulary has names', () => {
  test('every technique and every goal has a name', () => {
    assertNamed('clinical', [
      ...TECHNIQUE_CODES.map((code) => `technique.${code}`),
      ...GOAL_CODES.map((code) => `goal.${code}`),
    ]);
  });

  test('evidence grades, severities, eligibility and course recommendations have names and explanations', () => {
    assertNamed('clinical', [
      ...EVIDENCE_GRADES.flatMap((grade) => [`evidence.${grade}`, `evidence.${grade}.explain`]),
      ...SEVERITIES.map((severity) => `severity.${severity}`),
      ...ELIGIBILITY_STATUSES.flatMap((status) => [`eligibility.${status}`, `eligibility.${status}.explain`]),
      ...RECOMMENDATIONS.map((recommendation) => `recommendation.${recommendation}`),
    ]);
  });

  test('outcome measures have names and units, and every coded reason has a label', () => {
    assertNamed('clinical', [
      ...MEASURES.flatMap((measure) => [`measure.${measure}`, `measure.${measure}.unit`]),
      ...OVERRIDE_REASONS.map((reason) => `override.${reason}`),
      ...NO_OZONE_REASONS.map((reason) => `decline.${reason}`),
      ...FUNDAMENTALS.map((fundamental) => `fundamental.${fundamental}`),
      ...[1, 2, 3, 4, 5].map((grade) => `adverseEvent.grade.${grade}`),
    ]);
  });
});

describe('patient education', () => {
  test('every technique a clinic may offer is explained, and the never-used ones say why', () => {
    assertNamed('education', [
      'education.intro',
      'education.inhalation.why',
      ...OFFERABLE_TECHNIQUES.flatMap((technique) =>
        EDUCATION_PARTS.map((part) => `education.${technique}.${part}`),
      ),
    ]);
  });

  test('the questions patients ask most are answered', () => {
    const questions = Object.keys(DICTIONARIES.education.en).filter((key) => /^faq\.\d+\.q$/.test(key));
    assert.ok(questions.length >= 7, `only ${questions.length} questions`);
    assertNamed(
      'education',
      questions.map((key) => key.replace(/\.q$/, '.a')),
    );
  });

  test('every citation names a source o3care holds, the same in both languages', () => {
    for (const [name, byLanguage] of Object.entries(DICTIONARIES)) {
      for (const [key, english] of Object.entries(byLanguage.en)) {
        if (!key.endsWith('.citations')) continue;
        assert.equal(byLanguage.es[key], english, `${name}: ${key} cites different sources in Spanish`);
        const unknown = english
          .split(',')
          .map((id) => id.trim())
          .filter((id) => !SOURCES.has(id as never));
        assert.deepEqual(unknown, [], `${name}: ${key} cites unknown sources`);
      }
    }
  });
});

// Patients and orders that, between them, make every rule of the engine speak.
const patient = screenedPatient();
const warfarin = fact({ drugClass: 'vka' as const, name: 'warfarin' }, undefined, 'MedicationStatement/w');

/** A woman whose record raises nearly every screening concern at once. */
const everythingAtOnce: PatientFacts = screenedWoman(
  30,
  {
    pregnancy: [],
    g6pd: [],
    tshMiuPerL: [fact(0.05, daysAgo(10))],
    freeT4AboveRange: [fact(true, daysAgo(10))],
    plateletsE9PerL: [fact(30, daysAgo(5))],
    inr: [fact(3.5, daysAgo(3))],
    haemoglobinGPerDl: [fact(8, daysAgo(5))],
    medications: [
      warfarin,
      fact({ drugClass: 'ace-inhibitor' as const, name: 'ramipril' }, undefined, 'MedicationStatement/r'),
      fact({ drugClass: 'insulin' as const, name: 'insulin glargine' }, undefined, 'MedicationStatement/i'),
    ],
    myocardialInfarction: [fact(true as const, daysAgo(30))],
    cardiovascularInstability: [fact(true as const, daysAgo(2))],
    seizureDisorder: [fact(true as const)],
    alcoholIntoxication: [fact(true as const, hoursAgo(2))],
    ozoneIntolerance: [fact(true as const)],
    deceased: fact(true as const, daysAgo(1)),
    intake: {
      goal: { code: 'recovery-support' },
      fundamentalsAssessed: ['sleep'],
      expectsCure: true,
      oxidativeBurden: 'high',
    },
  },
  'recovery-support',
);

/** A pregnant woman with favism, a controlled thyroid diagnosis, an undescribed goal and unstable problems. */
const theOtherVariants: PatientFacts = screenedWoman(30, {
  g6pd: [fact('deficient' as const, '1990-01-01', 'Condition/favism')],
  pregnancy: [fact({ pregnant: true, basis: 'test' as const }, daysAgo(2), 'Observation/hcg')],
  hyperthyroidism: [fact({ crisis: false }, '2020-01-01', 'Condition/graves')],
  intake: {
    goal: { code: 'other' },
    fundamentalsAssessed: [...FUNDAMENTALS],
    oxidativeBurden: 'low',
    unstableMedicalIssues: true,
  },
});

const mahSessions = (count: number) =>
  Array.from({ length: count }, (_, n) =>
    pastSession('mah', daysAgo(100 - n * 5), { concentrationUgPerMl: 25 }),
  );

const SCENARIOS: readonly (readonly [string, () => Evaluation])[] = [
  ['screening, every concern at once', () => screen(everythingAtOnce)],
  ['screening, the other variants', () => screen(theOtherVariants)],
  [
    'screening, no goal',
    () => screen(screenedPatient({ intake: { fundamentalsAssessed: [...FUNDAMENTALS] } })),
  ],
  ['inhalation ordered', () => order(typicalOrder('inhalation'), patient)],
  ['EBOO ordered', () => order(typicalOrder('eboo'), patient)],
  ['unapproved library', () => order(typicalOrder('mah'), patient, emptyHistory(), TEMPLATE_LIBRARY)],
  [
    'every dose above its hard limit',
    () =>
      order({ technique: 'mah', concentrationUgPerMl: 70, gasVolumeMl: 300, bloodVolumeMl: 300 }, patient),
  ],
  [
    'doses above the usual range',
    () =>
      order({ technique: 'mah', concentrationUgPerMl: 45, gasVolumeMl: 190, bloodVolumeMl: 220 }, patient),
  ],
  [
    'gas volume above the usual range',
    () =>
      order({ technique: 'mah', concentrationUgPerMl: 25, gasVolumeMl: 220, bloodVolumeMl: 125 }, patient),
  ],
  [
    'doses below the usual range',
    () => order({ technique: 'mah', concentrationUgPerMl: 5, gasVolumeMl: 40, bloodVolumeMl: 40 }, patient),
  ],
  ['gas bath too long', () => order(typicalOrder('bagging', { durationMin: 40 }), patient)],
  ['gas bath longer than usual', () => order(typicalOrder('bagging', { durationMin: 25 }), patient)],
  ['gas bath shorter than usual', () => order(typicalOrder('bagging', { durationMin: 2 }), patient)],
  ['order without values', () => order({ technique: 'mah' }, patient)],
  ['order without a technique', () => order({ technique: undefined }, patient)],
  [
    'a quick step-up the day after a reaction',
    () =>
      order(
        typicalOrder('mah', { concentrationUgPerMl: 30 }),
        patient,
        emptyHistory({
          sessions: [
            pastSession('mah', hoursAgo(24), {
              concentrationUgPerMl: 20,
              adverseEvents: [adverseEvent(1, true)],
            }),
          ],
        }),
      ),
  ],
  [
    'a sixteenth session with no review',
    () => order(typicalOrder('mah'), patient, emptyHistory({ sessions: mahSessions(15) })),
  ],
  [
    'a non-responder at the review point',
    () =>
      order(
        typicalOrder('paravertebral-im'),
        patient,
        emptyHistory({
          sessions: [1, 2, 3, 4, 5, 6].map((n) =>
            pastSession('paravertebral-im', daysAgo(40 - n * 4), { concentrationUgPerMl: 15 }),
          ),
          outcomes: [outcome('pain-nrs', 7, daysAgo(40)), outcome('pain-nrs', 6, daysAgo(1))],
        }),
      ),
  ],
  [
    'an unreviewed grade 2 reaction',
    () =>
      order(
        typicalOrder('mah'),
        patient,
        emptyHistory({
          sessions: [pastSession('mah', daysAgo(3), { adverseEvents: [adverseEvent(2, false)] })],
        }),
      ),
  ],
  [
    'an intradiscal session with nobody and nothing on file',
    () =>
      session(typicalOrder('intradiscal'), patient, emptyHistory({ consents: [] }), {
        imageGuidance: false,
      }),
  ],
  [
    'an intradiscal session by an operator without the procedure credential',
    () =>
      session(
        typicalOrder('intradiscal'),
        patient,
        emptyHistory({ consents: [signedConsent(['mah'])] }),
        fullStaff(['ozone-therapy']),
      ),
  ],
  [
    'a consent signed over a year ago',
    () =>
      session(
        typicalOrder('mah'),
        patient,
        emptyHistory({ consents: [signedConsent(['mah'], daysAgo(400))] }),
      ),
  ],
  [
    'a withdrawn consent',
    () =>
      session(
        typicalOrder('mah'),
        patient,
        emptyHistory({ consents: [signedConsent(['mah'], daysAgo(30), { status: 'withdrawn' })] }),
      ),
  ],
];

const produced: readonly Finding[] = SCENARIOS.flatMap(([, run]) => run().findings);

describe('the engine’s own findings render', () => {
  test('every finding the engine produces has its message in both languages, with every {{param}} supplied', () => {
    assert.ok(produced.length > 0);
    for (const finding of produced) {
      for (const language of LANGUAGES) {
        const text = DICTIONARIES.rules[language][finding.messageKey];
        assert.ok(text, `${language}/rules.json lacks ${finding.messageKey}`);
        const unsupplied = paramsOf(text).filter((name) => !(name in finding.params));
        assert.deepEqual(unsupplied, [], `${language}: ${finding.messageKey} uses params the finding lacks`);
      }
    }
  });

  test('every coded value a finding carries has a translated name', () => {
    const untranslated = new Set<string>();
    for (const finding of produced) {
      for (const [param, value] of Object.entries(finding.params)) {
        const vocabulary = vocabularyOf(finding, param);
        if (vocabulary === undefined || value === '') continue;
        for (const code of codesOf(value)) {
          for (const language of LANGUAGES) {
            if (!DICTIONARIES.clinical[language][`${vocabulary}.${code}`]) {
              untranslated.add(`${language}: ${vocabulary}.${code}`);
            }
          }
        }
      }
    }
    assert.deepEqual([...untranslated], []);
  });

  test('a Spanish reader sees names and dates in a finding’s params, never codes or timestamps', () => {
    const spanish = (key: string) => DICTIONARIES.clinical.es[key] ?? key;
    const leftovers: string[] = [];
    for (const finding of produced) {
      const shown = findingParams(finding, spanish, 'es');
      for (const [param, value] of Object.entries(finding.params)) {
        const text = String(shown[param]);
        if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && text.includes('T')) {
          leftovers.push(`${finding.ruleId}.${param}: ${text}`);
        }
        const vocabulary = vocabularyOf(finding, param);
        if (vocabulary === undefined || value === '') continue;
        const names = codesOf(value).map((code) => DICTIONARIES.clinical.es[`${vocabulary}.${code}`]);
        if (text !== names.join(', ')) leftovers.push(`${finding.ruleId}.${param}: ${text}`);
      }
    }
    assert.deepEqual(leftovers, []);
  });

  test('the scenarios reach every rule, so the render check covers the whole catalogue', () => {
    const fired = new Set<string>(produced.map((finding) => finding.ruleId));
    assert.deepEqual(
      RULES.map((rule) => rule.id).filter((id) => !fired.has(id)),
      [],
    );
  });

  test('every message in the catalogue is one the engine can produce', () => {
    const keys = new Set(produced.map((finding) => finding.messageKey));
    const unused = Object.keys(DICTIONARIES.rules.en).filter(
      (key) =>
        key.startsWith('rules.') &&
        !keys.has(key) &&
        // A rule that always speaks through a variant keeps its plain message as a fallback.
        !(RULES.some((rule) => key === `rules.${rule.id}`) && [...keys].some((k) => k.startsWith(`${key}.`))),
    );
    assert.deepEqual(unused, []);
  });
});
