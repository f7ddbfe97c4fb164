// Patients: register, read, change and list demographics, contact and the medical-travel stay window.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { PatientListQuery } from '../../store/patient.repository.ts';
import {
  findPatient,
  findPatientsByIdentifier,
  insertPatient,
  listPatients,
  updatePatient,
} from '../../store/patient.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { InvalidRecordError, RecordNotFoundError } from './errors.ts';
import type { PatientUpdate } from './record-mapping.ts';
import { patientChangesToRow, patientFromRow, patientToRow } from './record-mapping.ts';
import type { Patient, PatientInput } from './record-types.ts';

export type { PatientUpdate };

export async function registerPatient(
  trx: Transaction<Database>,
  context: CareContext,
  input: PatientInput,
): Promise<Patient> {
  if (!input.givenName?.trim() && !input.familyName?.trim()) {
    throw new InvalidRecordError('$.familyName', 'a patient needs a given or a family name');
  }
  const row = await insertPatient(
    trx,
    context,
    patientToRow(randomUUID(), input, context.actorId, context.at),
  );
  return patientFromRow(row);
}

export async function getPatient(
  trx: Transaction<Database>,
  context: CareContext,
  id: string,
): Promise<Patient> {
  const row = await findPatient(trx, context, id);
  if (!row) throw new RecordNotFoundError('patient', id);
  return patientFromRow(row);
}

export async function changePatient(
  trx: Transaction<Database>,
  context: CareContext,
  id: string,
  update: PatientUpdate,
): Promise<Patient> {
  const row = await updatePatient(trx, context, id, patientChangesToRow(update, context.at));
  if (!row) throw new RecordNotFoundError('patient', id);
  return patientFromRow(row);
}

export async function findPatients(
  trx: Transaction<Database>,
  context: CareContext,
  query: PatientListQuery,
): Promise<Patient[]> {
  return (await listPatients(trx, context, query)).map(patientFromRow);
}

export interface PatientSearch extends PatientListQuery {
  /** An identifier the patient holds; without `system`, any identifier with this value. */
  readonly identifier?: { readonly system?: string; readonly value: string };
}

/** By identifier (then by name among those, if both are given), or by the start of a name; paged either way. */
export async function searchPatients(
  trx: Transaction<Database>,
  context: CareContext,
  query: PatientSearch,
): Promise<Patient[]> {
  if (query.identifier === undefined) return findPatients(trx, context, query);
  const prefix = query.name?.trim().toLowerCase() ?? '';
  const offset = query.offset ?? 0;
  return (await findPatientsByIdentifier(trx, context, query.identifier))
    .filter(
      (row) =>
        prefix === '' ||
        [row.given_name, row.family_name].some((name) => name?.toLowerCase().startsWith(prefix)),
    )
    .slice(offset, offset + query.limit)
    .map(patientFromRow);
}
