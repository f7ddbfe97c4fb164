// Course review: has the goal's review point been reached, was an outcome recorded since, and did the patient reach
// the minimal clinically important difference? (CLINICAL-REFERENCE §8 tracking design: flag a non-responder at the
// pre-set review point, and move to standard pathways rather than more ozone.)

import type { OutcomeRecord, SessionRecord } from './care.ts';
import { toEpochMs } from './facts.ts';
import type { GoalCode, Mcid, OutcomeMeasureCode, ReviewPoint } from './goals.ts';
import { GOALS, OUTCOME_MEASURES } from './goals.ts';
import { MS_PER_DAY } from './units.ts';

export interface MeasureResponse {
  readonly measure: OutcomeMeasureCode;
  readonly baseline: number;
  readonly latest: number;
  readonly change: number;
  readonly changePercent: number | undefined;
  readonly metMcid: boolean;
}

export type Recommendation = 'continue' | 'reassess' | 'stop';

export interface CourseReview {
  readonly reviewPointReached: boolean;
  /** When the review point was reached (the N-th session, or N weeks after the first). */
  readonly reachedAt: string | undefined;
  readonly outcomeSinceReview: boolean;
  readonly responses: readonly MeasureResponse[];
  readonly response: 'responder' | 'non-responder' | 'not-evaluable';
  readonly recommendation: Recommendation;
}

/** Measured values carry decimals (95.7 → 133.7 s): differences are compared with a small tolerance. */
const TOLERANCE = 1e-9;

/** Whether a change from baseline reaches the MCID (absolute or relative, whichever is given and met first). */
export function meetsMcid(mcid: Mcid, baseline: number, latest: number): boolean {
  const improvement = mcid.direction === 'decrease' ? baseline - latest : latest - baseline;
  if (
    mcid.absolute !== undefined &&
    improvement >= mcid.absolute - TOLERANCE * Math.max(1, Math.abs(mcid.absolute))
  )
    return true;
  if (mcid.relativePercent !== undefined && baseline !== 0) {
    return (improvement / Math.abs(baseline)) * 100 >= mcid.relativePercent - TOLERANCE * 100;
  }
  return false;
}

function reviewReachedAt(
  point: ReviewPoint | undefined,
  sessions: readonly SessionRecord[],
  asOf: Date,
): string | undefined {
  if (!point || sessions.length === 0) return undefined;
  if (point.kind === 'after-sessions') return sessions[point.sessions - 1]?.performedAt;
  const firstMs = toEpochMs(sessions[0]?.performedAt);
  if (firstMs === undefined) return undefined;
  const reachedMs = firstMs + point.weeks * 7 * MS_PER_DAY;
  return reachedMs <= asOf.getTime() ? new Date(reachedMs).toISOString() : undefined;
}

/**
 * Reviews a course for a goal. `sessions` are the course's sessions (oldest first); baseline is the latest value of
 * each measure recorded at or before the first session; the latest value is the newest recorded after the review point.
 * The review point is the plan's own when the physician set one, else the goal's default (SPEC-CLINICAL §4).
 */
export function reviewCourse(
  goal: GoalCode,
  sessions: readonly SessionRecord[],
  outcomes: readonly OutcomeRecord[],
  asOf: Date,
  reviewPoint: ReviewPoint | undefined = GOALS[goal].reviewPoint,
): CourseReview {
  const reachedAt = reviewReachedAt(reviewPoint, sessions, asOf);
  const reachedMs = toEpochMs(reachedAt);
  const firstMs = toEpochMs(sessions[0]?.performedAt);
  const nowMs = asOf.getTime();
  const dated = outcomes
    .map((o) => ({ ...o, ms: toEpochMs(o.recordedAt) }))
    .filter((o): o is OutcomeRecord & { ms: number } => o.ms !== undefined && o.ms <= nowMs)
    .sort((a, b) => a.ms - b.ms);
  // Only the goal's own measures count as reassessing it (a wound area does not review a back-pain course).
  const measures: readonly OutcomeMeasureCode[] = GOALS[goal].outcomeMeasures;
  const sinceReview =
    reachedMs === undefined ? [] : dated.filter((o) => o.ms >= reachedMs && measures.includes(o.measure));
  const responses: MeasureResponse[] = [];
  for (const code of measures) {
    const mcid = OUTCOME_MEASURES[code].mcid;
    const baseline = dated
      .filter((o) => o.measure === code && firstMs !== undefined && o.ms <= firstMs)
      .at(-1);
    const latest = sinceReview.filter((o) => o.measure === code).at(-1);
    if (!mcid || !baseline || !latest) continue;
    const change = latest.value - baseline.value;
    responses.push({
      measure: code,
      baseline: baseline.value,
      latest: latest.value,
      change,
      changePercent:
        baseline.value !== 0 ? Math.round((change / Math.abs(baseline.value)) * 1000) / 10 : undefined,
      metMcid: meetsMcid(mcid, baseline.value, latest.value),
    });
  }
  const reviewPointReached = reachedAt !== undefined;
  const outcomeSinceReview = sinceReview.length > 0;
  const response =
    responses.length === 0
      ? 'not-evaluable'
      : responses.some((r) => r.metMcid)
        ? 'responder'
        : 'non-responder';
  const recommendation: Recommendation = !reviewPointReached
    ? 'continue'
    : !outcomeSinceReview || response === 'not-evaluable'
      ? 'reassess'
      : response === 'responder'
        ? 'continue'
        : 'stop';
  return { reviewPointReached, reachedAt, outcomeSinceReview, responses, response, recommendation };
}
