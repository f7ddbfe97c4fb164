// The clinic's clinical staff (GET /api/staff, for the roles that may read it): to name who created, signed or
// amended something, and to choose a supervising physician. One query for every page, cached for five minutes.

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { staffMemberView } from '../../server/routes/staff.ts';
import { api } from './api-client.ts';

export type StaffMember = z.infer<typeof staffMemberView>;

export const staffQuery = queryOptions({
  queryKey: ['staff'],
  queryFn: async ({ signal }) => (await api<{ staff: StaffMember[] }>('/api/staff', { signal })).staff,
  staleTime: 5 * 60_000,
});

/** The staff list, when this role may read it. */
export const useStaff = (allowed: boolean) => useQuery({ ...staffQuery, enabled: allowed });

/** Staff by id, when this role may read the staff list; an empty map otherwise. */
export function useStaffById(allowed: boolean): ReadonlyMap<string, StaffMember> {
  const { data } = useStaff(allowed);
  return new Map((data ?? []).map((member) => [member.id, member]));
}
