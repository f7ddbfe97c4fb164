import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MedicationClass } from '../facts.ts';
import { daysAgo, fact, fired, screen, screenedPatient, severityFor } from '../testing/builders.ts';

const on = (drugClass: MedicationClass, name: string) =>
  screenedPatient({ medications: [fact({ drugClass, name }, undefined, `MedicationStatement/${name}`)] });

describe('caution.ace-inhibitor', () => {
  test('ramipril adds an info note to MAH only', () => {
    const result = screen(on('ace-inhibitor', 'ramipril'));
    assert.equal(severityFor(result, 'caution.ace-inhibitor', 'mah'), 'info');
    assert.equal(severityFor(result, 'caution.ace-inhibitor', 'rectal-insufflation'), undefined);
  });

  test('no ACE inhibitor, no note', () => {
    assert.equal(fired(screen(screenedPatient()), 'caution.ace-inhibitor'), false);
  });

  test('boundary: an info note never lowers eligibility', () => {
    const result = screen(on('ace-inhibitor', 'ramipril'));
    assert.equal(severityFor(result, 'caution.ace-inhibitor', 'mah'), 'info');
    assert.notEqual(result.eligibility.mah, 'contraindicated');
  });
});

const hb = (value: number, days = 10) =>
  screenedPatient({ haemoglobinGPerDl: [fact(value, daysAgo(days), 'Observation/hb')] });

describe('caution.anemia', () => {
  test('haemoglobin 8.5 g/dL warns for techniques that draw blood', () => {
    const result = screen(hb(8.5));
    assert.equal(severityFor(result, 'caution.anemia', 'mah'), 'warning');
    assert.equal(severityFor(result, 'caution.anemia', 'minor-aht'), 'warning');
    assert.equal(severityFor(result, 'caution.anemia', 'rectal-insufflation'), undefined);
  });

  test('normal haemoglobin does not fire', () => {
    assert.equal(fired(screen(hb(13)), 'caution.anemia'), false);
  });

  test('boundary: 10.0 passes, 9.9 fires; a low value older than 90 days is unknown', () => {
    assert.equal(fired(screen(hb(10)), 'caution.anemia'), false);
    assert.equal(fired(screen(hb(9.9)), 'caution.anemia'), true);
    assert.equal(fired(screen(hb(8, 91)), 'caution.anemia'), false);
  });
});

describe('caution.hypoglycemia-risk', () => {
  test('insulin adds an eat-first note to systemic techniques', () => {
    const result = screen(on('insulin', 'insulin glargine'));
    assert.equal(severityFor(result, 'caution.hypoglycemia-risk', 'mah'), 'info');
    assert.equal(severityFor(result, 'caution.hypoglycemia-risk', 'rectal-insufflation'), 'info');
    assert.equal(severityFor(result, 'caution.hypoglycemia-risk', 'intra-articular'), undefined);
  });

  test('metformin alone (not insulin or a sulfonylurea) does not fire', () => {
    assert.equal(fired(screen(screenedPatient()), 'caution.hypoglycemia-risk'), false);
  });

  test('boundary: a sulfonylurea fires like insulin', () => {
    assert.equal(
      severityFor(screen(on('sulfonylurea', 'gliclazide')), 'caution.hypoglycemia-risk', 'mah'),
      'info',
    );
  });
});
