// A patient's timeline: everything that happened in the record, newest first, one query. Each event kind is a
// branch of a UNION ALL that reads one table by patient and takes only one page's worth of rows (its own ORDER BY
// and LIMIT on narrow columns); the outer query merges the branches. Pages are keyset-paged on (at, kind, id), so a
// page deep in the history costs what the first page costs.

import type { RawBuilder, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { Database } from './schema.ts';

interface Branch {
  readonly kind: string;
  readonly table: string;
  /** The time the event happened (a timestamptz column). */
  readonly at: string;
  readonly by: string;
  /** Small, non-narrative facts about the event (ids, codes, values): key → column or scalar expression. */
  readonly detail?: Readonly<Record<string, string>>;
  /** The column holding the patient id (`id` for the patient row itself). */
  readonly patientColumn?: string;
}

const DOSE = {
  concentrationUgPerMl: 'concentration_ug_per_ml',
  gasVolumeMl: 'gas_volume_ml',
  bloodVolumeMl: 'blood_volume_ml',
  durationMin: 'duration_min',
};

// Column names and expressions below are constants of this file, never input: safe to write as raw SQL.
const BRANCHES: readonly Branch[] = [
  { kind: 'patient.registered', table: 'patient', at: 'created_at', by: 'created_by', patientColumn: 'id' },
  {
    kind: 'intake.recorded',
    table: 'intake',
    at: 'recorded_at',
    by: 'recorded_by',
    detail: { version: 'version', goalCode: 'goal_code' },
  },
  {
    kind: 'screening.recorded',
    table: 'screening_result',
    at: 'as_of',
    by: 'recorded_by',
    detail: { libraryVersionId: 'library_version_id' },
  },
  {
    kind: 'decision.recorded',
    table: 'decision',
    at: 'decided_at',
    by: 'decided_by',
    detail: { kind: 'kind', reason: 'reason_code' },
  },
  {
    kind: 'plan.created',
    table: 'plan',
    at: 'created_at',
    by: 'created_by',
    detail: { technique: 'technique', goalCode: 'goal_code', courseSessions: 'course_sessions' },
  },
  {
    kind: 'plan.closed',
    table: 'plan',
    at: 'closed_at',
    by: 'closed_by',
    detail: { reason: 'close_reason' },
  },
  {
    kind: 'order.signed',
    table: 'ozone_order',
    at: 'signed_at',
    by: 'signed_by',
    detail: { technique: 'technique', planId: 'plan_id', ...DOSE },
  },
  {
    kind: 'order.discontinued',
    table: 'ozone_order',
    at: 'discontinued_at',
    by: 'discontinued_by',
    detail: { technique: 'technique' },
  },
  {
    kind: 'consent.signed',
    table: 'consent',
    at: 'patient_signed_at',
    by: 'recorded_by',
    detail: { templateId: 'template_id', method: 'patient_signature_method' },
  },
  { kind: 'consent.countersigned', table: 'consent', at: 'countersigned_at', by: 'countersigned_by' },
  { kind: 'consent.withdrawn', table: 'consent', at: 'withdrawn_at', by: 'withdrawn_recorded_by' },
  {
    kind: 'session.created',
    table: 'ozone_session',
    at: 'created_at',
    by: 'created_by',
    detail: { technique: 'technique', orderId: 'order_id', scheduledAt: 'scheduled_at' },
  },
  {
    kind: 'session.signed',
    table: 'ozone_session',
    at: 'signed_at',
    by: 'signed_by',
    detail: { technique: 'technique', orderId: 'order_id', startedAt: 'started_at', ...DOSE },
  },
  {
    kind: 'session.amended',
    table: 'session_amendment',
    at: 'amended_at',
    by: 'amended_by',
    detail: { sessionId: 'session_id', field: 'field' },
  },
  {
    kind: 'adverse-event.reported',
    table: 'adverse_event',
    at: 'reported_at',
    by: 'reported_by',
    detail: { sessionId: 'session_id', grade: 'grade' },
  },
  {
    kind: 'adverse-event.reviewed',
    table: 'adverse_event',
    at: 'reviewed_at',
    by: 'reviewed_by',
    detail: { sessionId: 'session_id', grade: 'grade' },
  },
  {
    kind: 'outcome.recorded',
    table: 'outcome_measure',
    at: 'recorded_at',
    by: 'recorded_by',
    detail: {
      measure: 'measure',
      value: 'value',
      phase: 'phase',
      planId: 'plan_id',
      enteredInError: 'entered_in_error_at is not null',
    },
  },
];

export const TIMELINE_KINDS: readonly string[] = BRANCHES.map((branch) => branch.kind);

export interface TimelineCursor {
  readonly at: Date;
  readonly kind: string;
  readonly id: string;
}

export interface TimelineRow {
  readonly at: Date;
  readonly kind: string;
  readonly id: string;
  readonly by: string | null;
  /** Codes, ids, numbers and flags (nulls stripped). */
  readonly detail: Record<string, string | number | boolean>;
}

/**
 * The keyset condition of one branch after `after`. The page order is (at desc, kind desc, id desc) and a branch has
 * one kind, so the comparison on kind is settled here, leaving a plain condition on the branch's own columns.
 */
function keyset(branch: Branch, after: TimelineCursor | undefined): RawBuilder<unknown> {
  if (!after) return sql``;
  const at = sql.ref(branch.at);
  if (branch.kind > after.kind) return sql`and ${at} < ${after.at}`;
  if (branch.kind < after.kind) return sql`and ${at} <= ${after.at}`;
  return sql`and ${at} <= ${after.at} and (${at}, id) < (${after.at}::timestamptz, ${after.id}::uuid)`;
}

/**
 * One kind of event: the page's worth of rows picked on narrow columns first (the top-N sort never carries wide
 * rows), then shaped into the event's detail for those rows only.
 */
function branchQuery(
  branch: Branch,
  patientId: string,
  take: number,
  after?: TimelineCursor,
): RawBuilder<unknown> {
  const at = sql.ref(branch.at);
  const detail = Object.entries(branch.detail ?? {});
  const columns = detail.map(([, expression], i) => sql`, ${sql.raw(expression)} as ${sql.ref(`d${i}`)}`);
  const pairs = detail.map(([key], i) => sql`${sql.lit(key)}, ${sql.ref(`d${i}`)}`);
  return sql`(select at, ${sql.lit(branch.kind)}::text as kind, id, by,
      jsonb_strip_nulls(jsonb_build_object(${sql.join(pairs)})) as detail
    from (select id, ${at} as at, ${sql.ref(branch.by)}::text as by ${sql.join(columns, sql``)}
      from ${sql.table(branch.table)}
      where ${sql.ref(branch.patientColumn ?? 'patient_id')} = ${patientId} and ${at} is not null ${keyset(branch, after)}
      order by ${at} desc, id desc
      limit ${take}) as picked)`;
}

/** The timeline query for one page (exported for EXPLAIN in the benchmark). */
export function timelineQuery(
  patientId: string,
  page: { readonly limit: number; readonly after?: TimelineCursor },
): RawBuilder<TimelineRow> {
  const branches = BRANCHES.map((branch) => branchQuery(branch, patientId, page.limit, page.after));
  // Kinds compare in the C collation, as JavaScript compares them in keyset(); ids compare as UUIDs.
  return sql<TimelineRow>`select events.at, events.kind, events.id::text as id, events.by, events.detail
    from (${sql.join(branches, sql` union all `)}) as events
    order by events.at desc, events.kind collate "C" desc, events.id desc
    limit ${page.limit}`;
}

/** One page of the patient's timeline, newest first, after `cursor` (the last row of the previous page). */
export async function listTimeline(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
  page: { readonly limit: number; readonly after?: TimelineCursor },
): Promise<TimelineRow[]> {
  const { rows } = await timelineQuery(patientId, page).execute(trx);
  await audit(trx, context, 'timeline.read', { patientId, detail: { count: rows.length } });
  return rows;
}
