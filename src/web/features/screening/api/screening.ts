// The latest screening of a patient: findings, eligibility per technique, the library version it ran against, and
// the goal's evidence grade with its citations. None yet (404) until an intake is recorded.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { goalEvidenceView, screeningView } from '../../../../server/schemas/record-views.ts';
import { api, isApiError } from '../../../lib/api-client.ts';

export type Screening = z.infer<typeof screeningView>;
export type GoalEvidence = z.infer<typeof goalEvidenceView>;

export interface LatestScreening {
  readonly screening: Screening;
  readonly library: {
    readonly id: string;
    readonly version: string;
    readonly status: 'template' | 'draft' | 'approved';
  };
  readonly goal?: GoalEvidence;
}

export async function fetchScreening(patientId: string): Promise<LatestScreening | null> {
  try {
    return await api<LatestScreening>(`/api/patients/${patientId}/screening`);
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const screeningQuery = (patientId: string) =>
  queryOptions({ queryKey: ['screening', patientId], queryFn: () => fetchScreening(patientId) });

export const useScreening = (patientId: string) => useQuery(screeningQuery(patientId));
