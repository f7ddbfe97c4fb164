// Patients: create, read, update, list and find by identifier. Every call appends its audit row in the same
// transaction.

import type { Insertable, Selectable, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import { jsonb } from './column-types.ts';
import type { PatientIdentifier, PatientTable } from './patient.table.ts';
import type { Database } from './schema.ts';

export type PatientRow = Selectable<PatientTable>;
export type NewPatientRow = Insertable<PatientTable>;
export type PatientChanges = Omit<Updateable<PatientTable>, 'id' | 'created_at' | 'created_by'>;

const resource = (id: string) => `patient/${id}`;

export async function insertPatient(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewPatientRow,
): Promise<PatientRow> {
  const inserted = await trx.insertInto('patient').values(row).returningAll().executeTakeFirstOrThrow();
  await audit(trx, context, 'patient.create', { patientId: inserted.id, resource: resource(inserted.id) });
  return inserted;
}

export async function findPatient(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
): Promise<PatientRow | undefined> {
  const row = await trx.selectFrom('patient').selectAll().where('id', '=', id).executeTakeFirst();
  await audit(trx, context, 'patient.read', {
    patientId: id,
    resource: resource(id),
    detail: { found: row !== undefined },
  });
  return row;
}

/**
 * Locks the patient's row until the transaction ends, so that changes to one patient's record (a new intake
 * version, a signature) are serialised across app servers. Reads no patient data: true when the patient exists.
 */
export async function lockPatient(trx: Transaction<Database>, id: string): Promise<boolean> {
  const row = await trx
    .selectFrom('patient')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the patient exists; reads no patient data (so it is not audited), for the 404 of an empty list. */
export async function patientExists(trx: Transaction<Database>, id: string): Promise<boolean> {
  const row = await trx.selectFrom('patient').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

export async function updatePatient(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
  changes: PatientChanges,
): Promise<PatientRow | undefined> {
  const row = await trx
    .updateTable('patient')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'patient.update', {
      patientId: id,
      resource: resource(id),
      detail: { fields: Object.keys(changes).filter((k) => k !== 'updated_at') },
    });
  }
  return row;
}

export interface PatientListQuery {
  /** Matches the start of the given or family name, case-insensitively. */
  readonly name?: string;
  readonly limit: number;
  readonly offset?: number;
}

export async function listPatients(
  trx: Transaction<Database>,
  context: AuditContext,
  query: PatientListQuery,
): Promise<PatientRow[]> {
  let select = trx.selectFrom('patient').selectAll();
  if (query.name !== undefined && query.name.trim() !== '') {
    const prefix = `${query.name
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where((eb) =>
      eb.or([
        eb(sql<string>`lower(family_name)`, 'like', prefix),
        eb(sql<string>`lower(given_name)`, 'like', prefix),
      ]),
    );
  }
  const rows = await select
    .orderBy(sql`lower(family_name)`)
    .orderBy(sql`lower(given_name)`)
    .orderBy('id')
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .execute();
  await audit(trx, context, 'patient.list', { detail: { count: rows.length } });
  return rows;
}

/**
 * Patients holding this identifier (IPS import matches travellers by identifier first). Without a system, any
 * identifier with that value matches (a clinician types the number on the card). Same order as listPatients.
 */
export async function findPatientsByIdentifier(
  trx: Transaction<Database>,
  context: AuditContext,
  identifier: Omit<PatientIdentifier, 'system'> & { readonly system?: string },
): Promise<PatientRow[]> {
  const wanted =
    identifier.system === undefined
      ? { value: identifier.value }
      : { system: identifier.system, value: identifier.value };
  const rows = await trx
    .selectFrom('patient')
    .selectAll()
    .where(sql<boolean>`identifiers @> ${jsonb([wanted])}::jsonb`)
    .orderBy(sql`lower(family_name)`)
    .orderBy(sql`lower(given_name)`)
    .orderBy('id')
    .execute();
  await audit(trx, context, 'patient.search', { detail: { count: rows.length } });
  return rows;
}
