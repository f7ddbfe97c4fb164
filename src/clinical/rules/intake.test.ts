import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FUNDAMENTALS } from '../facts.ts';
import { fired, findingsOf, screen, screenedPatient, severityFor } from '../testing/builders.ts';

const withIntake = (changes: Partial<NonNullable<ReturnType<typeof screenedPatient>['intake']>>) =>
  screenedPatient({ intake: { ...screenedPatient().intake!, ...changes } });

describe('fundamentals.unaddressed', () => {
  test('an intake that skipped sleep and movement warns and names them', () => {
    const result = screen(
      withIntake({
        fundamentalsAssessed: ['metabolic-health', 'diagnostics', 'rehabilitation', 'inflammatory-drivers'],
      }),
    );
    const [found] = findingsOf(result, 'fundamentals.unaddressed');
    assert.equal(found?.severity, 'warning');
    assert.match(found?.message ?? '', /sleep, movement/);
  });

  test('records from elsewhere without an intake leave it silent', () => {
    assert.equal(fired(screen(screenedPatient({ intake: undefined })), 'fundamentals.unaddressed'), false);
  });

  test('boundary: all six assessed passes; five of six fires', () => {
    assert.equal(
      fired(screen(withIntake({ fundamentalsAssessed: [...FUNDAMENTALS] })), 'fundamentals.unaddressed'),
      false,
    );
    assert.equal(
      fired(screen(withIntake({ fundamentalsAssessed: FUNDAMENTALS.slice(1) })), 'fundamentals.unaddressed'),
      true,
    );
  });
});

describe('expectations.unrealistic', () => {
  test('a patient who expects a cure gets a warning on every technique', () => {
    const result = screen(withIntake({ expectsCure: true }));
    assert.equal(severityFor(result, 'expectations.unrealistic', 'bagging'), 'warning');
    assert.equal(severityFor(result, 'expectations.unrealistic', 'mah'), 'warning');
  });

  test('realistic expectations do not fire', () => {
    assert.equal(fired(screen(withIntake({ expectsCure: false })), 'expectations.unrealistic'), false);
  });

  test('boundary: an unanswered expectation question does not fire', () => {
    assert.equal(fired(screen(withIntake({ expectsCure: undefined })), 'expectations.unrealistic'), false);
  });
});

describe('resilience.high-oxidative-burden', () => {
  test('a high oxidative burden warns for systemic and injection techniques, not topical ones', () => {
    const result = screen(withIntake({ oxidativeBurden: 'high' }));
    assert.equal(severityFor(result, 'resilience.high-oxidative-burden', 'mah'), 'warning');
    assert.equal(severityFor(result, 'resilience.high-oxidative-burden', 'intra-articular'), 'warning');
    assert.equal(severityFor(result, 'resilience.high-oxidative-burden', 'bagging'), undefined);
  });

  test('unstable medical issues fire it too', () => {
    const [found] = findingsOf(
      screen(withIntake({ unstableMedicalIssues: true })),
      'resilience.high-oxidative-burden',
    );
    assert.equal(found?.messageKey, 'rules.resilience.high-oxidative-burden.unstable');
  });

  test('boundary: a moderate burden does not fire', () => {
    assert.equal(
      fired(screen(withIntake({ oxidativeBurden: 'moderate' })), 'resilience.high-oxidative-burden'),
      false,
    );
  });
});
