// A patient's timeline, newest first, keyset-paged by the server: each page carries the cursor of the next (older)
// one. Staff names come from the staff list when the role may read it; otherwise the chart shows "a colleague".
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { timelineEventView } from '../../../../server/schemas/record-views.ts';
import { api } from '../../../lib/api-client.ts';

export type TimelineEvent = z.infer<typeof timelineEventView>;

interface TimelinePage {
  readonly events: readonly TimelineEvent[];
  readonly next?: string;
}

export const TIMELINE_PAGE_SIZE = 100;

async function fetchTimelinePage(
  patientId: string,
  limit: number,
  cursor: string | undefined,
  signal: AbortSignal,
): Promise<TimelinePage> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  return api<TimelinePage>(`/api/patients/${patientId}/timeline?${params}`, { signal });
}

export const timelineQuery = (patientId: string) =>
  infiniteQueryOptions({
    queryKey: ['chart', patientId, 'timeline'],
    queryFn: ({ pageParam, signal }) => fetchTimelinePage(patientId, TIMELINE_PAGE_SIZE, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
  });

export const useTimeline = (patientId: string) => useInfiniteQuery(timelineQuery(patientId));

/** The latest events only (the chart summary looks for a scheduled session among them). */
export const recentEventsQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['chart', patientId, 'timeline', 'recent'],
    queryFn: async ({ signal }) => (await fetchTimelinePage(patientId, 200, undefined, signal)).events,
  });

export const useRecentEvents = (patientId: string) => useQuery(recentEventsQuery(patientId));
