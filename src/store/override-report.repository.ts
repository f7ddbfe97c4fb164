// The overrides the API stored (detected issues: each warning a clinician passed with a coded reason when signing an
// order or a session), counted for the override report beside CDS feedback (cds-feedback.repository.ts).

import type { Kysely } from 'kysely';
import type { TimeRange } from './cds-feedback.repository.ts';
import type { Database } from './schema.ts';

export interface StoredOverrideCount {
  readonly technique: string;
  readonly reason: string;
  readonly count: number;
}

/** Overridden warnings in the range (by override time), per technique of their order or session and reason. */
export async function countStoredOverrides(
  db: Kysely<Database>,
  range: TimeRange,
): Promise<StoredOverrideCount[]> {
  let query = db
    .selectFrom('detected_issue as d')
    .leftJoin('ozone_order as o', 'o.id', 'd.order_id')
    .leftJoin('ozone_session as s', 's.id', 'd.session_id')
    .where('d.severity', '=', 'warning')
    .where('d.override_reason', 'is not', null)
    .select((eb) => [
      eb.fn.coalesce('o.technique', 's.technique').as('technique'),
      'd.override_reason as reason',
      eb.fn.countAll<string>().as('count'),
    ])
    .groupBy(['o.technique', 's.technique', 'd.override_reason']);
  if (range.from) query = query.where('d.overridden_at', '>=', range.from);
  if (range.to) query = query.where('d.overridden_at', '<', range.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    technique: row.technique ?? 'unknown',
    reason: row.reason ?? 'none',
    count: Number(row.count),
  }));
}
