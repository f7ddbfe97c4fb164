// Screening results: every intake change stores what screening found, against which library, as of when.

import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { Database } from './schema.ts';
import type { ScreeningResultTable } from './screening.table.ts';

export type ScreeningResultRow = Selectable<ScreeningResultTable>;
export type NewScreeningResultRow = Insertable<ScreeningResultTable>;

export async function insertScreeningResult(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewScreeningResultRow,
): Promise<ScreeningResultRow> {
  const inserted = await trx
    .insertInto('screening_result')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, context, 'screening.write', {
    patientId: inserted.patient_id,
    resource: `screening_result/${inserted.id}`,
  });
  return inserted;
}

export async function findLatestScreeningResult(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<ScreeningResultRow | undefined> {
  // Same as-of (a clock that did not move): the later intake version wins.
  const row = await trx
    .selectFrom('screening_result as s')
    .leftJoin('intake as i', 'i.id', 's.intake_id')
    .selectAll('s')
    .where('s.patient_id', '=', patientId)
    .orderBy('s.as_of', 'desc')
    .orderBy('i.version', (ob) => ob.desc().nullsLast())
    .limit(1)
    .executeTakeFirst();
  await audit(trx, context, 'screening.read', {
    patientId,
    ...(row ? { resource: `screening_result/${row.id}` } : {}),
  });
  return row;
}
