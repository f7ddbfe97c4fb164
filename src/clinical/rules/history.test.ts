// Order rules of SPEC-CLINICAL §6 that compare an order with the patient's earlier sessions of the same technique:
// escalation ("start low, go slow"), escalation after an adverse event, minimum interval and course length.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OzoneOrder, SessionRecord } from '../care.ts';
import type { GoalCode } from '../goals.ts';
import type { TechniqueCode } from '../techniques.ts';
import {
  adverseEvent,
  AS_OF,
  daysAgo,
  emptyHistory,
  findingsOf,
  fired,
  hoursAgo,
  order,
  pastSession,
  screen,
  screenedPatient,
  severityFor,
  typicalOrder,
} from '../testing/builders.ts';
import type { RuleId } from '../rule-catalog.ts';

const GOAL_FOR: Partial<Record<TechniqueCode, GoalCode>> = {
  mah: 'diabetic-foot-ulcer',
  'rectal-insufflation': 'diabetic-foot-ulcer',
  'paravertebral-im': 'low-back-pain',
  intradiscal: 'low-back-pain',
};

/** Orders `technique` at the given values for a screened man whose history holds `sessions`. */
const check = (technique: TechniqueCode, values: Partial<OzoneOrder>, sessions: SessionRecord[]) =>
  order(
    typicalOrder(technique, values),
    screenedPatient({}, GOAL_FOR[technique]),
    emptyHistory({ sessions }),
  );

const at = (
  technique: TechniqueCode,
  when: string,
  concentrationUgPerMl: number,
  extra: Partial<SessionRecord> = {},
) => pastSession(technique, when, { concentrationUgPerMl, ...extra });

/** `count` uneventful sessions of `technique`, every `everyDays` days, the last one `everyDays` days ago. */
const course = (
  technique: TechniqueCode,
  count: number,
  everyDays = 3,
  concentrationUgPerMl = 25,
): SessionRecord[] =>
  Array.from({ length: count }, (_, i) =>
    at(technique, daysAgo(everyDays * (count - i)), concentrationUgPerMl),
  );

function only(evaluation: ReturnType<typeof order>, ruleId: RuleId) {
  const found = findingsOf(evaluation, ruleId);
  assert.equal(found.length, 1, `${ruleId} should fire exactly once`);
  return found[0]!;
}

describe('dose.escalation-too-fast', () => {
  test('raising a paravertebral injection from 10 to 20 µg/mL in one step warns: the library allows 5 µg/mL per step', () => {
    const last = at('paravertebral-im', daysAgo(7), 10);
    const result = check('paravertebral-im', { concentrationUgPerMl: 20 }, [last]);
    const f = only(result, 'dose.escalation-too-fast');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.techniques, ['paravertebral-im']);
    assert.deepEqual(f.params, { rise: 10, maxStep: 5, previous: 10 });
    assert.deepEqual(f.evidence, [
      {
        fact: 'last-concentration',
        value: 10,
        unit: 'µg/mL',
        date: last.performedAt,
        resource: `session/${last.id}`,
      },
      { fact: 'ordered-concentration', value: 20, unit: 'µg/mL' },
    ]);
    assert.deepEqual(f.suggestion, { field: 'concentrationUgPerMl', value: 15 }, 'last dose plus one step');
    assert.equal(result.signable, true, 'a warning alone keeps the order signable');
  });

  test('a first session, the same dose, or a lower dose does not warn', () => {
    assert.equal(fired(check('mah', { concentrationUgPerMl: 40 }, []), 'dose.escalation-too-fast'), false);
    const last = [at('mah', daysAgo(3), 25)];
    assert.equal(fired(check('mah', { concentrationUgPerMl: 25 }, last), 'dose.escalation-too-fast'), false);
    assert.equal(fired(check('mah', { concentrationUgPerMl: 15 }, last), 'dose.escalation-too-fast'), false);
  });

  test('boundary: MAH from 20 to 25 µg/mL (exactly one step) passes; to 25.01 µg/mL warns', () => {
    const last = [at('mah', daysAgo(3), 20)];
    assert.equal(fired(check('mah', { concentrationUgPerMl: 25 }, last), 'dose.escalation-too-fast'), false);
    assert.equal(
      severityFor(check('mah', { concentrationUgPerMl: 25.01 }, last), 'dose.escalation-too-fast', 'mah'),
      'warning',
    );
  });

  test('boundary: an intradiscal injection allows no step at all — 28 µg/mL again passes, 29 µg/mL warns', () => {
    const last = [at('intradiscal', daysAgo(20), 28)];
    assert.equal(
      fired(check('intradiscal', { concentrationUgPerMl: 28 }, last), 'dose.escalation-too-fast'),
      false,
    );
    assert.equal(
      severityFor(
        check('intradiscal', { concentrationUgPerMl: 29 }, last),
        'dose.escalation-too-fast',
        'intradiscal',
      ),
      'warning',
    );
  });

  test('the step is measured from the most recent session, whatever order the history lists them in', () => {
    const sessions = [at('mah', daysAgo(3), 15), at('mah', daysAgo(10), 25)];
    const f = only(check('mah', { concentrationUgPerMl: 25 }, sessions), 'dose.escalation-too-fast');
    assert.deepEqual(f.params, { rise: 10, maxStep: 5, previous: 15 });
  });

  test('sessions of another technique, or recorded after the check time, are not compared', () => {
    const rectal = [at('rectal-insufflation', daysAgo(3), 10)];
    assert.equal(
      fired(check('mah', { concentrationUgPerMl: 25 }, rectal), 'dose.escalation-too-fast'),
      false,
    );
    const future = [
      at('mah', daysAgo(6), 25),
      at('mah', new Date(AS_OF.getTime() + 3_600_000).toISOString(), 10),
    ];
    assert.equal(
      fired(check('mah', { concentrationUgPerMl: 25 }, future), 'dose.escalation-too-fast'),
      false,
    );
  });
});

describe('dose.escalation-after-adverse-event', () => {
  test('raising MAH from 20 to 22 µg/mL after a session with an adverse event is stopped, however mild the event', () => {
    const last = at('mah', daysAgo(3), 20, { adverseEvents: [adverseEvent(1, true)] });
    const result = check('mah', { concentrationUgPerMl: 22 }, [last]);
    const f = only(result, 'dose.escalation-after-adverse-event');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['mah']);
    assert.deepEqual(f.params, { rise: 2, previous: 20 });
    assert.deepEqual(f.suggestion, { field: 'concentrationUgPerMl', value: 20 }, 'stay at the last dose');
    assert.equal(fired(result, 'dose.escalation-too-fast'), false, 'a 2 µg/mL rise is within one step');
    assert.equal(result.signable, false);
  });

  test('a rise larger than one step after an adverse event is both stopped and flagged as too fast', () => {
    const last = at('mah', daysAgo(3), 20, { adverseEvents: [adverseEvent(1, true)] });
    const result = check('mah', { concentrationUgPerMl: 30 }, [last]);
    assert.equal(severityFor(result, 'dose.escalation-after-adverse-event', 'mah'), 'hard-stop');
    assert.equal(severityFor(result, 'dose.escalation-too-fast', 'mah'), 'warning');
  });

  test('keeping or lowering the dose after an adverse event is allowed', () => {
    const last = [at('mah', daysAgo(3), 20, { adverseEvents: [adverseEvent(1, true)] })];
    assert.equal(
      fired(check('mah', { concentrationUgPerMl: 15 }, last), 'dose.escalation-after-adverse-event'),
      false,
    );
  });

  test('stepping up again after an uneventful session that followed the adverse event is allowed', () => {
    const sessions = [
      at('mah', daysAgo(6), 20, { adverseEvents: [adverseEvent(1, true)] }),
      at('mah', daysAgo(3), 20),
    ];
    assert.equal(
      fired(check('mah', { concentrationUgPerMl: 25 }, sessions), 'dose.escalation-after-adverse-event'),
      false,
    );
  });

  test('boundary: the same 20 µg/mL after the event passes; 20.01 µg/mL stops', () => {
    const last = [at('mah', daysAgo(3), 20, { adverseEvents: [adverseEvent(1, true)] })];
    const same = check('mah', { concentrationUgPerMl: 20 }, last);
    assert.equal(fired(same, 'dose.escalation-after-adverse-event'), false);
    const higher = check('mah', { concentrationUgPerMl: 20.01 }, last);
    assert.equal(severityFor(higher, 'dose.escalation-after-adverse-event', 'mah'), 'hard-stop');
    assert.equal(higher.signable, false);
  });
});

describe('dose.interval-too-short', () => {
  test('a second MAH 24 hours after the first warns: the library asks for 48 hours', () => {
    const last = at('mah', hoursAgo(24), 25);
    const result = check('mah', {}, [last]);
    const f = only(result, 'dose.interval-too-short');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.techniques, ['mah']);
    assert.deepEqual(f.params, { elapsedHours: 24, minHours: 48 });
    assert.deepEqual(f.evidence, [
      { fact: 'last-session', date: last.performedAt, resource: `session/${last.id}` },
    ]);
    assert.equal(result.signable, true);
  });

  test('an MAH three days after the last one does not warn, nor does a first session', () => {
    assert.equal(fired(check('mah', {}, [at('mah', hoursAgo(72), 25)]), 'dose.interval-too-short'), false);
    assert.equal(fired(check('mah', {}, []), 'dose.interval-too-short'), false);
  });

  test('boundary: exactly 48 hours since the last MAH passes; 47.9 hours warns', () => {
    assert.equal(fired(check('mah', {}, [at('mah', hoursAgo(48), 25)]), 'dose.interval-too-short'), false);
    const early = check('mah', {}, [at('mah', hoursAgo(47.9), 25)]);
    assert.equal(severityFor(early, 'dose.interval-too-short', 'mah'), 'warning');
    assert.equal(findingsOf(early, 'dose.interval-too-short')[0]?.params['elapsedHours'], 47);
  });

  test('boundary: each technique has its own interval — rectal insufflation at exactly 24 hours passes, at 23.9 warns', () => {
    assert.equal(
      fired(
        check('rectal-insufflation', {}, [at('rectal-insufflation', hoursAgo(24), 18)]),
        'dose.interval-too-short',
      ),
      false,
    );
    assert.equal(
      severityFor(
        check('rectal-insufflation', {}, [at('rectal-insufflation', hoursAgo(23.9), 18)]),
        'dose.interval-too-short',
        'rectal-insufflation',
      ),
      'warning',
    );
  });

  test('yesterday’s session of another technique does not count against the interval', () => {
    assert.equal(
      fired(check('mah', {}, [at('rectal-insufflation', hoursAgo(20), 18)]), 'dose.interval-too-short'),
      false,
    );
  });
});

describe('course.sessions-exceeded', () => {
  test('a 16th MAH warns: the course maximum is 15 sessions', () => {
    const result = check('mah', {}, course('mah', 15));
    const f = only(result, 'course.sessions-exceeded');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.techniques, ['mah']);
    assert.deepEqual(f.params, { session: 16, max: 15 });
    assert.deepEqual(f.evidence, [{ fact: 'sessions-completed', value: 15 }]);
  });

  test('a 4th MAH does not warn', () => {
    assert.equal(fired(check('mah', {}, course('mah', 3)), 'course.sessions-exceeded'), false);
  });

  test('boundary: the 15th MAH (the course maximum) passes; the 16th warns', () => {
    assert.equal(fired(check('mah', {}, course('mah', 14)), 'course.sessions-exceeded'), false);
    assert.equal(
      severityFor(check('mah', {}, course('mah', 15)), 'course.sessions-exceeded', 'mah'),
      'warning',
    );
  });

  test('boundary: intradiscal courses stop at 2 — the second injection passes, a third warns', () => {
    assert.equal(
      fired(check('intradiscal', {}, course('intradiscal', 1, 15, 28)), 'course.sessions-exceeded'),
      false,
    );
    assert.equal(
      severityFor(
        check('intradiscal', {}, course('intradiscal', 2, 15, 28)),
        'course.sessions-exceeded',
        'intradiscal',
      ),
      'warning',
    );
  });

  test('only sessions of the ordered technique count: 15 rectal insufflations do not use up an MAH course', () => {
    assert.equal(
      fired(check('mah', {}, course('rectal-insufflation', 15, 2, 18)), 'course.sessions-exceeded'),
      false,
    );
  });

  test('screening does not count sessions: it needs an order', () => {
    const history = emptyHistory({ sessions: course('mah', 20) });
    assert.equal(
      fired(screen(screenedPatient({}, 'diabetic-foot-ulcer'), history), 'course.sessions-exceeded'),
      false,
    );
  });
});
