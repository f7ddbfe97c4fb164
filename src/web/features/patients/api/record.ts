// The parts of a patient's record the chart frame reads: the current intake with the facts screening reads, the
// latest screening (eligibility per technique and the findings), and the plans. Keys start with ['chart', id] so an
// import or a new intake refreshes all of them at once.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  goalEvidenceView,
  intakeVersionView,
  planView,
  recordedFactView,
  screeningView,
} from '../../../../server/schemas/record-views.ts';
import { api, isApiError } from '../../../lib/api-client.ts';

export type IntakeVersion = z.infer<typeof intakeVersionView>;
export type RecordedFact = z.infer<typeof recordedFactView>;
export type Screening = z.infer<typeof screeningView>;
export type EligibilityStatus = NonNullable<Screening['eligibility'][keyof Screening['eligibility']]>;
export type GoalEvidence = z.infer<typeof goalEvidenceView>;
export type Plan = z.infer<typeof planView>;

export interface CurrentIntake {
  readonly intake: IntakeVersion;
  readonly facts: readonly RecordedFact[];
}

export interface LatestScreening {
  readonly screening: Screening;
  readonly library: { readonly id: string; readonly version: string; readonly status: string };
  readonly goal?: GoalEvidence;
}

/** A patient registered but not yet taken through intake (or screening) has none: null, not an error. */
async function orNullWhenMissing<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const intakeQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['chart', patientId, 'intake'],
    queryFn: ({ signal }) =>
      orNullWhenMissing(() => api<CurrentIntake>(`/api/patients/${patientId}/intake`, { signal })),
  });

export const useIntake = (patientId: string) => useQuery(intakeQuery(patientId));

export const screeningQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['chart', patientId, 'screening'],
    queryFn: ({ signal }) =>
      orNullWhenMissing(() => api<LatestScreening>(`/api/patients/${patientId}/screening`, { signal })),
  });

export const useScreening = (patientId: string) => useQuery(screeningQuery(patientId));

export const plansQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['chart', patientId, 'plans'],
    queryFn: async ({ signal }) =>
      (await api<{ plans: Plan[] }>(`/api/patients/${patientId}/plans`, { signal })).plans,
  });

export const usePlans = (patientId: string) => useQuery(plansQuery(patientId));

export const factsQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['chart', patientId, 'facts'],
    queryFn: async ({ signal }) =>
      (await api<{ facts: RecordedFact[] }>(`/api/patients/${patientId}/facts`, { signal })).facts,
  });

/** Current facts with their provenance, also for a patient known only from an imported document. */
export const useFacts = (patientId: string) => useQuery(factsQuery(patientId));
