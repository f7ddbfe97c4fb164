import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fired,
  findingsOf,
  order,
  screen,
  screenedPatient,
  severityFor,
  typicalOrder,
} from '../testing/builders.ts';

const withoutGoal = () => screenedPatient({ intake: { ...screenedPatient().intake!, goal: undefined } });

describe('indication.undefined', () => {
  test('no goal warns on screening and stops the order', () => {
    assert.equal(severityFor(screen(withoutGoal()), 'indication.undefined', 'mah'), 'warning');
    assert.equal(
      severityFor(
        order(typicalOrder('paravertebral-im'), withoutGoal()),
        'indication.undefined',
        'paravertebral-im',
      ),
      'hard-stop',
    );
  });

  test('a defined goal from the intake, or from the order itself, satisfies it', () => {
    assert.equal(fired(screen(screenedPatient()), 'indication.undefined'), false);
    const ordered = order(
      typicalOrder('paravertebral-im', { goal: { code: 'low-back-pain' } }),
      withoutGoal(),
    );
    assert.equal(fired(ordered, 'indication.undefined'), false);
  });

  test('boundary: goal "other" needs words — blank text fires, any text does not', () => {
    const other = (text: string) =>
      screenedPatient({ intake: { ...screenedPatient().intake!, goal: { code: 'other', text } } });
    const blank = findingsOf(screen(other('   ')), 'indication.undefined');
    assert.equal(blank[0]?.messageKey, 'rules.indication.undefined.other-without-text');
    assert.equal(fired(screen(other('better sleep after chemotherapy')), 'indication.undefined'), false);
  });
});

describe('indication.route-mismatch', () => {
  test('MAH for low back pain is a mismatch; paravertebral injection is not', () => {
    const result = screen(screenedPatient({}, 'low-back-pain'));
    assert.equal(severityFor(result, 'indication.route-mismatch', 'mah'), 'warning');
    assert.equal(severityFor(result, 'indication.route-mismatch', 'paravertebral-im'), undefined);
    assert.equal(result.eligibility['paravertebral-im'], 'eligible');
    assert.equal(result.eligibility.mah, 'caution');
  });

  test('no goal means nothing to match against', () => {
    assert.equal(fired(screen(withoutGoal()), 'indication.route-mismatch'), false);
  });

  test('boundary: every fitting technique of a diabetic foot ulcer passes, the first non-fitting one warns', () => {
    const result = screen(screenedPatient({}, 'diabetic-foot-ulcer'));
    for (const t of ['bagging', 'ozonated-oil', 'mah', 'rectal-insufflation'] as const) {
      assert.equal(severityFor(result, 'indication.route-mismatch', t), undefined, t);
    }
    assert.equal(severityFor(result, 'indication.route-mismatch', 'intra-articular'), 'warning');
  });
});

describe('indication.weak-evidence', () => {
  test('peripheral arterial disease (very low evidence) is flagged as info', () => {
    const result = screen(screenedPatient({}, 'peripheral-arterial-disease'));
    assert.equal(severityFor(result, 'indication.weak-evidence', 'mah'), 'info');
    assert.equal(result.eligibility['rectal-insufflation'], 'eligible', 'info does not lower eligibility');
  });

  test('knee osteoarthritis (moderate-low) is not flagged', () => {
    assert.equal(
      fired(screen(screenedPatient({}, 'knee-osteoarthritis')), 'indication.weak-evidence'),
      false,
    );
  });

  test('boundary: "low" evidence (diabetic foot) is not flagged; "insufficient" (other) is', () => {
    assert.equal(
      fired(screen(screenedPatient({}, 'diabetic-foot-ulcer')), 'indication.weak-evidence'),
      false,
    );
    const other = screenedPatient({
      intake: { ...screenedPatient().intake!, goal: { code: 'other', text: 'energy' } },
    });
    assert.equal(fired(screen(other), 'indication.weak-evidence'), true);
  });
});
