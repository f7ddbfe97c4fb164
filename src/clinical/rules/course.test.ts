// Course rules of SPEC-CLINICAL §6: reassess at the goal's review point, stop non-responders (MCID of §4), and never
// carry on past an adverse event that no physician has reviewed. Plus unit tests of reviewCourse and meetsMcid.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OutcomeRecord, SessionRecord } from '../care.ts';
import type { GoalCode, Mcid, OutcomeMeasureCode } from '../goals.ts';
import { GOAL_CODES, GOALS, OUTCOME_MEASURES } from '../goals.ts';
import { meetsMcid, reviewCourse } from '../outcomes.ts';
import type { RuleId } from '../rule-catalog.ts';
import type { TechniqueCode } from '../techniques.ts';
import { MS_PER_DAY } from '../units.ts';
import {
  adverseEvent,
  AS_OF,
  daysAgo,
  emptyHistory,
  findingsOf,
  fired,
  hoursAgo,
  order,
  outcome,
  pastSession,
  screen,
  screenedPatient,
  severityFor,
  typicalOrder,
} from '../testing/builders.ts';

/** `count` uneventful sessions of `technique` at the typical concentration, every `everyDays` days, the last one `everyDays` days ago. */
function sessions(technique: TechniqueCode, count: number, everyDays: number): SessionRecord[] {
  const conc = typicalOrder(technique).concentrationUgPerMl;
  return Array.from({ length: count }, (_, i) =>
    pastSession(
      technique,
      daysAgo(everyDays * (count - i)),
      conc === undefined ? {} : { concentrationUgPerMl: conc },
    ),
  );
}

/** Orders the next typical session of `technique` for a screened man with this goal, sessions and outcomes. */
const next = (
  technique: TechniqueCode,
  goal: GoalCode,
  done: SessionRecord[],
  outcomes: OutcomeRecord[] = [],
) => order(typicalOrder(technique), screenedPatient({}, goal), emptyHistory({ sessions: done, outcomes }));

function only(evaluation: ReturnType<typeof order>, ruleId: RuleId) {
  const found = findingsOf(evaluation, ruleId);
  assert.equal(found.length, 1, `${ruleId} should fire exactly once`);
  return found[0]!;
}

const mcidOf = (measure: OutcomeMeasureCode): Mcid => {
  const mcid = OUTCOME_MEASURES[measure].mcid;
  assert.ok(mcid, `${measure} has an MCID`);
  return mcid;
};

// A weekly back-pain course of paravertebral injections: six done, the 6th a week ago (the review point).
const backPainCourse = sessions('paravertebral-im', 6, 7);
const sixthSession = backPainCourse[5]!.performedAt;
const baselineDay = daysAgo(43);

describe('course.reassessment-due', () => {
  test('a 7th back-pain injection with no outcome recorded since session 6 is stopped until the outcome is measured', () => {
    const result = next('paravertebral-im', 'low-back-pain', backPainCourse, [
      outcome('pain-nrs', 7, baselineDay),
    ]);
    const f = only(result, 'course.reassessment-due');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['paravertebral-im']);
    assert.deepEqual(f.params, { reachedAt: sixthSession });
    assert.deepEqual(f.evidence, [{ fact: 'review-point-reached', date: sixthSession }]);
    assert.equal(result.signable, false);
  });

  test('a pain score recorded after session 6 satisfies it', () => {
    const outcomes = [outcome('pain-nrs', 7, baselineDay), outcome('pain-nrs', 4, daysAgo(2))];
    const result = next('paravertebral-im', 'low-back-pain', backPainCourse, outcomes);
    assert.equal(fired(result, 'course.reassessment-due'), false);
    assert.equal(result.signable, true);
  });

  test('boundary for pain goals: after 5 sessions no review is due; after the 6th it is', () => {
    assert.equal(
      fired(next('paravertebral-im', 'low-back-pain', backPainCourse.slice(0, 5)), 'course.reassessment-due'),
      false,
    );
    assert.equal(
      severityFor(
        next('paravertebral-im', 'low-back-pain', backPainCourse),
        'course.reassessment-due',
        'paravertebral-im',
      ),
      'hard-stop',
    );
  });

  test('boundary: an outcome recorded at the very time of session 6 counts as recorded since the review point', () => {
    const result = next('paravertebral-im', 'low-back-pain', backPainCourse, [
      outcome('pain-nrs', 5, sixthSession),
    ]);
    assert.equal(fired(result, 'course.reassessment-due'), false);
  });

  test('boundary for wound goals: 4 weeks after the first gas bath a review is due; one hour short of 4 weeks it is not', () => {
    const fromDay = (firstAt: string) => [
      pastSession('bagging', firstAt, { concentrationUgPerMl: 50 }),
      pastSession('bagging', daysAgo(2), { concentrationUgPerMl: 50 }),
    ];
    const due = next('bagging', 'diabetic-foot-ulcer', fromDay(daysAgo(28)));
    const f = only(due, 'course.reassessment-due');
    assert.equal(f.params['reachedAt'], AS_OF.toISOString());
    assert.equal(
      fired(
        next('bagging', 'diabetic-foot-ulcer', fromDay(hoursAgo(28 * 24 - 1))),
        'course.reassessment-due',
      ),
      false,
    );
  });

  test('boundary for vascular goals: after 9 MAH sessions no review is due; after the 10th it is', () => {
    const pad = sessions('mah', 10, 3);
    assert.equal(
      fired(next('mah', 'peripheral-arterial-disease', pad.slice(0, 9)), 'course.reassessment-due'),
      false,
    );
    assert.equal(
      severityFor(next('mah', 'peripheral-arterial-disease', pad), 'course.reassessment-due', 'mah'),
      'hard-stop',
    );
  });

  test('screening does not raise it, nor does a goal without a review point', () => {
    assert.equal(
      fired(screen(screenedPatient(), emptyHistory({ sessions: backPainCourse })), 'course.reassessment-due'),
      false,
    );
    const other = screenedPatient({
      intake: { ...screenedPatient().intake!, goal: { code: 'other', text: 'energy' } },
    });
    const result = order(typicalOrder('paravertebral-im'), other, emptyHistory({ sessions: backPainCourse }));
    assert.equal(fired(result, 'course.reassessment-due'), false);
  });

  // ENGINE BUG (reported): any outcome recorded after the review point satisfies it, even a measure of another goal.
  test('a wound-area measurement for the foot ulcer does not count as reassessing the back-pain course', () => {
    const outcomes = [outcome('pain-nrs', 7, baselineDay), outcome('wound-area', 4, daysAgo(2))];
    const result = next('paravertebral-im', 'low-back-pain', backPainCourse, outcomes);
    assert.equal(severityFor(result, 'course.reassessment-due', 'paravertebral-im'), 'hard-stop');
  });
});

describe('course.non-responder', () => {
  test('back pain 7 → 6 and ODI 40 → 36 at session 6 misses both MCIDs: stopping is recommended (warning, needs a reason)', () => {
    const outcomes = [
      outcome('pain-nrs', 7, baselineDay),
      outcome('odi', 40, baselineDay),
      outcome('pain-nrs', 6, daysAgo(1)),
      outcome('odi', 36, daysAgo(1)),
    ];
    const result = next('paravertebral-im', 'low-back-pain', backPainCourse, outcomes);
    const f = only(result, 'course.non-responder');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.techniques, ['paravertebral-im']);
    assert.deepEqual(f.params, { measures: 'pain-nrs, odi' });
    assert.deepEqual(f.evidence, [
      { fact: 'pain-nrs', value: '7 → 6' },
      { fact: 'odi', value: '40 → 36' },
    ]);
    assert.equal(result.signable, true, 'a warning: an override with a reason can continue');
  });

  test('one measure reaching its MCID is a response: pain 7 → 6 but ODI 40 → 30', () => {
    const outcomes = [
      outcome('pain-nrs', 7, baselineDay),
      outcome('odi', 40, baselineDay),
      outcome('pain-nrs', 6, daysAgo(1)),
      outcome('odi', 30, daysAgo(1)),
    ];
    assert.equal(
      fired(next('paravertebral-im', 'low-back-pain', backPainCourse, outcomes), 'course.non-responder'),
      false,
    );
  });

  test('without a baseline before the first session the response cannot be judged, so no non-responder flag', () => {
    const outcomes = [outcome('pain-nrs', 6, daysAgo(1))];
    const result = next('paravertebral-im', 'low-back-pain', backPainCourse, outcomes);
    assert.equal(fired(result, 'course.non-responder'), false);
    assert.equal(fired(result, 'course.reassessment-due'), false);
  });

  test('boundary (pain, absolute): 7 → 5 (−2 points) passes; 7 → 5.1 (−1.9 points, −27%) warns', () => {
    const pain = (latest: number) => [
      outcome('pain-nrs', 7, baselineDay),
      outcome('pain-nrs', latest, daysAgo(1)),
    ];
    assert.equal(
      fired(next('paravertebral-im', 'low-back-pain', backPainCourse, pain(5)), 'course.non-responder'),
      false,
    );
    assert.equal(
      severityFor(
        next('paravertebral-im', 'low-back-pain', backPainCourse, pain(5.1)),
        'course.non-responder',
        'paravertebral-im',
      ),
      'warning',
    );
  });

  test('boundary (pain, relative): 5 → 3.5 (−30%, only −1.5 points) passes; 5 → 3.6 (−28%) warns', () => {
    const pain = (latest: number) => [
      outcome('pain-nrs', 5, baselineDay),
      outcome('pain-nrs', latest, daysAgo(1)),
    ];
    assert.equal(
      fired(next('paravertebral-im', 'low-back-pain', backPainCourse, pain(3.5)), 'course.non-responder'),
      false,
    );
    assert.equal(
      fired(next('paravertebral-im', 'low-back-pain', backPainCourse, pain(3.6)), 'course.non-responder'),
      true,
    );
  });

  test('boundary (wound area at 4 weeks): 10 → 5 cm² (−50%) passes; 10 → 5.1 cm² (−49%) warns', () => {
    const baths = [
      pastSession('bagging', daysAgo(30), { concentrationUgPerMl: 50 }),
      pastSession('bagging', daysAgo(3), { concentrationUgPerMl: 50 }),
    ];
    const wound = (latest: number) => [
      outcome('wound-area', 10, daysAgo(31)),
      outcome('wound-area', latest, daysAgo(1)),
    ];
    assert.equal(
      fired(next('bagging', 'diabetic-foot-ulcer', baths, wound(5)), 'course.non-responder'),
      false,
    );
    assert.equal(
      severityFor(
        next('bagging', 'diabetic-foot-ulcer', baths, wound(5.1)),
        'course.non-responder',
        'bagging',
      ),
      'warning',
    );
  });

  test('boundary (peak walking time after 10 sessions): +38 s passes; +37 s warns', () => {
    const pad = sessions('mah', 10, 3);
    const walking = (latest: number) => [
      outcome('peak-walking-time', 200, daysAgo(31)),
      outcome('peak-walking-time', latest, daysAgo(1)),
    ];
    assert.equal(
      fired(next('mah', 'peripheral-arterial-disease', pad, walking(238)), 'course.non-responder'),
      false,
    );
    assert.equal(
      severityFor(
        next('mah', 'peripheral-arterial-disease', pad, walking(237)),
        'course.non-responder',
        'mah',
      ),
      'warning',
    );
  });

  // ENGINE BUG (reported): meetsMcid compares floating-point differences without tolerance, so an exact MCID can miss.
  test('a peak walking time from 95.7 s to 133.7 s after 10 sessions — exactly the +38 s MCID — is not flagged as non-response', () => {
    const walking = [
      outcome('peak-walking-time', 95.7, daysAgo(31)),
      outcome('peak-walking-time', 133.7, daysAgo(1)),
    ];
    assert.equal(
      fired(
        next('mah', 'peripheral-arterial-disease', sessions('mah', 10, 3), walking),
        'course.non-responder',
      ),
      false,
    );
  });
});

describe('course.adverse-event-unreviewed', () => {
  test('a grade-2 adverse event awaiting physician review stops the next order', () => {
    const done = pastSession('mah', daysAgo(3), {
      concentrationUgPerMl: 25,
      adverseEvents: [adverseEvent(2)],
    });
    const result = next('mah', 'diabetic-foot-ulcer', [done]);
    const f = only(result, 'course.adverse-event-unreviewed');
    assert.equal(f.severity, 'hard-stop');
    assert.deepEqual(f.techniques, ['mah']);
    assert.deepEqual(f.evidence, [
      { fact: 'adverse-event-unreviewed', date: done.performedAt, resource: `session/${done.id}` },
    ]);
    assert.equal(result.signable, false);
  });

  test('an ungraded adverse event is treated as needing review', () => {
    const done = pastSession('mah', daysAgo(3), {
      concentrationUgPerMl: 25,
      adverseEvents: [adverseEvent(undefined)],
    });
    assert.equal(
      severityFor(next('mah', 'diabetic-foot-ulcer', [done]), 'course.adverse-event-unreviewed', 'mah'),
      'hard-stop',
    );
  });

  test('once a physician has reviewed the grade-2 event, the order is not stopped for it', () => {
    const done = pastSession('mah', daysAgo(3), {
      concentrationUgPerMl: 25,
      adverseEvents: [adverseEvent(2, true)],
    });
    const result = next('mah', 'diabetic-foot-ulcer', [done]);
    assert.equal(fired(result, 'course.adverse-event-unreviewed'), false);
    assert.equal(result.signable, true);
  });

  test('boundary: an unreviewed grade-1 event passes; an unreviewed grade-2 event stops', () => {
    const withEvent = (grade: number) => [
      pastSession('mah', daysAgo(3), { concentrationUgPerMl: 25, adverseEvents: [adverseEvent(grade)] }),
    ];
    assert.equal(
      fired(next('mah', 'diabetic-foot-ulcer', withEvent(1)), 'course.adverse-event-unreviewed'),
      false,
    );
    assert.equal(
      fired(next('mah', 'diabetic-foot-ulcer', withEvent(2)), 'course.adverse-event-unreviewed'),
      true,
    );
  });

  test('an unreviewed event after any technique stops orders of every technique (it is about the patient)', () => {
    const rectal = pastSession('rectal-insufflation', daysAgo(3), { adverseEvents: [adverseEvent(2)] });
    assert.equal(
      severityFor(next('mah', 'diabetic-foot-ulcer', [rectal]), 'course.adverse-event-unreviewed', 'mah'),
      'hard-stop',
    );
  });
});

describe('reviewCourse', () => {
  test('review points: after session 6 for pain goals, at 4 weeks for wound goals, after 10 sessions for vascular goals', () => {
    const expected: Record<GoalCode, unknown> = {
      'low-back-pain': { kind: 'after-sessions', sessions: 6 },
      'knee-osteoarthritis': { kind: 'after-sessions', sessions: 6 },
      'musculoskeletal-pain': { kind: 'after-sessions', sessions: 6 },
      'diabetic-foot-ulcer': { kind: 'after-weeks', weeks: 4 },
      'ischemic-wound': { kind: 'after-weeks', weeks: 4 },
      'peripheral-arterial-disease': { kind: 'after-sessions', sessions: 10 },
      'recovery-support': { kind: 'after-sessions', sessions: 10 },
      other: undefined,
    };
    for (const goal of GOAL_CODES) assert.deepEqual(GOALS[goal].reviewPoint, expected[goal], goal);
  });

  test('before the review point the course continues', () => {
    const review = reviewCourse('low-back-pain', backPainCourse.slice(0, 5), [], AS_OF);
    assert.equal(review.reviewPointReached, false);
    assert.equal(review.reachedAt, undefined);
    assert.equal(review.recommendation, 'continue');
  });

  test('at the review point with nothing measured since, it asks for reassessment', () => {
    const review = reviewCourse(
      'low-back-pain',
      backPainCourse,
      [outcome('pain-nrs', 7, baselineDay)],
      AS_OF,
    );
    assert.equal(review.reviewPointReached, true);
    assert.equal(review.reachedAt, sixthSession);
    assert.equal(review.outcomeSinceReview, false);
    assert.equal(review.response, 'not-evaluable');
    assert.equal(review.recommendation, 'reassess');
  });

  test('a responder continues; the response records baseline, latest, change and percentage', () => {
    const outcomes = [outcome('pain-nrs', 7, baselineDay), outcome('pain-nrs', 5, daysAgo(1))];
    const review = reviewCourse('low-back-pain', backPainCourse, outcomes, AS_OF);
    assert.deepEqual(review.responses, [
      { measure: 'pain-nrs', baseline: 7, latest: 5, change: -2, changePercent: -28.6, metMcid: true },
    ]);
    assert.equal(review.response, 'responder');
    assert.equal(review.recommendation, 'continue');
  });

  test('a plan reviewed after 3 sessions is judged after the third, not at the goal’s sixth', () => {
    const threeSessions = backPainCourse.slice(0, 3);
    const third = threeSessions[2]!.performedAt;
    const afterThird = new Date(Date.parse(third) + MS_PER_DAY).toISOString();
    const outcomes = [outcome('pain-nrs', 7, baselineDay), outcome('pain-nrs', 3, afterThird)];
    const ownPoint = reviewCourse('low-back-pain', threeSessions, outcomes, AS_OF, {
      kind: 'after-sessions',
      sessions: 3,
    });
    assert.equal(ownPoint.reviewPointReached, true);
    assert.equal(ownPoint.reachedAt, third);
    assert.equal(ownPoint.response, 'responder');
    // Without the plan's point the goal's default (session 6) applies and nothing can be judged yet.
    const goalPoint = reviewCourse('low-back-pain', threeSessions, outcomes, AS_OF);
    assert.equal(goalPoint.reviewPointReached, false);
    assert.equal(goalPoint.response, 'not-evaluable');
  });

  test('a non-responder is recommended to stop', () => {
    const outcomes = [outcome('pain-nrs', 7, baselineDay), outcome('pain-nrs', 6, daysAgo(1))];
    const review = reviewCourse('low-back-pain', backPainCourse, outcomes, AS_OF);
    assert.equal(review.response, 'non-responder');
    assert.equal(review.recommendation, 'stop');
  });

  test('the baseline is the latest value at or before the first session; the latest is the newest after the review point', () => {
    const firstSession = backPainCourse[0]!.performedAt;
    const outcomes = [
      outcome('pain-nrs', 9, daysAgo(60)),
      outcome('pain-nrs', 8, firstSession),
      outcome('pain-nrs', 3, daysAgo(20)), // mid-course, before the review point: ignored
      outcome('pain-nrs', 7, daysAgo(3)),
      outcome('pain-nrs', 6, daysAgo(1)),
      outcome('pain-nrs', 0, new Date(AS_OF.getTime() + MS_PER_DAY).toISOString()), // after the check time: ignored
    ];
    const [response] = reviewCourse('low-back-pain', backPainCourse, outcomes, AS_OF).responses;
    assert.equal(response?.baseline, 8);
    assert.equal(response?.latest, 6);
  });

  test('measures without an MCID (PGIC, goal-specific) cannot be judged: recovery support asks for reassessment', () => {
    const outcomes = [outcome('pgic', 4, daysAgo(40)), outcome('pgic', 2, daysAgo(1))];
    const review = reviewCourse('recovery-support', sessions('mah', 10, 3), outcomes, AS_OF);
    assert.equal(review.outcomeSinceReview, true);
    assert.equal(review.response, 'not-evaluable');
    assert.equal(review.recommendation, 'reassess');
  });

  test('wound goals reach their review point 4 weeks after the first session, whatever the number of sessions', () => {
    const first = [pastSession('bagging', daysAgo(28))];
    assert.equal(reviewCourse('diabetic-foot-ulcer', first, [], AS_OF).reachedAt, AS_OF.toISOString());
    assert.equal(
      reviewCourse('ischemic-wound', [pastSession('bagging', daysAgo(27))], [], AS_OF).reviewPointReached,
      false,
    );
  });
});

describe('meetsMcid', () => {
  test('pain NRS: a fall of 2 points, or of 30%, is clinically important; a rise never is', () => {
    const pain = mcidOf('pain-nrs');
    assert.equal(meetsMcid(pain, 7, 5), true, '−2 points');
    assert.equal(meetsMcid(pain, 7, 5.5), false, '−1.5 points, −21%');
    assert.equal(meetsMcid(pain, 5, 3.5), true, '−1.5 points but −30%');
    assert.equal(meetsMcid(pain, 10, 7), true, '−3 points, −30%');
    assert.equal(meetsMcid(pain, 5, 7), false, 'worse');
  });

  test('boundary (pain NRS): −2 points and −30% pass; −1.99 points at −28% does not', () => {
    const pain = mcidOf('pain-nrs');
    assert.equal(meetsMcid(pain, 8, 6), true);
    assert.equal(meetsMcid(pain, 10, 7), true);
    assert.equal(meetsMcid(pain, 7, 5.01), false);
  });

  test('ODI: a fall of 10 points is clinically important, 9 is not (no relative threshold)', () => {
    const odi = mcidOf('odi');
    assert.equal(meetsMcid(odi, 40, 30), true);
    assert.equal(meetsMcid(odi, 40, 31), false);
    assert.equal(meetsMcid(odi, 12, 4), false, '−67% but only −8 points');
  });

  test('wound area: halving at 4 weeks is clinically important; −49.9% is not', () => {
    const wound = mcidOf('wound-area');
    assert.equal(meetsMcid(wound, 10, 5), true);
    assert.equal(meetsMcid(wound, 12.4, 6.2), true);
    assert.equal(meetsMcid(wound, 10, 5.01), false);
    assert.equal(meetsMcid(wound, 0, 0), false, 'no relative change from a zero baseline');
  });

  test('walking times (Gardner 2018, small MCID): peak walking time +38 s, pain-free walking time +35 s', () => {
    // SPEC-CLINICAL §4 lists "+38 s / +95 s"; CLINICAL-REFERENCE gives PWT 38/95/152 s and COT 35/87/138 s
    // (small/moderate/large). goals.ts uses the small values: PWT 38 s, COT 35 s.
    const peak = mcidOf('peak-walking-time');
    assert.equal(meetsMcid(peak, 200, 238), true);
    assert.equal(meetsMcid(peak, 200, 237.9), false);
    const painFree = mcidOf('pain-free-walking-time');
    assert.equal(meetsMcid(painFree, 100, 135), true);
    assert.equal(meetsMcid(painFree, 100, 134.9), false);
    assert.equal(meetsMcid(peak, 238, 200), false, 'a shorter walk is worse');
  });

  test('boundary (pain NRS, relative only): 3 → 2.1 is exactly −30% (−0.9 points) and meets the MCID', () => {
    assert.equal(meetsMcid(mcidOf('pain-nrs'), 3, 2.1), true);
  });

  // ENGINE BUG (reported): exact-MCID changes on decimal values miss by a floating-point rounding error.
  test('boundary: a KOOS subscale from 8.33 to 18.33 is exactly +10 points and meets the MCID', () => {
    assert.equal(meetsMcid(mcidOf('koos-subscale'), 8.33, 18.33), true);
  });

  test('boundary: peak walking time 95.7 s → 133.7 s is exactly +38 s and meets the MCID', () => {
    assert.equal(meetsMcid(mcidOf('peak-walking-time'), 95.7, 133.7), true);
  });
});
