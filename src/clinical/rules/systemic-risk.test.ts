import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  adverseEvent,
  daysAgo,
  emptyHistory,
  fact,
  fired,
  findingsOf,
  hoursAgo,
  pastSession,
  screen,
  screenedPatient,
  screenedWoman,
  severityFor,
} from '../testing/builders.ts';

const pregnant = (basis: 'diagnosis' | 'status' | 'test', days: number) => [
  fact({ pregnant: true, basis }, daysAgo(days), 'Observation/preg'),
];

describe('contraindication.pregnancy', () => {
  test('a positive pregnancy test stops systemic and injection techniques and warns for topical ones', () => {
    const result = screen(screenedWoman(30, { pregnancy: pregnant('test', 1) }));
    assert.equal(severityFor(result, 'contraindication.pregnancy', 'mah'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.pregnancy', 'paravertebral-im'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.pregnancy', 'bagging'), 'warning');
    assert.equal(result.eligibility['paravertebral-im'], 'contraindicated');
  });

  test('a fresh negative test does not fire', () => {
    assert.equal(fired(screen(screenedWoman(30)), 'contraindication.pregnancy'), false);
  });

  test('boundary: a positive test counts for 7 days; an active pregnancy diagnosis for a full term (280 days)', () => {
    assert.equal(
      fired(screen(screenedWoman(30, { pregnancy: pregnant('test', 7) })), 'contraindication.pregnancy'),
      true,
    );
    assert.equal(
      fired(screen(screenedWoman(30, { pregnancy: pregnant('test', 8) })), 'contraindication.pregnancy'),
      false,
    );
    assert.equal(
      fired(
        screen(screenedWoman(30, { pregnancy: pregnant('diagnosis', 279) })),
        'contraindication.pregnancy',
      ),
      true,
    );
    assert.equal(
      fired(
        screen(screenedWoman(30, { pregnancy: pregnant('diagnosis', 281) })),
        'contraindication.pregnancy',
      ),
      false,
    );
  });

  test('a negative test newer than a pregnancy diagnosis wins', () => {
    const facts = screenedWoman(30, {
      pregnancy: [
        ...pregnant('diagnosis', 100),
        fact({ pregnant: false, basis: 'test' as const }, daysAgo(1)),
      ],
    });
    assert.equal(fired(screen(facts), 'contraindication.pregnancy'), false);
  });
});

const thyroid = (tsh: number | undefined, ft4High: boolean | undefined, diagnosed = false, crisis = false) =>
  screenedPatient({
    tshMiuPerL: tsh === undefined ? [] : [fact(tsh, daysAgo(20), 'Observation/tsh')],
    freeT4AboveRange: ft4High === undefined ? [] : [fact(ft4High, daysAgo(20), 'Observation/ft4')],
    hyperthyroidism: diagnosed || crisis ? [fact({ crisis }, '2020-01-01', 'Condition/graves')] : [],
  });

describe('contraindication.hyperthyroidism', () => {
  test('suppressed TSH with a high free T4 stops systemic ozone and warns for injections', () => {
    const result = screen(thyroid(0.05, true));
    assert.equal(severityFor(result, 'contraindication.hyperthyroidism', 'mah'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.hyperthyroidism', 'intra-articular'), 'warning');
    assert.equal(severityFor(result, 'contraindication.hyperthyroidism', 'bagging'), undefined);
  });

  test('a hyperthyroidism diagnosis with normal labs asks to confirm control', () => {
    const [found] = findingsOf(screen(thyroid(1.5, false, true)), 'contraindication.hyperthyroidism');
    assert.equal(found?.severity, 'warning');
    assert.equal(found?.messageKey, 'rules.contraindication.hyperthyroidism.confirm-control');
  });

  test('a coded thyrotoxic crisis stops systemic ozone without labs', () => {
    assert.equal(
      severityFor(
        screen(thyroid(undefined, undefined, true, true)),
        'contraindication.hyperthyroidism',
        'mah',
      ),
      'hard-stop',
    );
  });

  test('normal thyroid labs and no diagnosis do not fire', () => {
    assert.equal(fired(screen(thyroid(1.5, false)), 'contraindication.hyperthyroidism'), false);
  });

  test('boundary: TSH 0.1 is not suppressed; 0.09 with a high free T4 is', () => {
    assert.equal(fired(screen(thyroid(0.1, true)), 'contraindication.hyperthyroidism'), false);
    assert.equal(
      severityFor(screen(thyroid(0.09, true)), 'contraindication.hyperthyroidism', 'mah'),
      'hard-stop',
    );
    assert.equal(
      severityFor(screen(thyroid(0.09, false)), 'contraindication.hyperthyroidism', 'mah'),
      'warning',
    );
  });
});

const mi = (days: number | undefined) =>
  screenedPatient({
    myocardialInfarction: [
      fact(true as const, days === undefined ? undefined : daysAgo(days), 'Condition/mi'),
    ],
  });

describe('contraindication.recent-mi', () => {
  test('an infarction two months ago stops systemic ozone and warns for injections', () => {
    const result = screen(mi(60));
    assert.equal(severityFor(result, 'contraindication.recent-mi', 'rectal-insufflation'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.recent-mi', 'paravertebral-im'), 'warning');
  });

  test('an infarction three years ago does not fire', () => {
    assert.equal(fired(screen(mi(3 * 365)), 'contraindication.recent-mi'), false);
  });

  test('boundary: 183 days fires, 184 does not; an undated infarction counts as recent', () => {
    assert.equal(fired(screen(mi(183)), 'contraindication.recent-mi'), true);
    assert.equal(fired(screen(mi(184)), 'contraindication.recent-mi'), false);
    assert.equal(fired(screen(mi(undefined)), 'contraindication.recent-mi'), true);
  });
});

describe('contraindication.cardiovascular-instability', () => {
  test('active unstable angina stops systemic ozone and warns for injections', () => {
    const result = screen(
      screenedPatient({ cardiovascularInstability: [fact(true as const, daysAgo(3), 'Condition/ua')] }),
    );
    assert.equal(severityFor(result, 'contraindication.cardiovascular-instability', 'mah'), 'hard-stop');
    assert.equal(
      severityFor(result, 'contraindication.cardiovascular-instability', 'subcutaneous'),
      'warning',
    );
    assert.equal(
      severityFor(result, 'contraindication.cardiovascular-instability', 'ozonated-oil'),
      undefined,
    );
  });

  test('no active instability, no finding', () => {
    assert.equal(fired(screen(screenedPatient()), 'contraindication.cardiovascular-instability'), false);
  });

  test('boundary: one active condition is enough', () => {
    const facts = screenedPatient({
      cardiovascularInstability: [fact(true as const, undefined, 'Condition/hf')],
    });
    assert.equal(findingsOf(screen(facts), 'contraindication.cardiovascular-instability').length, 2);
  });
});

describe('contraindication.seizure-disorder', () => {
  test('epilepsy warns for systemic techniques only', () => {
    const result = screen(
      screenedPatient({ seizureDisorder: [fact(true as const, '2001-01-01', 'Condition/epilepsy')] }),
    );
    assert.equal(severityFor(result, 'contraindication.seizure-disorder', 'mah'), 'warning');
    assert.equal(severityFor(result, 'contraindication.seizure-disorder', 'paravertebral-im'), undefined);
  });

  test('no seizure history, no finding', () => {
    assert.equal(fired(screen(screenedPatient()), 'contraindication.seizure-disorder'), false);
  });

  test('boundary: a seizure decades ago still counts as history', () => {
    const result = screen(screenedPatient({ seizureDisorder: [fact(true as const, '1980-01-01')] }));
    assert.equal(severityFor(result, 'contraindication.seizure-disorder', 'rectal-insufflation'), 'warning');
  });
});

describe('contraindication.acute-intoxication', () => {
  test('intoxication this morning stops every technique, topical included', () => {
    const result = screen(
      screenedPatient({ alcoholIntoxication: [fact(true as const, hoursAgo(3), 'Condition/etoh')] }),
    );
    for (const t of ['mah', 'paravertebral-im', 'bagging', 'ozonated-oil'] as const) {
      assert.equal(severityFor(result, 'contraindication.acute-intoxication', t), 'hard-stop', t);
    }
  });

  test('intoxication last week does not fire', () => {
    assert.equal(
      fired(
        screen(screenedPatient({ alcoholIntoxication: [fact(true as const, daysAgo(7))] })),
        'contraindication.acute-intoxication',
      ),
      false,
    );
  });

  test('boundary: 24 hours ago fires, 25 hours ago does not', () => {
    assert.equal(
      fired(
        screen(screenedPatient({ alcoholIntoxication: [fact(true as const, hoursAgo(24))] })),
        'contraindication.acute-intoxication',
      ),
      true,
    );
    assert.equal(
      fired(
        screen(screenedPatient({ alcoholIntoxication: [fact(true as const, hoursAgo(25))] })),
        'contraindication.acute-intoxication',
      ),
      false,
    );
  });
});

describe('contraindication.ozone-intolerance', () => {
  test('a recorded ozone intolerance stops systemic and injection techniques and warns for topical', () => {
    const result = screen(
      screenedPatient({ ozoneIntolerance: [fact(true as const, undefined, 'AllergyIntolerance/o3')] }),
    );
    assert.equal(severityFor(result, 'contraindication.ozone-intolerance', 'mah'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.ozone-intolerance', 'intra-articular'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.ozone-intolerance', 'bagging'), 'warning');
  });

  test('a grade 2 adverse event is not intolerance', () => {
    const history = emptyHistory({
      sessions: [pastSession('mah', daysAgo(10), { adverseEvents: [adverseEvent(2, true)] })],
    });
    assert.equal(fired(screen(screenedPatient(), history), 'contraindication.ozone-intolerance'), false);
  });

  test('boundary: a grade 3 adverse event in an earlier session is', () => {
    const history = emptyHistory({
      sessions: [pastSession('mah', daysAgo(10), { adverseEvents: [adverseEvent(3, true)] })],
    });
    assert.equal(
      severityFor(screen(screenedPatient(), history), 'contraindication.ozone-intolerance', 'mah'),
      'hard-stop',
    );
  });
});

describe('record.patient-deceased', () => {
  test('a record that says the patient died stops every technique', () => {
    const result = screen(screenedPatient({ deceased: fact(true as const, '2024-06-30', 'Patient/p1') }));
    assert.equal(severityFor(result, 'record.patient-deceased', 'bagging'), 'hard-stop');
    assert.equal(result.eligibility.bagging, 'contraindicated');
  });

  test('a living patient is not flagged', () => {
    assert.equal(fired(screen(screenedPatient()), 'record.patient-deceased'), false);
  });

  test('boundary: deceased without a date still stops', () => {
    assert.equal(
      fired(screen(screenedPatient({ deceased: fact(true as const) })), 'record.patient-deceased'),
      true,
    );
  });
});
