// The intake editor's reads and writes: the current intake with the facts screening reads (none yet for a new
// patient), the patient's stay window and language, and a save that writes a new intake version (the server screens
// the patient again at once) after any change to the stay or language.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../lib/api-client.ts';
import type { IntakeVersion, Patient, RecordedFact } from '../lib/intake-form.ts';

export interface CurrentIntake {
  readonly intake: IntakeVersion;
  readonly facts: readonly RecordedFact[];
}

/** The current intake, or null while none is recorded (the server answers 404; a query cannot hold undefined). */
export async function fetchIntake(patientId: string): Promise<CurrentIntake | null> {
  try {
    return await api<CurrentIntake>(`/api/patients/${patientId}/intake`);
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const intakeQuery = (patientId: string) =>
  queryOptions({ queryKey: ['intake', patientId], queryFn: () => fetchIntake(patientId) });

export const useIntake = (patientId: string) => useQuery(intakeQuery(patientId));

export const fetchPatient = async (patientId: string): Promise<Patient> =>
  (await api<{ patient: Patient }>(`/api/patients/${patientId}`)).patient;

export const intakePatientQuery = (patientId: string) =>
  queryOptions({ queryKey: ['intake', patientId, 'patient'], queryFn: () => fetchPatient(patientId) });

export const useIntakePatient = (patientId: string) => useQuery(intakePatientQuery(patientId));

export interface SavedIntake {
  readonly intakeId: string;
  readonly version: number;
}

/** Which request failed, so its field errors are read against the right body. */
export class SaveFailed extends Error {
  override name = 'SaveFailed';
  readonly step: 'patient' | 'intake';
  override readonly cause: unknown;
  constructor(step: 'patient' | 'intake', cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.step = step;
    this.cause = cause;
  }
}

export function useSaveIntake(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      readonly intake: unknown;
      readonly patientChange: Record<string, unknown> | undefined;
    }): Promise<SavedIntake> => {
      if (input.patientChange) {
        await api(`/api/patients/${patientId}`, { method: 'PATCH', body: input.patientChange }).catch(
          (error: unknown) => {
            throw new SaveFailed('patient', error);
          },
        );
      }
      return api<SavedIntake>(`/api/patients/${patientId}/intake`, {
        method: 'PUT',
        body: input.intake,
      }).catch((error: unknown) => {
        throw new SaveFailed('intake', error);
      });
    },
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['intake', patientId] }),
        queryClient.invalidateQueries({ queryKey: ['screening', patientId] }),
        queryClient.invalidateQueries({ queryKey: ['patient', patientId] }),
        queryClient.invalidateQueries({ queryKey: ['today'] }),
      ]);
    },
  });
}
