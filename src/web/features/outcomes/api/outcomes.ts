// A patient's outcome measures (from the record's timeline), their plans and intake goal, the engine's course review
// of a plan (continue / reassess / stop), and recording a new measure.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  courseReviewView,
  intakeVersionView,
  outcomeView,
  planView,
  timelineEventView,
} from '../../../../server/schemas/record-views.ts';
import type { OutcomeMeasureCode } from '../../../../clinical/goals.ts';
import { OUTCOME_MEASURES } from '../../../../clinical/goals.ts';
import { api, isApiError } from '../../../lib/api-client.ts';

export type Plan = z.infer<typeof planView>;
export type CourseReview = z.infer<typeof courseReviewView>;
export type Outcome = z.infer<typeof outcomeView>;
type IntakeVersion = z.infer<typeof intakeVersionView>;
type TimelineEvent = z.infer<typeof timelineEventView>;

export const OUTCOME_PHASES = ['baseline', 'review', 'follow-up'] as const;
export type OutcomePhase = (typeof OUTCOME_PHASES)[number];

export interface MeasuredValue {
  readonly id: string;
  readonly measure: OutcomeMeasureCode;
  readonly value: number;
  readonly phase: OutcomePhase;
  readonly planId?: string;
  readonly recordedAt: string;
}

const isMeasure = (code: unknown): code is OutcomeMeasureCode =>
  typeof code === 'string' && Object.hasOwn(OUTCOME_MEASURES, code);
const isPhase = (phase: unknown): phase is OutcomePhase =>
  typeof phase === 'string' && (OUTCOME_PHASES as readonly string[]).includes(phase);

/** Every outcome recorded for the patient (not those entered in error), oldest first. */
export async function fetchOutcomes(patientId: string): Promise<MeasuredValue[]> {
  const values: MeasuredValue[] = [];
  let cursor: string | undefined;
  do {
    const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api<{ events: TimelineEvent[]; next?: string }>(
      `/api/patients/${patientId}/timeline?${query}`,
    );
    for (const event of page.events) {
      const { measure, value, phase, planId, enteredInError } = event.detail;
      if (event.kind !== 'outcome.recorded' || enteredInError === true) continue;
      if (!isMeasure(measure) || typeof value !== 'number' || !isPhase(phase)) continue;
      values.push({
        id: event.id,
        measure,
        value,
        phase,
        recordedAt: event.at,
        ...(typeof planId === 'string' ? { planId } : {}),
      });
    }
    cursor = page.next;
  } while (cursor);
  return values.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
}

export const outcomesQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'outcomes'],
    queryFn: () => fetchOutcomes(patientId),
  });
export const useOutcomes = (patientId: string) => useQuery(outcomesQuery(patientId));

export const plansQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'plans'],
    queryFn: async () => (await api<{ plans: Plan[] }>(`/api/patients/${patientId}/plans`)).plans,
  });
export const usePlans = (patientId: string) => useQuery(plansQuery(patientId));

/** The current intake, or undefined when none was recorded yet (404). */
export const intakeGoalQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'intake'],
    queryFn: async () => {
      try {
        return await api<{ intake: IntakeVersion }>(`/api/patients/${patientId}/intake`);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
export const useIntake = (patientId: string) => useQuery(intakeGoalQuery(patientId));

export const courseReviewQuery = (planId: string) =>
  queryOptions({
    queryKey: ['plans', planId, 'course'],
    queryFn: async () => (await api<{ review: CourseReview }>(`/api/plans/${planId}/course`)).review,
  });
export const useCourseReview = (planId: string | undefined) =>
  useQuery({ ...courseReviewQuery(planId ?? ''), enabled: planId !== undefined });

export interface NewOutcome {
  readonly measure: OutcomeMeasureCode;
  readonly value: number;
  readonly phase: OutcomePhase;
  readonly planId?: string;
}

export function useRecordOutcome(patientId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (outcome: NewOutcome) =>
      (
        await api<{ outcome: Outcome }>(`/api/patients/${patientId}/outcomes`, {
          method: 'POST',
          body: outcome,
        })
      ).outcome,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['patients', patientId] });
      await client.invalidateQueries({ queryKey: ['plans'] });
    },
  });
}
