// A patient's sessions and one session's record: fetchers, their query options and hooks, and the writes the runner
// makes (schedule, fill in, day-of check, sign, adverse event, amendment). The list comes from the timeline, which
// already holds every session's creation and signature.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  adverseEventView,
  amendmentView,
  consentView,
  detectedIssueView,
  orderView,
  sessionView,
  timelineEventView,
} from '../../../../server/schemas/record-views.ts';
import type { evaluationView } from '../../../../server/schemas/clinical.ts';
import { api } from '../../../lib/api-client.ts';
import type { OverrideAnswer } from '../../plans/api/plans.ts';

export type OzoneSession = z.infer<typeof sessionView>;
export type Amendment = z.infer<typeof amendmentView>;
export type AdverseEvent = z.infer<typeof adverseEventView>;
export type DetectedIssue = z.infer<typeof detectedIssueView>;
export type Order = z.infer<typeof orderView>;
export type Consent = z.infer<typeof consentView>;
export type Evaluation = z.infer<typeof evaluationView>;
type TimelineEvent = z.infer<typeof timelineEventView>;

export interface SessionRecord {
  readonly session: OzoneSession;
  readonly amendments: readonly Amendment[];
  readonly adverseEvents: readonly AdverseEvent[];
  readonly overrides: readonly DetectedIssue[];
}

export interface SessionSummary {
  readonly id: string;
  readonly orderId: string;
  readonly technique: string;
  readonly createdAt: string;
  readonly scheduledAt?: string;
  readonly signedAt?: string;
}

/** Every timeline event of the patient, page after page (a patient's record is hundreds of events at most). */
export async function fetchWholeTimeline(patientId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let cursor: string | undefined;
  do {
    const query = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api<{ events: TimelineEvent[]; next?: string }>(
      `/api/patients/${patientId}/timeline?${query}`,
    );
    events.push(...page.events);
    cursor = page.next;
  } while (cursor);
  return events;
}

const text = (value: string | number | boolean | undefined): string | undefined =>
  value === undefined ? undefined : String(value);

/** The patient's sessions, newest first, from their creation and signature events. */
export async function fetchPatientSessions(patientId: string): Promise<SessionSummary[]> {
  const events = await fetchWholeTimeline(patientId);
  const signedAt = new Map(events.filter((e) => e.kind === 'session.signed').map((e) => [e.id, e.at]));
  return events
    .filter((event) => event.kind === 'session.created')
    .map((event) => {
      const signed = signedAt.get(event.id);
      const scheduledAt = text(event.detail.scheduledAt);
      return {
        id: event.id,
        orderId: text(event.detail.orderId) ?? '',
        technique: text(event.detail.technique) ?? '',
        createdAt: event.at,
        ...(scheduledAt ? { scheduledAt } : {}),
        ...(signed ? { signedAt: signed } : {}),
      };
    });
}

export const patientSessionsQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'sessions'],
    queryFn: () => fetchPatientSessions(patientId),
  });
export const usePatientSessions = (patientId: string) => useQuery(patientSessionsQuery(patientId));

export const patientOrdersQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'orders'],
    queryFn: async () =>
      (await api<{ orders: { order: Order }[] }>(`/api/patients/${patientId}/orders`)).orders.map(
        (entry) => entry.order,
      ),
  });
export const usePatientOrders = (patientId: string) => useQuery(patientOrdersQuery(patientId));

export const patientConsentsQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'consents'],
    queryFn: async () => (await api<{ consents: Consent[] }>(`/api/patients/${patientId}/consents`)).consents,
  });
export const usePatientConsents = (patientId: string) => useQuery(patientConsentsQuery(patientId));

export const sessionRecordQuery = (sessionId: string) =>
  queryOptions({
    queryKey: ['sessions', sessionId],
    queryFn: () => api<SessionRecord>(`/api/sessions/${sessionId}`),
  });
export const useSessionRecord = (sessionId: string) => useQuery(sessionRecordQuery(sessionId));

export function useScheduleSession(patientId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (orderId: string) =>
      (await api<{ session: OzoneSession }>(`/api/orders/${orderId}/sessions`, { method: 'POST', body: {} }))
        .session,
    onSuccess: () => client.invalidateQueries({ queryKey: ['patients', patientId] }),
  });
}

/** The draft body the server takes (PATCH /api/sessions/:id): a present key changes, null clears it. */
export interface DraftChange {
  readonly startedAt?: string | null;
  readonly vitals?: OzoneSession['vitals'];
  readonly consentId?: string | null;
  readonly checklist?: Record<string, boolean>;
  readonly generatorReading?: { deviceId?: string; concentrationUgPerMl: number } | null;
  readonly administered?: OzoneSession['administered'];
  readonly operator?: { id: string; credentials: string[] } | null;
  readonly supervisingPhysicianId?: string | null;
  readonly imageGuidance?: boolean | null;
  readonly notes?: string | null;
}

/** Every write of the runner refreshes the session's record (and the list, whose signed state may change). */
function useSessionWrite<Input, Output>(sessionId: string, write: (input: Input) => Promise<Output>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['sessions', sessionId] });
      await client.invalidateQueries({ queryKey: ['patients'] });
    },
  });
}

/** Saves a change and runs the engine's day-of check on what is now recorded, so the findings shown are current. */
export const useSaveDraft = (sessionId: string) =>
  useSessionWrite(sessionId, async (change: DraftChange) => {
    await api<{ session: OzoneSession }>(`/api/sessions/${sessionId}`, { method: 'PATCH', body: change });
    return (
      await api<{ evaluation: Evaluation }>(`/api/sessions/${sessionId}/pre-check`, {
        method: 'POST',
        body: {},
      })
    ).evaluation;
  });

export const usePreCheck = (sessionId: string) =>
  useSessionWrite(
    sessionId,
    async () =>
      (
        await api<{ evaluation: Evaluation }>(`/api/sessions/${sessionId}/pre-check`, {
          method: 'POST',
          body: {},
        })
      ).evaluation,
  );

/** Signs the session; each warning of the day-of check needs a coded override reason, as for orders. */
export const useSignSession = (sessionId: string) =>
  useSessionWrite(sessionId, (overrides: readonly OverrideAnswer[]) =>
    api(`/api/sessions/${sessionId}/sign`, {
      method: 'POST',
      body: overrides.length > 0 ? { overrides } : {},
    }),
  );

export const useReportAdverseEvent = (sessionId: string) =>
  useSessionWrite(sessionId, (event: { grade: number; description: string }) =>
    api(`/api/sessions/${sessionId}/adverse-events`, { method: 'POST', body: event }),
  );

export const useAmendSession = (sessionId: string) =>
  useSessionWrite(sessionId, (amendment: { field: string; value: unknown; reason: string }) =>
    api(`/api/sessions/${sessionId}/amendments`, { method: 'POST', body: amendment }),
  );
