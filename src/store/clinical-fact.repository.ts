// Clinical facts: appended by intake or import, marked entered-in-error when wrong, and read for screening in one
// query.

import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { ClinicalFactTable } from './clinical-fact.table.ts';
import type { Database } from './schema.ts';

export type FactRow = Selectable<ClinicalFactTable>;
export type NewFactRow = Omit<Insertable<ClinicalFactTable>, 'patient_id'>;

export async function insertFacts(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
  rows: readonly NewFactRow[],
): Promise<FactRow[]> {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto('clinical_fact')
    .values(rows.map((row) => ({ ...row, patient_id: patientId })))
    .returningAll()
    .execute();
  await audit(trx, context, 'fact.write', {
    patientId,
    detail: { count: inserted.length, kinds: [...new Set(inserted.map((f) => f.kind))].sort() },
  });
  return inserted;
}

/** Every fact of the patient not entered in error: what screening reads, in one query. */
export async function listCurrentFacts(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<FactRow[]> {
  const rows = await trx
    .selectFrom('clinical_fact')
    .selectAll()
    .where('patient_id', '=', patientId)
    .where('entered_in_error_at', 'is', null)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  await audit(trx, context, 'fact.read', { patientId, detail: { count: rows.length } });
  return rows;
}

export interface EnteredInError {
  readonly patientId: string;
  readonly factId: string;
  readonly by: string;
  readonly at: Date;
  readonly reason: string;
}

/** Marks a fact of this patient entered in error; undefined when there is no such current fact. */
export async function markFactEnteredInError(
  trx: Transaction<Database>,
  context: AuditContext,
  mark: EnteredInError,
): Promise<FactRow | undefined> {
  const row = await trx
    .updateTable('clinical_fact')
    .set({ entered_in_error_by: mark.by, entered_in_error_at: mark.at, entered_in_error_reason: mark.reason })
    .where('id', '=', mark.factId)
    .where('patient_id', '=', mark.patientId)
    .where('entered_in_error_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'fact.enter-in-error', {
      patientId: mark.patientId,
      resource: `clinical_fact/${row.id}`,
    });
  }
  return row;
}
