// Patients as the list and the chart header read them: search by name (paged), one patient, registering a new one,
// and importing an IPS or other FHIR Bundle (the server reports what it took, what it skipped and why).
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { importReportView } from '../../../../server/routes/patient-import.ts';
import type { patientView } from '../../../../server/schemas/record-views.ts';
import { api } from '../../../lib/api-client.ts';

export type Patient = z.infer<typeof patientView>;
export type Sex = Patient['sex'];
export type ImportReport = z.infer<typeof importReportView>;

export const PATIENT_PAGE_SIZE = 25;

export interface PatientSearch {
  readonly name: string;
  readonly page: number;
}

export const patientSearchQuery = ({ name, page }: PatientSearch) =>
  queryOptions({
    queryKey: ['patients', 'search', { name: name.trim(), page }],
    queryFn: async ({ signal }) => {
      const params = new URLSearchParams({
        // One more than a page, to know whether a next page exists.
        limit: String(PATIENT_PAGE_SIZE + 1),
        offset: String(page * PATIENT_PAGE_SIZE),
      });
      if (name.trim() !== '') params.set('name', name.trim());
      const { patients } = await api<{ patients: Patient[] }>(`/api/patients?${params}`, { signal });
      return { patients: patients.slice(0, PATIENT_PAGE_SIZE), hasMore: patients.length > PATIENT_PAGE_SIZE };
    },
    placeholderData: (previous) => previous,
  });

export const usePatientSearch = (search: PatientSearch) => useQuery(patientSearchQuery(search));

export const patientQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patient', patientId],
    queryFn: async ({ signal }) =>
      (await api<{ patient: Patient }>(`/api/patients/${patientId}`, { signal })).patient,
  });

export const usePatient = (patientId: string) => useQuery(patientQuery(patientId));

export interface NewPatient {
  readonly givenName?: string;
  readonly familyName?: string;
  readonly birthDate?: string;
  readonly sex?: Sex;
  readonly email?: string;
  readonly phone?: string;
  readonly preferredLanguage?: string;
}

export function useCreatePatient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: NewPatient) =>
      (await api<{ patient: Patient }>('/api/patients', { method: 'POST', body: input })).patient,
    onSuccess: (patient) => {
      queryClient.setQueryData(patientQuery(patient.id).queryKey, patient);
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
    },
  });
}

export function useImportBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (bundle: unknown) =>
      api<ImportReport>('/api/patients/import', { method: 'POST', body: bundle }),
    onSuccess: (report) => {
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
      void queryClient.invalidateQueries({ queryKey: ['patient', report.patient.id] });
      void queryClient.invalidateQueries({ queryKey: ['chart', report.patient.id] });
    },
  });
}
