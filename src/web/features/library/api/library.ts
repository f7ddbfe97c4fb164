// The protocol library over the API: every version (summaries), one version in full, a new draft from a base with
// the medical director's edits, and its approval. The server decides what a valid library is; this only asks.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { libraryEntryEdit } from '../../../../server/schemas/clinical.ts';
import type {
  libraryVersionSummaryView,
  libraryVersionView,
} from '../../../../server/schemas/record-views.ts';
import { api } from '../../../lib/api-client.ts';

export type LibraryVersionSummary = z.infer<typeof libraryVersionSummaryView>;
export type LibraryVersion = z.infer<typeof libraryVersionView>;
export type LibraryEntry = NonNullable<
  LibraryVersion['library']['entries'][keyof LibraryVersion['library']['entries']]
>;
export type EntryEdit = z.input<typeof libraryEntryEdit>;

export const libraryVersionsQuery = queryOptions({
  queryKey: ['library', 'versions'],
  queryFn: async ({ signal }) =>
    (await api<{ versions: LibraryVersionSummary[] }>('/api/library/versions', { signal })).versions,
});

export const useLibraryVersions = () => useQuery(libraryVersionsQuery);

export const libraryVersionQuery = (id: string) =>
  queryOptions({
    queryKey: ['library', 'version', id],
    queryFn: async ({ signal }) =>
      (await api<{ version: LibraryVersion }>(`/api/library/versions/${id}`, { signal })).version,
    // An approved version never changes; a draft changes only by approval, after which the list is refetched.
    staleTime: 5 * 60_000,
  });

export const useLibraryVersion = (id: string | null) =>
  useQuery({ ...libraryVersionQuery(id ?? ''), enabled: id !== null });

export interface NewDraft {
  readonly basedOn: string;
  readonly note?: string;
  readonly entries: Partial<Record<string, EntryEdit>>;
}

export function useCreateDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (draft: NewDraft) =>
      (await api<{ version: LibraryVersion }>('/api/library/versions', { method: 'POST', body: draft }))
        .version,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['library'] }),
  });
}

export function useApproveVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      (
        await api<{ version: LibraryVersion }>(`/api/library/versions/${id}/approve`, {
          method: 'POST',
          body: {},
        })
      ).version,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['library'] }),
  });
}
