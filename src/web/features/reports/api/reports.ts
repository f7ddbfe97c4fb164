// The clinic's reports over the API: safety (adverse events, hard-stop catches, library compliance), overrides by
// reason and technique, outcome responder rates, and decisions against ozone. Counts only; the server computes them.
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { overrideReport } from '../../../../server/routes/reports.ts';
import type { DeclineReport, OutcomeReport, SafetyReport } from '../../../../server/routes/safety-reports.ts';
import { api } from '../../../lib/api-client.ts';

export type { DeclineReport, OutcomeReport, SafetyReport };
export type OverrideReport = ReturnType<typeof overrideReport>;

const report = <T>(name: string) =>
  queryOptions({
    queryKey: ['reports', name],
    queryFn: ({ signal }) => api<T>(`/api/reports/${name}`, { signal }),
  });

export const useSafetyReport = () => useQuery(report<SafetyReport>('safety'));
export const useOverrideReport = () => useQuery(report<OverrideReport>('overrides'));
export const useOutcomeReport = () => useQuery(report<OutcomeReport>('outcomes'));
export const useDeclineReport = () => useQuery(report<DeclineReport>('declines'));
