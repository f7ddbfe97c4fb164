// Counts and rows for the clinic's reports (DESIGN.md, Reports): sessions and adverse events per technique, the hard
// stops that refused an attempt (denied audit rows, decision 0006 §5), which library version orders and sessions were
// checked against, the rows a course review needs, and decisions by kind and reason. Aggregates only: the report
// route audits its own read once, so these queries append no per-patient rows.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { TimeRange } from './cds-feedback.repository.ts';
import type { Database } from './schema.ts';

export interface SessionSafetyCount {
  readonly technique: string;
  readonly sessions: number;
  readonly adverseEvents: number;
  /** Adverse events of grade 3 or worse. */
  readonly severeAdverseEvents: number;
}

/** Signed sessions started in the range, and their adverse events, per technique. */
export async function countSessionSafety(
  db: Kysely<Database>,
  range: TimeRange,
): Promise<SessionSafetyCount[]> {
  let query = db
    .selectFrom('ozone_session as s')
    .leftJoin('adverse_event as e', 'e.session_id', 's.id')
    .where('s.status', '=', 'signed')
    .select((eb) => [
      's.technique',
      eb.fn.count<string>('s.id').distinct().as('sessions'),
      eb.fn.count<string>('e.id').as('adverse_events'),
      sql<string>`count(e.id) filter (where e.grade >= 3)`.as('severe'),
    ])
    .groupBy('s.technique')
    .orderBy('s.technique');
  if (range.from) query = query.where('s.started_at', '>=', range.from);
  if (range.to) query = query.where('s.started_at', '<', range.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    technique: row.technique,
    sessions: Number(row.sessions),
    adverseEvents: Number(row.adverse_events),
    severeAdverseEvents: Number(row.severe),
  }));
}

export interface RefusalRow {
  /** The action the refused attempt would have written: `plan.write`, `order.write`, `session.sign`. */
  readonly action: string;
  readonly hardStops: readonly string[];
}

/** Attempts a hard stop refused in the range: `denied` audit rows whose detail names the hard stops. */
export async function listHardStopRefusals(db: Kysely<Database>, range: TimeRange): Promise<RefusalRow[]> {
  let query = db
    .selectFrom('audit_event')
    .select(['action', 'detail'])
    .where('outcome', '=', 'denied')
    .where(sql<boolean>`detail->>'reason' = 'clinical-hard-stop'`)
    .orderBy('seq');
  if (range.from) query = query.where('at', '>=', range.from);
  if (range.to) query = query.where('at', '<', range.to);
  const rows = await query.execute();
  return rows.map((row) => {
    const stops = row.detail?.['hardStops'];
    return {
      action: row.action,
      hardStops: Array.isArray(stops) ? stops.filter((s): s is string => typeof s === 'string') : [],
    };
  });
}

export interface LibraryUseCount {
  readonly libraryVersionId: string;
  readonly orders: number;
  readonly sessions: number;
}

/** Orders signed and sessions signed in the range, per library version they were checked against. */
export async function countLibraryUse(db: Kysely<Database>, range: TimeRange): Promise<LibraryUseCount[]> {
  let orders = db
    .selectFrom('ozone_order')
    .select((eb) => ['library_version_id', eb.fn.countAll<string>().as('count')])
    .groupBy('library_version_id');
  if (range.from) orders = orders.where('signed_at', '>=', range.from);
  if (range.to) orders = orders.where('signed_at', '<', range.to);
  let sessions = db
    .selectFrom('ozone_session')
    .select((eb) => ['library_version_id', eb.fn.countAll<string>().as('count')])
    .where('status', '=', 'signed')
    .where('library_version_id', 'is not', null)
    .groupBy('library_version_id');
  if (range.from) sessions = sessions.where('signed_at', '>=', range.from);
  if (range.to) sessions = sessions.where('signed_at', '<', range.to);
  const counts = new Map<string, { orders: number; sessions: number }>();
  const countOf = (id: string) => {
    let count = counts.get(id);
    if (!count) counts.set(id, (count = { orders: 0, sessions: 0 }));
    return count;
  };
  for (const row of await orders.execute()) countOf(row.library_version_id).orders += Number(row.count);
  for (const row of await sessions.execute()) {
    if (row.library_version_id !== null) countOf(row.library_version_id).sessions += Number(row.count);
  }
  return [...counts].map(([libraryVersionId, count]) => ({ libraryVersionId, ...count }));
}

/** The plans created in the range, with every row their course review reads (signed sessions, outcomes). */
export async function loadCoursesForReport(db: Kysely<Database>, range: TimeRange) {
  let planQuery = db.selectFrom('plan').selectAll().orderBy('created_at');
  if (range.from) planQuery = planQuery.where('created_at', '>=', range.from);
  if (range.to) planQuery = planQuery.where('created_at', '<', range.to);
  const plans = await planQuery.execute();
  const patientIds = [...new Set(plans.map((plan) => plan.patient_id))];
  if (patientIds.length === 0) {
    return { plans, orders: [], sessions: [], amendments: [], adverseEvents: [], outcomes: [] };
  }
  const [orders, sessions, amendments, adverseEvents, outcomes] = [
    await db
      .selectFrom('ozone_order')
      .select(['id', 'plan_id'])
      .where('patient_id', 'in', patientIds)
      .execute(),
    await db
      .selectFrom('ozone_session')
      .selectAll()
      .where('patient_id', 'in', patientIds)
      .where('status', '=', 'signed')
      .orderBy('started_at')
      .execute(),
    await db.selectFrom('session_amendment').selectAll().where('patient_id', 'in', patientIds).execute(),
    await db.selectFrom('adverse_event').selectAll().where('patient_id', 'in', patientIds).execute(),
    await db
      .selectFrom('outcome_measure')
      .selectAll()
      .where('patient_id', 'in', patientIds)
      .where('entered_in_error_at', 'is', null)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
  ];
  return { plans, orders, sessions, amendments, adverseEvents, outcomes };
}

export interface DecisionCount {
  readonly kind: 'plan' | 'no-ozone';
  readonly reason: string | null;
  readonly count: number;
}

/** Decisions taken in the range, per kind and (for decisions against ozone) reason. */
export async function countDecisions(db: Kysely<Database>, range: TimeRange): Promise<DecisionCount[]> {
  let query = db
    .selectFrom('decision')
    .select((eb) => ['kind', 'reason_code', eb.fn.countAll<string>().as('count')])
    .groupBy(['kind', 'reason_code']);
  if (range.from) query = query.where('decided_at', '>=', range.from);
  if (range.to) query = query.where('decided_at', '<', range.to);
  const rows = await query.execute();
  return rows.map((row) => ({ kind: row.kind, reason: row.reason_code, count: Number(row.count) }));
}
