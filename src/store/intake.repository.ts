// Intake versions: each change inserts the next version; the highest version is the current intake.

import type { Insertable, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { IntakeTable } from './intake.table.ts';
import type { Database } from './schema.ts';

export type IntakeRow = Selectable<IntakeTable>;
export type NewIntakeRow = Omit<Insertable<IntakeTable>, 'version'>;

/**
 * Inserts the patient's next intake version. Callers hold the patient's lock (lockPatient), and the unique
 * (patient, version) key refuses a concurrent duplicate in any case.
 */
export async function insertIntakeVersion(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewIntakeRow,
): Promise<IntakeRow> {
  const nextVersion = sql<number>`(select coalesce(max(version), 0) + 1 from intake where patient_id = ${row.patient_id})`;
  const inserted = await trx
    .insertInto('intake')
    .values({ ...row, version: nextVersion })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, context, 'intake.write', {
    patientId: inserted.patient_id,
    resource: `intake/${inserted.id}`,
    detail: { version: inserted.version },
  });
  return inserted;
}

export async function findCurrentIntake(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<IntakeRow | undefined> {
  const row = await trx
    .selectFrom('intake')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  await audit(trx, context, 'intake.read', {
    patientId,
    ...(row ? { resource: `intake/${row.id}` } : {}),
    detail: { version: row?.version ?? null },
  });
  return row;
}

export async function listIntakeVersions(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<IntakeRow[]> {
  const rows = await trx
    .selectFrom('intake')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('version')
    .execute();
  await audit(trx, context, 'intake.read', { patientId, detail: { versions: rows.length } });
  return rows;
}
