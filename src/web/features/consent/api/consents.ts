// Consent as the clinic records it: the current templates, the patient's consents, a signature given on the clinic's
// screen, and the physician's countersignature. Also the patient (for their language and name) and their plans (for
// the technique to consent to).
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  consentTemplateView,
  consentView,
  patientView,
  planView,
} from '../../../../server/schemas/record-views.ts';
import { api } from '../../../lib/api-client.ts';

export type ConsentTemplate = z.infer<typeof consentTemplateView>;
export type Consent = z.infer<typeof consentView>;
export type Patient = z.infer<typeof patientView>;
type Plan = z.infer<typeof planView>;

const patientPath = (patientId: string) => `/api/patients/${encodeURIComponent(patientId)}`;

export const templatesQuery = queryOptions({
  queryKey: ['consent-templates'],
  queryFn: () => api<{ templates: ConsentTemplate[] }>('/api/consent-templates'),
  staleTime: 60_000,
});
export const useConsentTemplates = () => useQuery(templatesQuery);

export const consentsQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'consents'],
    queryFn: () => api<{ consents: readonly Consent[] }>(`${patientPath(patientId)}/consents`),
  });
export const useConsents = (patientId: string) => useQuery(consentsQuery(patientId));

export const patientQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId],
    queryFn: () => api<{ patient: Patient }>(patientPath(patientId)),
  });
export const usePatient = (patientId: string) => useQuery(patientQuery(patientId));

export const patientPlansQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patients', patientId, 'plans'],
    queryFn: () => api<{ plans: readonly Plan[] }>(`${patientPath(patientId)}/plans`),
  });
export const usePatientPlans = (patientId: string) => useQuery(patientPlansQuery(patientId));

/** Staff record a signature the patient gave on the clinic's screen (`electronic`). */
export const recordScreenSignature = (
  patientId: string,
  consent: { readonly templateId: string; readonly techniques?: readonly string[]; readonly name: string },
) =>
  api<{ consent: Consent }>(`${patientPath(patientId)}/consents`, {
    method: 'POST',
    body: {
      templateId: consent.templateId,
      ...(consent.techniques ? { techniques: consent.techniques } : {}),
      patientSignature: { name: consent.name, method: 'electronic' },
    },
  });

export const countersign = (consentId: string) =>
  api<{ consent: Consent }>(`/api/consents/${encodeURIComponent(consentId)}/countersign`, {
    method: 'POST',
    body: {},
  });

/** The template for `technique` in `language`, else in English, else in any language. */
export function templateFor(
  templates: readonly ConsentTemplate[],
  technique: string,
  language: string | undefined,
): ConsentTemplate | undefined {
  const covering = templates.filter((t) => (t.techniques as readonly string[]).includes(technique));
  const base = (tag: string | undefined) => tag?.toLowerCase().split('-')[0];
  return (
    covering.find((t) => base(t.language) === base(language)) ??
    covering.find((t) => base(t.language) === 'en') ??
    covering[0]
  );
}
