import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  daysAgo,
  fact,
  fired,
  order,
  screen,
  screenedPatient,
  screenedWoman,
  severityFor,
  typicalOrder,
} from '../testing/builders.ts';

describe('screening.g6pd-unknown', () => {
  test('unknown G6PD warns for systemic techniques on screening and stops a systemic order', () => {
    const unknown = screenedPatient({ g6pd: [] }, 'diabetic-foot-ulcer');
    const screened = screen(unknown);
    assert.equal(severityFor(screened, 'screening.g6pd-unknown', 'mah'), 'warning');
    assert.equal(severityFor(screened, 'screening.g6pd-unknown', 'bagging'), undefined);
    assert.equal(screened.eligibility.mah, 'needs-data');
    assert.equal(
      severityFor(order(typicalOrder('mah'), unknown), 'screening.g6pd-unknown', 'mah'),
      'hard-stop',
    );
  });

  test('a known G6PD status does not fire', () => {
    assert.equal(fired(screen(screenedPatient()), 'screening.g6pd-unknown'), false);
  });

  test('boundary: G6PD is lifelong — a result from 1990 still counts', () => {
    assert.equal(
      fired(
        screen(screenedPatient({ g6pd: [fact('normal' as const, '1990-03-01')] })),
        'screening.g6pd-unknown',
      ),
      false,
    );
  });
});

describe('screening.pregnancy-unknown', () => {
  test('a 30-year-old woman without a recent test: warning on screening, stop for an injection order', () => {
    const woman = screenedWoman(30, { pregnancy: [] });
    const screened = screen(woman);
    assert.equal(severityFor(screened, 'screening.pregnancy-unknown', 'paravertebral-im'), 'warning');
    assert.equal(severityFor(screened, 'screening.pregnancy-unknown', 'bagging'), undefined);
    assert.equal(screened.eligibility['paravertebral-im'], 'needs-data');
    assert.equal(
      severityFor(
        order(typicalOrder('paravertebral-im'), woman),
        'screening.pregnancy-unknown',
        'paravertebral-im',
      ),
      'hard-stop',
    );
  });

  test('men and women with a fresh test are not asked', () => {
    assert.equal(fired(screen(screenedPatient()), 'screening.pregnancy-unknown'), false);
    assert.equal(fired(screen(screenedWoman(30)), 'screening.pregnancy-unknown'), false);
  });

  test('boundary: ages 12 and 55 are asked, 11 and 56 are not; a test 8 days old is stale', () => {
    for (const [age, expected] of [
      [11, false],
      [12, true],
      [55, true],
      [56, false],
    ] as const) {
      assert.equal(
        fired(screen(screenedWoman(age, { pregnancy: [] })), 'screening.pregnancy-unknown'),
        expected,
        `age ${age}`,
      );
    }
    const stale = screenedWoman(30, {
      pregnancy: [fact({ pregnant: false, basis: 'test' as const }, daysAgo(8))],
    });
    assert.equal(fired(screen(stale), 'screening.pregnancy-unknown'), true);
  });

  test('a woman of unknown age cannot be ruled out', () => {
    assert.equal(
      fired(
        screen(screenedWoman(30, { pregnancy: [], birthDate: undefined })),
        'screening.pregnancy-unknown',
      ),
      true,
    );
  });
});
