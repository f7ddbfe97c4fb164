// Course rules: review at the pre-set point, stop non-responders, and never carry on past an unreviewed adverse
// event (CLINICAL-REFERENCE §5 tracking and §8 tracking design).

import { reviewCourse } from '../outcomes.ts';
import { goalOf } from './indication.ts';
import { earlierSessions } from './history.ts';
import type { Rule } from './rule.ts';
import { finding } from './rule.ts';

/** `course.reassessment-due` and `course.non-responder` — judged on the sessions of the ordered technique. */
export const courseReview: Rule = (input) => {
  const technique = input.order?.technique;
  const goal = goalOf(input)?.code;
  if (input.mode === 'screening' || technique === undefined || goal === undefined) return [];
  const review = reviewCourse(goal, earlierSessions(input), input.history.outcomes, input.asOf);
  if (!review.reviewPointReached) return [];
  if (!review.outcomeSinceReview) {
    return [
      finding('course.reassessment-due', 'hard-stop', {
        techniques: [technique],
        message: `The review point was reached on ${review.reachedAt?.slice(0, 10)}: record the outcome measures before going on.`,
        params: { reachedAt: review.reachedAt ?? '' },
        evidence: [{ fact: 'review-point-reached', ...(review.reachedAt ? { date: review.reachedAt } : {}) }],
      }),
    ];
  }
  if (review.response !== 'non-responder') return [];
  return [
    finding('course.non-responder', 'warning', {
      techniques: [technique],
      message: `Outcome at the review point misses its MCID (${review.responses
        .map((r) => `${r.measure} ${r.baseline} → ${r.latest}`)
        .join('; ')}): stopping is recommended.`,
      params: { measures: review.responses.map((r) => r.measure).join(', ') },
      evidence: review.responses.map((r) => ({ fact: r.measure, value: `${r.baseline} → ${r.latest}` })),
    }),
  ];
};

/** `course.adverse-event-unreviewed` — an adverse event of grade 2 or more (or ungraded) waits for a physician. */
export const adverseEventUnreviewed: Rule = ({ mode, history, order }) => {
  if (mode === 'screening' || order?.technique === undefined) return [];
  const pending = history.sessions.filter((s) =>
    s.adverseEvents.some((ae) => !ae.reviewed && (ae.grade === undefined || ae.grade >= 2)),
  );
  if (pending.length === 0) return [];
  return [
    finding('course.adverse-event-unreviewed', 'hard-stop', {
      techniques: [order.technique],
      message: `An adverse event of grade 2 or more awaits physician review (${pending.map((s) => s.performedAt.slice(0, 10)).join(', ')}).`,
      evidence: pending.map((s) => ({
        fact: 'adverse-event-unreviewed',
        date: s.performedAt,
        resource: `session/${s.id}`,
      })),
    }),
  ];
};
