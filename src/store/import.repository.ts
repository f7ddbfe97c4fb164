// Imports: record one (with its audit row), list what earlier imports of a patient stored, find patients by name and
// birth date for matching, and serialise imports so two cannot register the same traveller twice.

import type { Insertable, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { ImportedResource, PatientImportTable } from './import.table.ts';
import type { PatientRow } from './patient.repository.ts';
import type { Database } from './schema.ts';

export type PatientImportRow = Selectable<PatientImportTable>;
export type NewPatientImportRow = Insertable<PatientImportTable>;

/**
 * Holds the clinic-wide import lock until the transaction ends. Matching reads patients and then may create one;
 * two imports of the same traveller at once would otherwise both create them. Imports are rare: serialising them
 * costs nothing that matters.
 */
export async function lockImports(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('o3care.patient-import'))`.execute(trx);
}

export async function insertPatientImport(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewPatientImportRow,
  detail: Record<string, unknown>,
): Promise<PatientImportRow> {
  const inserted = await trx
    .insertInto('patient_import')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, context, 'patient.import', {
    patientId: inserted.patient_id,
    resource: `patient_import/${inserted.id}`,
    detail,
  });
  return inserted;
}

export interface EarlierImport extends ImportedResource {
  readonly importId: string;
  readonly importedAt: Date;
}

/** Every resource earlier imports stored for this patient, oldest first. */
export async function listImportedResources(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<EarlierImport[]> {
  const rows = await trx
    .selectFrom('patient_import')
    .select(['id', 'imported_at', 'imported_resources'])
    .where('patient_id', '=', patientId)
    .orderBy('imported_at')
    .orderBy('id')
    .execute();
  await audit(trx, context, 'patient-import.read', { patientId, detail: { count: rows.length } });
  return rows.flatMap((row) =>
    row.imported_resources.map((resource) => ({
      ...resource,
      importId: row.id,
      importedAt: row.imported_at,
    })),
  );
}

/**
 * Patients with exactly this birth date and these names, compared without case or surrounding spaces (IPS import
 * matches a traveller this way when no identifier matches). A missing name part matches only a missing one.
 */
export async function findPatientsByNameAndBirthDate(
  trx: Transaction<Database>,
  context: AuditContext,
  person: { readonly givenName?: string; readonly familyName?: string; readonly birthDate: string },
): Promise<PatientRow[]> {
  const same = (column: 'given_name' | 'family_name', value: string | undefined) =>
    value === undefined
      ? sql<boolean>`${sql.ref(column)} is null`
      : sql<boolean>`lower(trim(${sql.ref(column)})) = ${value.trim().toLowerCase()}`;
  const rows = await trx
    .selectFrom('patient')
    .selectAll()
    .where('birth_date', '=', person.birthDate)
    .where(same('given_name', person.givenName))
    .where(same('family_name', person.familyName))
    .orderBy('id')
    .execute();
  await audit(trx, context, 'patient.search', { detail: { count: rows.length, by: 'name-and-birth-date' } });
  return rows;
}
