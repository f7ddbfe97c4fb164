// The audit trail over the API: a search by patient, actor, action and time (newest first, paged by sequence number),
// the hash-chain check, and the names the filters offer (patients by name, clinical staff).
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditEventView, patientView } from '../../../../server/schemas/record-views.ts';
import { api } from '../../../lib/api-client.ts';

export type AuditEvent = z.infer<typeof auditEventView>;
type Patient = z.infer<typeof patientView>;

export interface AuditFilters {
  readonly patientId?: string;
  readonly actorId?: string;
  readonly action?: string;
  /** `YYYY-MM-DD`, from the start of that day (UTC). */
  readonly fromDate?: string;
  /** `YYYY-MM-DD`, to the end of that day (UTC). */
  readonly toDate?: string;
}

export const AUDIT_PAGE_SIZE = 50;

const DAY_MS = 86_400_000;

function searchParams(filters: AuditFilters, before: number | undefined): URLSearchParams {
  const params = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (filters.patientId) params.set('patientId', filters.patientId);
  if (filters.actorId) params.set('actorId', filters.actorId);
  if (filters.action) params.set('action', filters.action);
  if (filters.fromDate) params.set('from', new Date(`${filters.fromDate}T00:00:00Z`).toISOString());
  if (filters.toDate)
    params.set('to', new Date(Date.parse(`${filters.toDate}T00:00:00Z`) + DAY_MS).toISOString());
  if (before !== undefined) params.set('before', String(before));
  return params;
}

export const auditEventsQuery = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'events', filters],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      api<{ events: AuditEvent[]; next?: number }>(`/api/audit?${searchParams(filters, pageParam)}`, {
        signal,
      }),
    getNextPageParam: (page) => page.next,
  });

export const useAuditEvents = (filters: AuditFilters) => useInfiniteQuery(auditEventsQuery(filters));

export interface ChainCheck {
  readonly ok: boolean;
  readonly rows: number;
  readonly headHash?: string;
  readonly brokenAt?: number;
  readonly reason?: string;
}

export const auditVerifyQuery = queryOptions({
  queryKey: ['audit', 'verify'],
  queryFn: ({ signal }) => api<ChainCheck>('/api/audit/verify', { signal }),
});

export const useAuditVerify = () => useQuery(auditVerifyQuery);

/** Patients whose name starts with `name`, for the patient filter (roles that may list patients). */
export const patientOptionsQuery = (name: string) =>
  queryOptions({
    queryKey: ['audit', 'patient-options', name.trim()],
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({ limit: '20' });
      if (name.trim()) params.set('name', name.trim());
      return (await api<{ patients: Patient[] }>(`/api/patients?${params}`, { signal })).patients;
    },
    placeholderData: (previous) => previous,
  });

export const usePatientOptions = (name: string, allowed: boolean) =>
  useQuery({ ...patientOptionsQuery(name), enabled: allowed });
