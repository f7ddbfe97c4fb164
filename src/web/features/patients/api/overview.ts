// Where each patient of the list page stands (goal, status), asked for the ids the page shows, in one request.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { PatientOverview, PatientStatus } from '../../../../server/services/patient-overview.ts';
import { api } from '../../../lib/api-client.ts';

export type { PatientOverview, PatientStatus };

export const overviewQuery = (patientIds: readonly string[]) =>
  queryOptions({
    queryKey: ['patients', 'overview', patientIds],
    queryFn: async ({ signal }) =>
      (
        await api<{ overviews: PatientOverview[] }>(
          `/api/patients/overview?ids=${patientIds.map(encodeURIComponent).join(',')}`,
          { signal },
        )
      ).overviews,
    enabled: patientIds.length > 0,
  });

/** A lookup by patient id; undefined while loading (the list shows names first). */
export function useOverviews(patientIds: readonly string[]): (id: string) => PatientOverview | undefined {
  const { data } = useQuery(overviewQuery(patientIds));
  const byId = new Map((data ?? []).map((overview) => [overview.id, overview]));
  return (id) => byId.get(id);
}
