// The patient's own access log: who opened or changed their record, when, and whether it was allowed.
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { accessView } from '../../../../server/schemas/record-views.ts';
import { api } from '../../../lib/api-client.ts';

export type Access = z.infer<typeof accessView>;

interface AccessPage {
  readonly accesses: Access[];
  readonly next?: number;
}

export const accessLogQuery = infiniteQueryOptions({
  queryKey: ['portal', 'access-log'],
  initialPageParam: undefined as number | undefined,
  queryFn: ({ pageParam, signal }) =>
    api<AccessPage>(`/api/me/access-log?limit=50${pageParam !== undefined ? `&before=${pageParam}` : ''}`, {
      signal,
    }),
  getNextPageParam: (page) => page.next,
});

export const useAccessLog = () => useInfiniteQuery(accessLogQuery);
