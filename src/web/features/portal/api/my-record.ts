// The patient's own record as the portal reads it: who they are (their session names their patient id), their
// intake, plans, consents and the consent texts, sessions (from the record's timeline) and each plan's course review.
// The server enforces the compartment; these fetchers only ever ask for the signed-in patient's own id.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  consentTemplateView,
  consentView,
  courseReviewView,
  intakeVersionView,
  outcomeView,
  patientView,
  planView,
  timelineEventView,
} from '../../../../server/schemas/record-views.ts';
import type { GoalCode } from '../../../../clinical/goals.ts';
import type { OutcomeMeasureCode } from '../../../../clinical/goals.ts';
import { useSession } from '../../auth/api/session.ts';
import { api, isApiError } from '../../../lib/api-client.ts';

export type Patient = z.infer<typeof patientView>;
export type IntakeVersion = z.infer<typeof intakeVersionView>;
export type Plan = z.infer<typeof planView>;
export type Consent = z.infer<typeof consentView>;
export type ConsentTemplate = z.infer<typeof consentTemplateView>;
export type CourseReview = z.infer<typeof courseReviewView>;
export type Outcome = z.infer<typeof outcomeView>;
type TimelineEvent = z.infer<typeof timelineEventView>;

/** The signed-in patient's own record id (the portal shell only renders for a patient account). */
export function useMyPatientId(): string | undefined {
  const session = useSession();
  return session.data?.user?.patientId ?? undefined;
}

const key = (patientId: string | undefined, ...rest: string[]) => ['portal', patientId ?? 'none', ...rest];

/** Not yet recorded (no intake yet): null, not an error. */
async function orNullWhenMissing<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const patientQuery = (patientId: string | undefined) =>
  queryOptions({
    queryKey: key(patientId, 'patient'),
    enabled: patientId !== undefined,
    queryFn: async ({ signal }) =>
      (await api<{ patient: Patient }>(`/api/patients/${patientId}`, { signal })).patient,
  });

export const intakeQuery = (patientId: string | undefined) =>
  queryOptions({
    queryKey: key(patientId, 'intake'),
    enabled: patientId !== undefined,
    queryFn: ({ signal }) =>
      orNullWhenMissing(
        async () =>
          (await api<{ intake: IntakeVersion }>(`/api/patients/${patientId}/intake`, { signal })).intake,
      ),
  });

export const plansQuery = (patientId: string | undefined) =>
  queryOptions({
    queryKey: key(patientId, 'plans'),
    enabled: patientId !== undefined,
    queryFn: async ({ signal }) =>
      (await api<{ plans: Plan[] }>(`/api/patients/${patientId}/plans`, { signal })).plans,
  });

export const consentsQuery = (patientId: string | undefined) =>
  queryOptions({
    queryKey: key(patientId, 'consents'),
    enabled: patientId !== undefined,
    queryFn: async ({ signal }) =>
      (await api<{ consents: Consent[] }>(`/api/patients/${patientId}/consents`, { signal })).consents,
  });

export const consentTemplatesQuery = queryOptions({
  queryKey: ['portal', 'consent-templates'],
  queryFn: async ({ signal }) =>
    (await api<{ templates: ConsentTemplate[] }>('/api/consent-templates', { signal })).templates,
  staleTime: 5 * 60_000,
});

export const courseQuery = (planId: string) =>
  queryOptions({
    queryKey: ['portal', 'course', planId],
    queryFn: async ({ signal }) =>
      (await api<{ review: CourseReview }>(`/api/plans/${planId}/course`, { signal })).review,
  });

/** A session as the patient sees it: when it is (or was), which technique, and whether it has taken place. */
export interface MySession {
  readonly id: string;
  readonly technique: string;
  /** The plan whose order the session carries out. */
  readonly planId?: string;
  readonly scheduledAt?: string;
  readonly startedAt?: string;
  readonly done: boolean;
}

/** Sessions and the patient's own questionnaire answers, gathered from the record's timeline (newest 200 events). */
export interface RecordActivity {
  readonly sessions: readonly MySession[];
  readonly outcomes: readonly {
    readonly id: string;
    readonly at: string;
    readonly measure: string;
    readonly value: number;
    readonly phase: string;
  }[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function activityOf(events: readonly TimelineEvent[]): RecordActivity {
  const sessions = new Map<string, MySession>();
  const planOfOrder = new Map<string, string>();
  const outcomes: RecordActivity['outcomes'][number][] = [];
  // Oldest first, so a session's signing overrides its creation.
  for (const event of [...events].reverse()) {
    const { detail } = event;
    if (event.kind === 'order.signed' && typeof detail.planId === 'string')
      planOfOrder.set(event.id, detail.planId);
    if (event.kind === 'session.created' || event.kind === 'session.signed') {
      const before = sessions.get(event.id);
      const scheduledAt = text(detail.scheduledAt) ?? before?.scheduledAt;
      const startedAt = text(detail.startedAt) ?? before?.startedAt;
      const planId = planOfOrder.get(text(detail.orderId) ?? '') ?? before?.planId;
      sessions.set(event.id, {
        id: event.id,
        technique: text(detail.technique) ?? before?.technique ?? '',
        ...(planId ? { planId } : {}),
        ...(scheduledAt ? { scheduledAt } : {}),
        ...(startedAt ? { startedAt } : {}),
        done: event.kind === 'session.signed' || before?.done === true,
      });
    } else if (event.kind === 'outcome.recorded' && detail.enteredInError !== true) {
      outcomes.push({
        id: event.id,
        at: event.at,
        measure: text(detail.measure) ?? '',
        value: typeof detail.value === 'number' ? detail.value : Number(detail.value),
        phase: text(detail.phase) ?? '',
      });
    }
  }
  return { sessions: [...sessions.values()], outcomes: outcomes.reverse() };
}

export const activityQuery = (patientId: string | undefined) =>
  queryOptions({
    queryKey: key(patientId, 'activity'),
    enabled: patientId !== undefined,
    queryFn: async ({ signal }) =>
      activityOf(
        (
          await api<{ events: TimelineEvent[] }>(`/api/patients/${patientId}/timeline?limit=200`, {
            signal,
          })
        ).events,
      ),
  });

export const usePatient = (patientId: string | undefined) => useQuery(patientQuery(patientId));
export const useIntake = (patientId: string | undefined) => useQuery(intakeQuery(patientId));
export const usePlans = (patientId: string | undefined) => useQuery(plansQuery(patientId));
export const useConsents = (patientId: string | undefined) => useQuery(consentsQuery(patientId));
export const useConsentTemplates = () => useQuery(consentTemplatesQuery);
export const useActivity = (patientId: string | undefined) => useQuery(activityQuery(patientId));

/** What a patient may state in their own intake (decision 0009 §7): the goal and their expectations. */
export interface MyIntake {
  readonly goal?: { readonly code?: GoalCode; readonly text?: string };
  readonly expectsCure?: boolean;
}

export function useSaveIntake(patientId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (intake: MyIntake) =>
      api<{ intakeId: string; version: number }>(`/api/patients/${patientId}/intake`, {
        method: 'PUT',
        body: { intake },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(patientId) }),
  });
}

export function useSignConsent(patientId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { templateId: string; name: string }) =>
      api<{ consent: Consent }>(`/api/patients/${patientId}/consents`, {
        method: 'POST',
        body: { templateId: input.templateId, patientSignature: { name: input.name, method: 'portal' } },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(patientId) }),
  });
}

export function useRecordOutcome(patientId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      measure: OutcomeMeasureCode;
      value: number;
      phase: 'baseline' | 'review' | 'follow-up';
      planId?: string;
    }) => api<{ outcome: Outcome }>(`/api/patients/${patientId}/outcomes`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(patientId) }),
  });
}
