// Decisions: a plan, or a documented decision not to use ozone. Append-only.

import type { Insertable, Selectable, Transaction } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { DecisionTable } from './decision.table.ts';
import type { Database } from './schema.ts';

export type DecisionRow = Selectable<DecisionTable>;
export type NewDecisionRow = Insertable<DecisionTable>;

export async function insertDecision(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewDecisionRow,
): Promise<DecisionRow> {
  const inserted = await trx.insertInto('decision').values(row).returningAll().executeTakeFirstOrThrow();
  await audit(trx, context, 'decision.write', {
    patientId: inserted.patient_id,
    resource: `decision/${inserted.id}`,
    detail: { kind: inserted.kind, reason: inserted.reason_code },
  });
  return inserted;
}

/** The patient's decisions, newest first. */
export async function listDecisions(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<DecisionRow[]> {
  const rows = await trx
    .selectFrom('decision')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('decided_at', 'desc')
    .execute();
  await audit(trx, context, 'decision.read', { patientId, detail: { count: rows.length } });
  return rows;
}
