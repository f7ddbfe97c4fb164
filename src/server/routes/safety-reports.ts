// The clinic's safety, outcome and decline reports (DESIGN.md, Reports): adverse events per 1,000 signed sessions by
// technique, hard-stop catches (attempts the engine refused, logged as `denied` audit rows — decision 0006 §5),
// library compliance (orders and sessions checked against the current approved version), responder rates by goal and
// technique (the engine's own course review, as of now), and decisions against ozone by reason. Counts only, no
// patient in them; each read is audited once, as every report is. The override rate is GET /api/reports/overrides.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { GoalCode } from '../../clinical/goals.ts';
import { reviewCourse } from '../../clinical/outcomes.ts';
import { audit } from '../../store/audit-context.ts';
import type { TimeRange } from '../../store/cds-feedback.repository.ts';
import { findCurrentApproved, listLibraryVersions } from '../../store/protocol-library.repository.ts';
import {
  countDecisions,
  countLibraryUse,
  countSessionSafety,
  listHardStopRefusals,
  loadCoursesForReport,
} from '../../store/safety-report.repository.ts';
import type { Database } from '../../store/schema.ts';
import { allow } from '../auth/route-guard.ts';
import { goalCode, noOzoneReason, techniqueCode } from '../schemas/clinical.ts';
import { instantDate } from '../schemas/common.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import type { CareContext } from '../services/care-context.ts';
import { outcomeRecordOf, sessionFromRow, sessionRecordOf } from '../services/record-mapping.ts';
import { careContext } from './care-route.ts';

const rangeQuery = z
  .strictObject({ from: instantDate.optional(), to: instantDate.optional() })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from is before to', path: ['to'] });

const rangeView = { from: z.string().optional(), to: z.string().optional() };

/** A share between 0 and 1; absent when nothing was counted (0 of 0 is not 0 %). */
const share = z.number().min(0).max(1).optional();

const adverseEventRow = {
  sessions: z.number().int(),
  adverseEvents: z.number().int(),
  /** Grade 3 or worse. */
  severeAdverseEvents: z.number().int(),
  /** Adverse events per 1,000 signed sessions; absent without sessions. */
  perThousandSessions: z.number().optional(),
};

const complianceCount = z.object({ total: z.number().int(), onCurrent: z.number().int(), share });

export const safetyReportView = z.object({
  ...rangeView,
  adverseEvents: z.object({
    total: z.object(adverseEventRow),
    byTechnique: z.array(z.object({ technique: techniqueCode, ...adverseEventRow })).readonly(),
  }),
  hardStopCatches: z.object({
    /** Refused attempts (one attempt may name several hard stops). */
    total: z.number().int(),
    byAction: z.array(z.object({ action: z.string(), count: z.number().int() })).readonly(),
    byRule: z.array(z.object({ ruleId: z.string(), count: z.number().int() })).readonly(),
  }),
  libraryCompliance: z.object({
    current: z.object({ id: z.string(), version: z.string() }).optional(),
    orders: complianceCount,
    sessions: complianceCount,
    byVersion: z
      .array(
        z.object({
          libraryVersionId: z.string(),
          version: z.string(),
          current: z.boolean(),
          orders: z.number().int(),
          sessions: z.number().int(),
        }),
      )
      .readonly(),
  }),
});

const responseCounts = {
  plans: z.number().int(),
  responders: z.number().int(),
  nonResponders: z.number().int(),
  /** Review point not reached, or no outcome to judge by. */
  notEvaluable: z.number().int(),
  /** responders / (responders + non-responders); absent when none could be judged. */
  responderRate: share,
};

export const outcomeReportView = z.object({
  ...rangeView,
  total: z.object(responseCounts),
  byGoal: z.array(z.object({ goal: goalCode, ...responseCounts })).readonly(),
  byTechnique: z.array(z.object({ technique: techniqueCode, ...responseCounts })).readonly(),
  byGoalAndTechnique: z
    .array(z.object({ goal: goalCode, technique: techniqueCode, ...responseCounts }))
    .readonly(),
});

export const declineReportView = z.object({
  ...rangeView,
  decisions: z.number().int(),
  plans: z.number().int(),
  noOzone: z.number().int(),
  /** Decisions against ozone among all decisions. */
  noOzoneShare: share,
  byReason: z
    .array(z.object({ reason: noOzoneReason, count: z.number().int(), share: z.number() }))
    .readonly(),
});

export type SafetyReport = z.infer<typeof safetyReportView>;
export type OutcomeReport = z.infer<typeof outcomeReportView>;
export type DeclineReport = z.infer<typeof declineReportView>;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : undefined);
const optional = <K extends string>(key: K, value: number | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;

const rangeOf = (query: { from?: Date | undefined; to?: Date | undefined }): TimeRange => ({
  ...(query.from ? { from: query.from } : {}),
  ...(query.to ? { to: query.to } : {}),
});

const echoRange = (range: TimeRange) => ({
  ...(range.from ? { from: range.from.toISOString() } : {}),
  ...(range.to ? { to: range.to.toISOString() } : {}),
});

/** Biggest first, then by name, so a table reads the same on every load. */
const byCountThenName =
  <T>(count: (row: T) => number, name: (row: T) => string) =>
  (a: T, b: T) =>
    count(b) - count(a) || name(a).localeCompare(name(b));

export async function safetyReport(db: Kysely<Database>, range: TimeRange): Promise<SafetyReport> {
  const sessions = await countSessionSafety(db, range);
  const refusals = await listHardStopRefusals(db, range);
  const use = await countLibraryUse(db, range);
  const versions = await listLibraryVersions(db);
  const current = await findCurrentApproved(db);

  const aeRow = (row: { sessions: number; adverseEvents: number; severeAdverseEvents: number }) => ({
    sessions: row.sessions,
    adverseEvents: row.adverseEvents,
    severeAdverseEvents: row.severeAdverseEvents,
    ...optional(
      'perThousandSessions',
      row.sessions > 0 ? (row.adverseEvents * 1000) / row.sessions : undefined,
    ),
  });
  const sum = (pick: (row: (typeof sessions)[number]) => number) =>
    sessions.reduce((total, row) => total + pick(row), 0);

  const tally = (keys: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts].sort(
      byCountThenName(
        ([, count]) => count,
        ([key]) => key,
      ),
    );
  };

  const onCurrent = use.find((row) => row.libraryVersionId === current?.id);
  const totalOrders = use.reduce((total, row) => total + row.orders, 0);
  const totalSessions = use.reduce((total, row) => total + row.sessions, 0);
  const versionName = new Map(versions.map((version) => [version.id, version.version]));

  return {
    ...echoRange(range),
    adverseEvents: {
      total: aeRow({
        sessions: sum((row) => row.sessions),
        adverseEvents: sum((row) => row.adverseEvents),
        severeAdverseEvents: sum((row) => row.severeAdverseEvents),
      }),
      byTechnique: sessions.map((row) => ({
        technique: techniqueCode.parse(row.technique),
        ...aeRow(row),
      })),
    },
    hardStopCatches: {
      total: refusals.length,
      byAction: tally(refusals.map((row) => row.action)).map(([action, count]) => ({ action, count })),
      byRule: tally(refusals.flatMap((row) => row.hardStops)).map(([ruleId, count]) => ({ ruleId, count })),
    },
    libraryCompliance: {
      ...(current ? { current: { id: current.id, version: current.version } } : {}),
      orders: {
        total: totalOrders,
        onCurrent: onCurrent?.orders ?? 0,
        ...optional('share', ratio(onCurrent?.orders ?? 0, totalOrders)),
      },
      sessions: {
        total: totalSessions,
        onCurrent: onCurrent?.sessions ?? 0,
        ...optional('share', ratio(onCurrent?.sessions ?? 0, totalSessions)),
      },
      byVersion: use
        .map((row) => ({
          libraryVersionId: row.libraryVersionId,
          version: versionName.get(row.libraryVersionId) ?? row.libraryVersionId,
          current: row.libraryVersionId === current?.id,
          orders: row.orders,
          sessions: row.sessions,
        }))
        .sort(
          byCountThenName(
            (row) => row.orders + row.sessions,
            (row) => row.version,
          ),
        ),
    },
  };
}

class ResponseTally {
  plans = 0;
  responders = 0;
  nonResponders = 0;
  notEvaluable = 0;
  add(response: 'responder' | 'non-responder' | 'not-evaluable'): void {
    this.plans += 1;
    if (response === 'responder') this.responders += 1;
    else if (response === 'non-responder') this.nonResponders += 1;
    else this.notEvaluable += 1;
  }
  view() {
    return {
      plans: this.plans,
      responders: this.responders,
      nonResponders: this.nonResponders,
      notEvaluable: this.notEvaluable,
      ...optional('responderRate', ratio(this.responders, this.responders + this.nonResponders)),
    };
  }
}

/**
 * Each plan's course reviewed by the engine as of `asOf`, exactly as GET /api/plans/:id/course reviews it: the plan's
 * signed sessions (amendments applied) and the outcomes of the plan or taken outside any plan.
 */
export async function outcomeReport(
  db: Kysely<Database>,
  range: TimeRange,
  asOf: Date,
): Promise<OutcomeReport> {
  const rows = await loadCoursesForReport(db, range);
  const total = new ResponseTally();
  const groups = new Map<string, { goal?: GoalCode; technique?: string; tally: ResponseTally }>();
  const tallyOf = (key: string, labels: { goal?: GoalCode; technique?: string }) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ...labels, tally: new ResponseTally() }));
    return group.tally;
  };
  for (const plan of rows.plans) {
    const orderIds = new Set(rows.orders.filter((o) => o.plan_id === plan.id).map((o) => o.id));
    const patientAmendments = rows.amendments.filter((a) => a.patient_id === plan.patient_id);
    const patientEvents = rows.adverseEvents.filter((e) => e.patient_id === plan.patient_id);
    const sessions = rows.sessions
      .filter((s) => orderIds.has(s.order_id))
      .map((row) => sessionRecordOf(sessionFromRow(row, patientAmendments), patientEvents))
      .sort((a, b) => Date.parse(a.performedAt) - Date.parse(b.performedAt));
    const outcomes = rows.outcomes
      .filter((o) => o.patient_id === plan.patient_id && (o.plan_id === plan.id || o.plan_id === null))
      .map(outcomeRecordOf);
    const { response } = reviewCourse(
      plan.goal_code,
      sessions,
      outcomes,
      asOf,
      plan.review_point ?? undefined,
    );
    total.add(response);
    tallyOf(`goal|${plan.goal_code}`, { goal: plan.goal_code }).add(response);
    tallyOf(`technique|${plan.technique}`, { technique: plan.technique }).add(response);
    tallyOf(`both|${plan.goal_code}|${plan.technique}`, {
      goal: plan.goal_code,
      technique: plan.technique,
    }).add(response);
  }
  const sorted = [...groups.entries()].sort(
    byCountThenName(
      ([, group]) => group.tally.plans,
      ([key]) => key,
    ),
  );
  const pick = (prefix: string) => sorted.filter(([key]) => key.startsWith(`${prefix}|`)).map(([, g]) => g);
  return {
    ...echoRange(range),
    total: total.view(),
    byGoal: pick('goal').map((g) => ({ goal: goalCode.parse(g.goal), ...g.tally.view() })),
    byTechnique: pick('technique').map((g) => ({
      technique: techniqueCode.parse(g.technique),
      ...g.tally.view(),
    })),
    byGoalAndTechnique: pick('both').map((g) => ({
      goal: goalCode.parse(g.goal),
      technique: techniqueCode.parse(g.technique),
      ...g.tally.view(),
    })),
  };
}

export async function declineReport(db: Kysely<Database>, range: TimeRange): Promise<DeclineReport> {
  const counts = await countDecisions(db, range);
  const decisions = counts.reduce((total, row) => total + row.count, 0);
  const plans = counts.filter((row) => row.kind === 'plan').reduce((total, row) => total + row.count, 0);
  const noOzone = decisions - plans;
  const reasons = new Map<string, number>();
  for (const row of counts) {
    if (row.kind === 'no-ozone')
      reasons.set(row.reason ?? 'other', (reasons.get(row.reason ?? 'other') ?? 0) + row.count);
  }
  return {
    ...echoRange(range),
    decisions,
    plans,
    noOzone,
    ...optional('noOzoneShare', ratio(noOzone, decisions)),
    byReason: [...reasons]
      .sort(
        byCountThenName(
          ([, count]) => count,
          ([reason]) => reason,
        ),
      )
      .map(([reason, count]) => ({ reason: noOzoneReason.parse(reason), count, share: count / noOzone })),
  };
}

/** Runs a report and audits the read (`report.read`, naming the report) in one transaction. */
function auditedReport<T>(
  db: Kysely<Database>,
  context: CareContext,
  report: string,
  build: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await build(trx);
    await audit(trx, context, 'report.read', { detail: { report } });
    return result;
  });
}

export const safetyReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/reports/safety',
    {
      preValidation: allow('report.read'),
      schema: {
        tags: ['reports'],
        summary:
          'Safety: adverse events per 1,000 signed sessions by technique, hard-stop catches, library compliance',
        querystring: rangeQuery,
        response: withProblems({ 200: safetyReportView }),
      },
    },
    async (request) => {
      const range = rangeOf(request.query);
      return auditedReport(app.store.db, careContext(request), 'safety', (db) => safetyReport(db, range));
    },
  );

  app.get(
    '/api/reports/outcomes',
    {
      preValidation: allow('report.read'),
      schema: {
        tags: ['reports'],
        summary: "Responder rates by goal and technique: each plan's course reviewed by the engine as of now",
        querystring: rangeQuery,
        response: withProblems({ 200: outcomeReportView }),
      },
    },
    async (request) => {
      const range = rangeOf(request.query);
      const context = careContext(request);
      return auditedReport(app.store.db, context, 'outcomes', (db) => outcomeReport(db, range, context.at));
    },
  );

  app.get(
    '/api/reports/declines',
    {
      preValidation: allow('report.read'),
      schema: {
        tags: ['reports'],
        summary: 'Decisions against ozone by reason, among all decisions taken',
        querystring: rangeQuery,
        response: withProblems({ 200: declineReportView }),
      },
    },
    async (request) => {
      const range = rangeOf(request.query);
      return auditedReport(app.store.db, careContext(request), 'declines', (db) => declineReport(db, range));
    },
  );
};
