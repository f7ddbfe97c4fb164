// CDS Hooks feedback: stored as received (append-only), counted for the override report.

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CdsFeedbackTable } from './cds-feedback.table.ts';
import type { Database } from './schema.ts';

export type CdsFeedbackRow = Selectable<CdsFeedbackTable>;
export type NewCdsFeedbackRow = Insertable<CdsFeedbackTable>;

/** Stores one feedback request's items together: all or none. */
export async function insertCdsFeedback(
  db: Kysely<Database>,
  rows: readonly NewCdsFeedbackRow[],
): Promise<CdsFeedbackRow[]> {
  if (rows.length === 0) return [];
  return db
    .insertInto('cds_feedback')
    .values([...rows])
    .returningAll()
    .execute();
}

export interface TimeRange {
  /** From this instant on. */
  readonly from?: Date;
  /** Before this instant. */
  readonly to?: Date;
}

export interface FeedbackCount {
  readonly outcome: 'accepted' | 'overridden';
  readonly reasonSystem: string | null;
  readonly reasonCode: string | null;
  readonly ruleId: string | null;
  readonly techniques: readonly string[];
  readonly count: number;
}

/** Feedback in the range (by outcome time), counted per outcome, reason, rule and technique list. */
export async function countCdsFeedback(db: Kysely<Database>, range: TimeRange): Promise<FeedbackCount[]> {
  let query = db
    .selectFrom('cds_feedback')
    .select((eb) => [
      'outcome',
      'reason_system',
      'reason_code',
      'rule_id',
      'techniques',
      eb.fn.countAll<string>().as('count'),
    ])
    .groupBy(['outcome', 'reason_system', 'reason_code', 'rule_id', 'techniques']);
  if (range.from) query = query.where('outcome_at', '>=', range.from);
  if (range.to) query = query.where('outcome_at', '<', range.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    outcome: row.outcome,
    reasonSystem: row.reason_system,
    reasonCode: row.reason_code,
    ruleId: row.rule_id,
    techniques: row.techniques,
    count: Number(row.count),
  }));
}
