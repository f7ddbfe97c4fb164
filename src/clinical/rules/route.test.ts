import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TEMPLATE_LIBRARY } from '../library.ts';
import {
  APPROVED,
  order,
  screen,
  screenedPatient,
  severityFor,
  fired,
  typicalOrder,
} from '../testing/builders.ts';

describe('route.prohibited', () => {
  test('an inhalation order is stopped, whatever the patient', () => {
    const result = order(
      { technique: 'inhalation', concentrationUgPerMl: 1, gasVolumeMl: 1 },
      screenedPatient(),
    );
    assert.equal(severityFor(result, 'route.prohibited', 'inhalation'), 'hard-stop');
    assert.equal(result.signable, false);
    assert.equal(result.eligibility.inhalation, 'prohibited');
  });

  test('direct intravenous gas stays prohibited even if a library lists it as enabled', () => {
    const careless = {
      ...APPROVED,
      enabledTechniques: [...APPROVED.enabledTechniques, 'direct-iv-gas' as const],
    };
    const result = order({ technique: 'direct-iv-gas' }, screenedPatient(), undefined, careless);
    assert.equal(severityFor(result, 'route.prohibited', 'direct-iv-gas'), 'hard-stop');
    assert.equal(result.eligibility['direct-iv-gas'], 'prohibited');
  });

  test('an order for a prohibited technique answers with the route stop alone, and rates only that technique', () => {
    const result = order(
      { technique: 'inhalation', concentrationUgPerMl: 1, gasVolumeMl: 1 },
      screenedPatient({ g6pd: [] }),
    );
    assert.deepEqual(
      result.findings.map((f) => f.ruleId),
      ['route.prohibited'],
    );
    assert.deepEqual(Object.keys(result.eligibility), ['inhalation']);
  });

  test('an in-range paravertebral order is not prohibited', () => {
    assert.equal(
      fired(order(typicalOrder('paravertebral-im'), screenedPatient()), 'route.prohibited'),
      false,
    );
  });

  test('screening reports prohibited techniques through eligibility, not as findings', () => {
    const result = screen(screenedPatient());
    assert.equal(fired(result, 'route.prohibited'), false);
    for (const technique of [
      'inhalation',
      'direct-iv-gas',
      'hbo3-multipass',
      'high-dose-ozone',
      'intraperitoneal',
    ] as const) {
      assert.equal(result.eligibility[technique], 'prohibited');
    }
  });
});

describe('route.disabled-by-clinic', () => {
  test('EBOO is stopped while the clinic has not enabled it', () => {
    const result = order({ technique: 'eboo' }, screenedPatient());
    assert.equal(severityFor(result, 'route.disabled-by-clinic', 'eboo'), 'hard-stop');
    assert.equal(result.eligibility.eboo, 'disabled');
    assert.equal(screen(screenedPatient()).eligibility['ozonated-saline'], 'disabled');
  });

  test('a technique the clinic enabled is not disabled', () => {
    const enabled = { ...APPROVED, enabledTechniques: [...APPROVED.enabledTechniques, 'eboo' as const] };
    const result = order({ technique: 'eboo' }, screenedPatient(), undefined, enabled);
    assert.equal(fired(result, 'route.disabled-by-clinic'), false);
    assert.notEqual(result.eligibility.eboo, 'disabled');
  });

  test('boundary: removing bagging from the library disables exactly bagging', () => {
    const withoutBagging = {
      ...APPROVED,
      enabledTechniques: APPROVED.enabledTechniques.filter((t) => t !== 'bagging'),
    };
    const result = order(
      typicalOrder('bagging'),
      screenedPatient({}, 'diabetic-foot-ulcer'),
      undefined,
      withoutBagging,
    );
    assert.equal(severityFor(result, 'route.disabled-by-clinic', 'bagging'), 'hard-stop');
    assert.equal(
      screen(screenedPatient({}, 'diabetic-foot-ulcer'), undefined, withoutBagging).eligibility[
        'ozonated-oil'
      ],
      'eligible',
    );
    assert.deepEqual(TEMPLATE_LIBRARY.enabledTechniques.includes('bagging'), true);
  });
});
