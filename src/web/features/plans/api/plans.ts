// What the decision step reads and writes: the patient's plans and orders, the intake goal and the screening's
// eligibility, the current approved library entry, the server's dry-run dose check, and the three writes (a plan,
// an order under it, a decision against ozone).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  decisionView,
  detectedIssueView,
  goalEvidenceView,
  intakeVersionView,
  libraryVersionSummaryView,
  libraryVersionView,
  orderView,
  planView,
  screeningView,
} from '../../../../server/schemas/record-views.ts';
import type {
  evaluationView,
  libraryEntryView,
  overrideReason,
  programmeComponent,
  reviewPoint,
} from '../../../../server/schemas/clinical.ts';
import type { Finding } from '../../../../clinical/findings.ts';
import { api } from '../../../lib/api-client.ts';

export type Plan = z.infer<typeof planView>;
export type Order = z.infer<typeof orderView>;
export type DetectedIssue = z.infer<typeof detectedIssueView>;
export type Decision = z.infer<typeof decisionView>;
export type Screening = z.infer<typeof screeningView>;
/** The engine's evaluation as sent: its findings are the engine's own (the view only loosens their codes to strings). */
export type Evaluation = Omit<z.infer<typeof evaluationView>, 'findings'> & {
  readonly findings: readonly Finding[];
};
export type LibraryEntry = z.infer<typeof libraryEntryView>;
export type OverrideReason = z.infer<typeof overrideReason>;
export type ProgrammeComponent = z.infer<typeof programmeComponent>;
export type ReviewPoint = z.infer<typeof reviewPoint>;
export type Eligibility = NonNullable<Screening['eligibility'][keyof Screening['eligibility']]>;

export const DOSE_FIELDS = ['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl', 'durationMin'] as const;
export type DoseField = (typeof DOSE_FIELDS)[number];
export type DoseValues = Partial<Record<DoseField, number>>;

export interface OverrideAnswer {
  readonly ruleId: string;
  readonly reason: OverrideReason;
  readonly comment?: string;
}

export interface OrderCheck {
  readonly evaluation: Evaluation;
  readonly library: { readonly id: string; readonly version: string };
  readonly entry?: LibraryEntry;
  readonly flags: Partial<Record<DoseField, 'hard-stop' | 'warning'>>;
}

const patientPath = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;

export const plansQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'plans'],
    queryFn: () => api<{ plans: readonly Plan[] }>(`${patientPath(patientId)}/plans`),
  });
export const usePlans = (patientId: string) => useQuery(plansQuery(patientId));

export const ordersQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'orders'],
    queryFn: () =>
      api<{ orders: readonly { order: Order; overrides: readonly DetectedIssue[] }[] }>(
        `${patientPath(patientId)}/orders`,
      ),
  });
export const useOrders = (patientId: string) => useQuery(ordersQuery(patientId));

export const intakeQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'intake'],
    queryFn: () => api<{ intake: z.infer<typeof intakeVersionView> }>(`${patientPath(patientId)}/intake`),
    retry: false,
  });
export const useIntake = (patientId: string) => useQuery(intakeQuery(patientId));

export const screeningQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'screening'],
    queryFn: () =>
      api<{ screening: Screening; goal?: z.infer<typeof goalEvidenceView> }>(
        `${patientPath(patientId)}/screening`,
      ),
    retry: false,
  });
export const useScreening = (patientId: string) => useQuery(screeningQuery(patientId));

type LibraryVersion = z.infer<typeof libraryVersionView>;

/** The library version care uses now: the newest approved one. */
async function fetchCurrentLibrary(): Promise<LibraryVersion | null> {
  const { versions } = await api<{ versions: z.infer<typeof libraryVersionSummaryView>[] }>(
    '/api/library/versions',
  );
  const approved = versions.filter((v) => v.status === 'approved').at(-1);
  if (!approved) return null;
  return (await api<{ version: LibraryVersion }>(`/api/library/versions/${approved.id}`)).version;
}
export const currentLibraryQuery = queryOptions({
  queryKey: ['library', 'current'],
  queryFn: fetchCurrentLibrary,
  staleTime: 60_000,
});
export const useCurrentLibrary = () => useQuery(currentLibraryQuery);

export interface DraftOrder {
  readonly technique: string;
  readonly goal?: { readonly code: string; readonly text?: string };
  readonly values: DoseValues;
}

export const checkOrderDraft = (patientId: string, draft: DraftOrder, signal?: AbortSignal) =>
  api<OrderCheck>(`${patientPath(patientId)}/order-check`, {
    method: 'POST',
    body: draft,
    ...(signal ? { signal } : {}),
  });

/** The server's dry-run check of one set of values; `null` while there is nothing to check. */
export const useOrderCheck = (patientId: string, draft: DraftOrder | null) =>
  useQuery({
    queryKey: ['patients', patientId, 'order-check', draft],
    queryFn: ({ signal }) => checkOrderDraft(patientId, draft!, signal),
    enabled: draft !== null,
    placeholderData: (previous) => previous,
    retry: false,
    staleTime: 30_000,
  });

export interface NewPlan {
  readonly goal: { readonly code: string; readonly text?: string };
  readonly technique: string;
  readonly escalationSchedule: readonly DoseValues[];
  readonly courseSessions: number;
  readonly reviewPoint?: ReviewPoint;
  readonly programme?: readonly ProgrammeComponent[];
}

export const createPlan = (patientId: string, plan: NewPlan) =>
  api<{ plan: Plan; decision: Decision }>(`${patientPath(patientId)}/plans`, { method: 'POST', body: plan });

export const signOrder = (
  planId: string,
  order: { readonly values: DoseValues; readonly overrides?: readonly OverrideAnswer[] },
) =>
  api<{ order: Order; overrides: readonly DetectedIssue[] }>(
    `/api/plans/${encodeURIComponent(planId)}/orders`,
    { method: 'POST', body: order },
  );

export const decideAgainstOzone = (
  patientId: string,
  decision: { readonly reason: string; readonly comment?: string },
) => api<{ decision: Decision }>(`${patientPath(patientId)}/decisions`, { method: 'POST', body: decision });

// The coded lists the forms offer; the compile-time checks below fail if the server's lists gain a code.
type NeverMissing<T extends never> = T;

export const OVERRIDE_REASONS = [
  'titration-plan',
  'prior-tolerance',
  'specialist-advice',
  'patient-informed-choice',
  'data-error-corrected',
  'other',
] as const satisfies readonly OverrideReason[];
export type EveryOverrideReasonListed = NeverMissing<
  Exclude<OverrideReason, (typeof OVERRIDE_REASONS)[number]>
>;

export type NoOzoneReason = NonNullable<Decision['reason']>;
export const NO_OZONE_REASONS = [
  'contraindicated',
  'insufficient-evidence',
  'fundamentals-first',
  'patient-declined',
  'other',
] as const satisfies readonly NoOzoneReason[];
export type EveryNoOzoneReasonListed = NeverMissing<
  Exclude<NoOzoneReason, (typeof NO_OZONE_REASONS)[number]>
>;

export const PROGRAMME_COMPONENTS = [
  'rehabilitation',
  'hyperbaric-oxygen',
  'peptide-protocol',
  'regenerative-care',
] as const satisfies readonly ProgrammeComponent['component'][];
export type EveryComponentListed = NeverMissing<
  Exclude<ProgrammeComponent['component'], (typeof PROGRAMME_COMPONENTS)[number]>
>;

export const PROGRAMME_TIMINGS = [
  'before',
  'alongside',
  'after',
] as const satisfies readonly ProgrammeComponent['timing'][];
