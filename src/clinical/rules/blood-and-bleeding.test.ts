import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Fact } from '../facts.ts';
import {
  daysAgo,
  fact,
  fired,
  findingsOf,
  order,
  screen,
  screenedPatient,
  severityFor,
  typicalOrder,
} from '../testing/builders.ts';

const deficient = fact('deficient' as const, '2001-05-01', 'Condition/g6pd');

describe('contraindication.g6pd-deficiency', () => {
  test('G6PD deficiency blocks major autohemotherapy but only warns for bagging', () => {
    const result = screen(screenedPatient({ g6pd: [deficient] }, 'diabetic-foot-ulcer'));
    assert.equal(severityFor(result, 'contraindication.g6pd-deficiency', 'mah'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.g6pd-deficiency', 'rectal-insufflation'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.g6pd-deficiency', 'bagging'), 'warning');
    assert.equal(severityFor(result, 'contraindication.g6pd-deficiency', 'intra-articular'), 'warning');
    assert.equal(result.eligibility.mah, 'contraindicated');
    assert.equal(result.eligibility.bagging, 'caution');
    assert.equal(
      findingsOf(result, 'contraindication.g6pd-deficiency')[0]?.evidence[0]?.resource,
      'Condition/g6pd',
    );
  });

  test('a normal G6PD result does not fire', () => {
    assert.equal(fired(screen(screenedPatient()), 'contraindication.g6pd-deficiency'), false);
  });

  test('boundary: the newest G6PD result wins — normal after deficient clears it, deficient after normal fires', () => {
    const normal = fact('normal' as const, '2010-01-01');
    const oldDeficient = fact('deficient' as const, '2005-01-01');
    const newDeficient = fact('deficient' as const, '2015-01-01');
    assert.equal(
      fired(screen(screenedPatient({ g6pd: [oldDeficient, normal] })), 'contraindication.g6pd-deficiency'),
      false,
    );
    assert.equal(
      fired(screen(screenedPatient({ g6pd: [normal, newDeficient] })), 'contraindication.g6pd-deficiency'),
      true,
    );
  });
});

const platelets = (value: number, days = 10): Fact<number>[] => [
  fact(value, daysAgo(days), 'Observation/plt'),
];

describe('contraindication.thrombocytopenia', () => {
  test('platelets of 30 stop MAH and intradiscal injection, and warn for rectal and knee injections', () => {
    const result = screen(screenedPatient({ plateletsE9PerL: platelets(30) }));
    assert.equal(severityFor(result, 'contraindication.thrombocytopenia', 'mah'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.thrombocytopenia', 'intradiscal'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.thrombocytopenia', 'rectal-insufflation'), 'warning');
    assert.equal(severityFor(result, 'contraindication.thrombocytopenia', 'intra-articular'), 'warning');
    assert.equal(severityFor(result, 'contraindication.thrombocytopenia', 'bagging'), undefined);
  });

  test('a thrombocytopenia diagnosis fires without a count; a normal count does not', () => {
    const diagnosed = screen(
      screenedPatient({ thrombocytopenia: [fact(true as const, '2024-01-01', 'Condition/itp')] }),
    );
    assert.equal(severityFor(diagnosed, 'contraindication.thrombocytopenia', 'mah'), 'hard-stop');
    assert.equal(
      fired(
        screen(screenedPatient({ plateletsE9PerL: platelets(250) })),
        'contraindication.thrombocytopenia',
      ),
      false,
    );
  });

  test('boundary: 50 ×10^9/L passes, 49.9 fires; a low count older than 90 days is unknown', () => {
    assert.equal(
      fired(screen(screenedPatient({ plateletsE9PerL: platelets(50) })), 'contraindication.thrombocytopenia'),
      false,
    );
    assert.equal(
      fired(
        screen(screenedPatient({ plateletsE9PerL: platelets(49.9) })),
        'contraindication.thrombocytopenia',
      ),
      true,
    );
    assert.equal(
      fired(
        screen(screenedPatient({ plateletsE9PerL: platelets(30, 91) })),
        'contraindication.thrombocytopenia',
      ),
      false,
    );
    assert.equal(
      fired(
        screen(screenedPatient({ plateletsE9PerL: platelets(30, 89) })),
        'contraindication.thrombocytopenia',
      ),
      true,
    );
  });
});

describe('contraindication.coagulopathy', () => {
  test('haemophilia stops intradiscal injection and warns for MAH and knee injection', () => {
    const result = screen(
      screenedPatient({ coagulationDisorder: [fact(true as const, '1990-01-01', 'Condition/haemophilia')] }),
    );
    assert.equal(severityFor(result, 'contraindication.coagulopathy', 'intradiscal'), 'hard-stop');
    assert.equal(severityFor(result, 'contraindication.coagulopathy', 'mah'), 'warning');
    assert.equal(severityFor(result, 'contraindication.coagulopathy', 'intra-articular'), 'warning');
    assert.equal(severityFor(result, 'contraindication.coagulopathy', 'rectal-insufflation'), undefined);
  });

  test('a normal INR and no diagnosis do not fire', () => {
    assert.equal(
      fired(screen(screenedPatient({ inr: [fact(1.1, daysAgo(3))] })), 'contraindication.coagulopathy'),
      false,
    );
  });

  test('boundary: INR 3.0 passes, 3.01 fires', () => {
    assert.equal(
      fired(screen(screenedPatient({ inr: [fact(3.0, daysAgo(3))] })), 'contraindication.coagulopathy'),
      false,
    );
    assert.equal(
      fired(screen(screenedPatient({ inr: [fact(3.01, daysAgo(3))] })), 'contraindication.coagulopathy'),
      true,
    );
  });
});

const onDrug = (drugClass: 'vka' | 'anticoagulant' | 'antiplatelet', name: string) => [
  fact({ drugClass, name }, undefined, `MedicationStatement/${name}`),
];

describe('contraindication.anticoagulant', () => {
  test('apixaban warns for MAH and injections, and not for rectal insufflation or bagging', () => {
    const result = screen(screenedPatient({ medications: onDrug('anticoagulant', 'apixaban') }));
    assert.equal(severityFor(result, 'contraindication.anticoagulant', 'mah'), 'warning');
    assert.equal(severityFor(result, 'contraindication.anticoagulant', 'paravertebral-im'), 'warning');
    assert.equal(severityFor(result, 'contraindication.anticoagulant', 'intradiscal'), 'warning');
    assert.equal(severityFor(result, 'contraindication.anticoagulant', 'rectal-insufflation'), undefined);
    assert.equal(severityFor(result, 'contraindication.anticoagulant', 'bagging'), undefined);
  });

  test('warfarin without a recent INR stops an intradiscal order', () => {
    const result = order(
      typicalOrder('intradiscal'),
      screenedPatient({ medications: onDrug('vka', 'warfarin') }),
    );
    const [found] = findingsOf(result, 'contraindication.anticoagulant');
    assert.equal(found?.severity, 'hard-stop');
    assert.equal(found?.messageKey, 'rules.contraindication.anticoagulant.vka-deep');
  });

  test('no anticoagulant, no finding', () => {
    assert.equal(fired(screen(screenedPatient()), 'contraindication.anticoagulant'), false);
  });

  test('boundary: on warfarin an INR of 1.5 from 7 days ago allows deep injection with a warning; 1.51, or 8 days old, stops', () => {
    const withInr = (value: number, days: number) =>
      screenedPatient({ medications: onDrug('vka', 'warfarin'), inr: [fact(value, daysAgo(days))] });
    assert.equal(
      severityFor(screen(withInr(1.5, 7)), 'contraindication.anticoagulant', 'intradiscal'),
      'warning',
    );
    assert.equal(
      severityFor(screen(withInr(1.51, 1)), 'contraindication.anticoagulant', 'intradiscal'),
      'hard-stop',
    );
    assert.equal(
      severityFor(screen(withInr(1.2, 8)), 'contraindication.anticoagulant', 'intradiscal'),
      'hard-stop',
    );
  });
});
