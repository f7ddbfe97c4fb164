// The clinic's day in one read (issue 4, Today): sessions booked for today and drafts left open, patients screened
// but not yet decided on, active plans whose consent is missing or not countersigned, courses at their review point
// with no outcome recorded since (or that should stop), and adverse events no physician has reviewed yet.
//
// The day is the UTC calendar day of the server's clock (the demo calendar and session times are UTC; the clinic
// has no time zone setting yet). A cross-patient read: one `patient.list` row for the read, and one `worklist.read`
// row per patient it shows, so each patient's access log says who saw them listed.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { GoalCode, ReviewPoint } from '../../clinical/goals.ts';
import type { Recommendation } from '../../clinical/outcomes.ts';
import { reviewCourse } from '../../clinical/outcomes.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { audit } from '../../store/audit-context.ts';
import type { Database } from '../../store/schema.ts';
import { allow } from '../auth/route-guard.ts';
import type { CareContext } from '../services/care-context.ts';
import { outcomeRecordOf, sessionFromRow, sessionRecordOf } from '../services/record-mapping.ts';
import { goalCode, techniqueCode } from '../schemas/clinical.ts';
import { withProblems } from '../schemas/problem-responses.ts';
import { inCare } from './care-route.ts';

const DAY_MS = 86_400_000;

const patientRef = {
  patientId: z.string(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
};

const todaySessionView = z.object({
  ...patientRef,
  sessionId: z.string(),
  technique: techniqueCode,
  status: z.enum(['draft', 'signed']),
  /** `today`: booked for today; `open-draft`: a draft with no booking, or booked on an earlier day and never signed. */
  timing: z.enum(['today', 'open-draft']),
  scheduledAt: z.string().optional(),
  startedAt: z.string().optional(),
  signedAt: z.string().optional(),
});

const awaitingDecisionView = z.object({
  ...patientRef,
  intakeRecordedAt: z.string(),
  screenedAt: z.string().optional(),
  /** Findings of the latest screening by severity. */
  findings: z.object({
    hardStop: z.number().int(),
    warning: z.number().int(),
    info: z.number().int(),
  }),
});

const awaitingConsentView = z.object({
  ...patientRef,
  planId: z.string(),
  technique: techniqueCode,
  goal: goalCode,
  /** `patient-signature`: no valid consent covers the technique; `countersignature`: signed, not countersigned. */
  waitingFor: z.enum(['patient-signature', 'countersignature']),
  consentId: z.string().optional(),
  planCreatedAt: z.string(),
});

const reviewDueView = z.object({
  ...patientRef,
  planId: z.string(),
  technique: techniqueCode,
  goal: goalCode,
  reachedAt: z.string(),
  /** The engine's course recommendation: `reassess` (no outcome since the review point) or `stop`. */
  recommendation: z.enum(['reassess', 'stop']),
  signedSessions: z.number().int(),
});

const unreviewedAdverseEventView = z.object({
  ...patientRef,
  adverseEventId: z.string(),
  sessionId: z.string(),
  technique: techniqueCode,
  grade: z.number().int(),
  /** Grade 2 or more: the engine stops the next order or session until a physician reviews it. */
  blocksCare: z.boolean(),
  reportedAt: z.string(),
});

export const todayView = z.object({
  /** The clinic's day, YYYY-MM-DD (UTC). */
  day: z.string(),
  sessions: z.array(todaySessionView).readonly(),
  awaitingDecision: z.array(awaitingDecisionView).readonly(),
  awaitingConsent: z.array(awaitingConsentView).readonly(),
  reviewsDue: z.array(reviewDueView).readonly(),
  unreviewedAdverseEvents: z.array(unreviewedAdverseEventView).readonly(),
});

type Today = z.infer<typeof todayView>;
type Trx = Transaction<Database>;

const iso = (date: Date | null | undefined): string | undefined => date?.toISOString();
const optional = <K extends string>(key: K, value: string | null | undefined) =>
  (value !== null && value !== undefined ? { [key]: value } : {}) as Partial<Record<K, string>>;
const nameOf = (row: { given_name: string | null; family_name: string | null }) => ({
  ...optional('givenName', row.given_name),
  ...optional('familyName', row.family_name),
});

async function sessionsOfTheDay(trx: Trx, from: Date, to: Date): Promise<Today['sessions']> {
  const rows = await trx
    .selectFrom('ozone_session as s')
    .innerJoin('patient as p', 'p.id', 's.patient_id')
    .select([
      's.id',
      's.patient_id',
      's.technique',
      's.status',
      's.scheduled_at',
      's.started_at',
      's.signed_at',
      'p.given_name',
      'p.family_name',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('s.scheduled_at', '>=', from), eb('s.scheduled_at', '<', to)]),
        eb.and([
          eb('s.status', '=', 'draft'),
          eb.or([eb('s.scheduled_at', 'is', null), eb('s.scheduled_at', '<', from)]),
        ]),
      ]),
    )
    .orderBy('s.scheduled_at')
    .orderBy('s.created_at')
    .execute();
  return rows.map((row) => ({
    patientId: row.patient_id,
    ...nameOf(row),
    sessionId: row.id,
    technique: row.technique,
    status: row.status,
    timing:
      row.scheduled_at !== null && row.scheduled_at >= from && row.scheduled_at < to ? 'today' : 'open-draft',
    ...optional('scheduledAt', iso(row.scheduled_at)),
    ...optional('startedAt', iso(row.started_at)),
    ...optional('signedAt', iso(row.signed_at)),
  }));
}

async function patientsAwaitingDecision(trx: Trx): Promise<Today['awaitingDecision']> {
  const rows = await trx
    .selectFrom('patient as p')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('intake')
          .select(['patient_id', (e) => e.fn.max('recorded_at').as('recorded_at')])
          .groupBy('patient_id')
          .as('i'),
      (join) => join.onRef('i.patient_id', '=', 'p.id'),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('decision as d').select('d.id').whereRef('d.patient_id', '=', 'p.id'))),
    )
    .select(['p.id', 'p.given_name', 'p.family_name', 'i.recorded_at'])
    .orderBy('i.recorded_at')
    .execute();
  const ids = rows.map((row) => row.id);
  const screenings =
    ids.length === 0
      ? []
      : await trx
          .selectFrom('screening_result')
          .select(['patient_id', 'as_of', 'findings'])
          .where('patient_id', 'in', ids)
          .orderBy('as_of')
          .execute();
  const latest = new Map(screenings.map((s) => [s.patient_id, s]));
  return rows.map((row) => {
    const screening = latest.get(row.id);
    const count = (severity: string) =>
      screening?.findings.filter((finding) => finding.severity === severity).length ?? 0;
    return {
      patientId: row.id,
      ...nameOf(row),
      intakeRecordedAt: new Date(row.recorded_at).toISOString(),
      ...optional('screenedAt', iso(screening?.as_of)),
      findings: { hardStop: count('hard-stop'), warning: count('warning'), info: count('info') },
    };
  });
}

interface ActivePlan {
  readonly id: string;
  readonly patient_id: string;
  readonly technique: TechniqueCode;
  readonly goal_code: GoalCode;
  /** The physician's own review point; null = the goal's. */
  readonly review_point: ReviewPoint | null;
  readonly created_at: Date;
  readonly given_name: string | null;
  readonly family_name: string | null;
}

const activePlans = (trx: Trx): Promise<ActivePlan[]> =>
  trx
    .selectFrom('plan as pl')
    .innerJoin('patient as p', 'p.id', 'pl.patient_id')
    .select([
      'pl.id',
      'pl.patient_id',
      'pl.technique',
      'pl.goal_code',
      'pl.review_point',
      'pl.created_at',
      'p.given_name',
      'p.family_name',
    ])
    .where('pl.closed_at', 'is', null)
    .orderBy('pl.created_at')
    .execute();

async function plansAwaitingConsent(
  trx: Trx,
  plans: readonly ActivePlan[],
  now: Date,
): Promise<Today['awaitingConsent']> {
  const patientIds = [...new Set(plans.map((plan) => plan.patient_id))];
  const consents =
    patientIds.length === 0
      ? []
      : await trx
          .selectFrom('consent')
          .select(['id', 'patient_id', 'techniques', 'countersigned_at'])
          .where('patient_id', 'in', patientIds)
          .where('withdrawn_at', 'is', null)
          .where('valid_until', '>', now)
          .orderBy('patient_signed_at', 'desc')
          .execute();
  const waiting: Today['awaitingConsent'][number][] = [];
  for (const plan of plans) {
    const covering = consents.filter(
      (c) => c.patient_id === plan.patient_id && c.techniques.includes(plan.technique),
    );
    if (covering.some((c) => c.countersigned_at !== null)) continue;
    const signed = covering[0];
    waiting.push({
      patientId: plan.patient_id,
      ...nameOf(plan),
      planId: plan.id,
      technique: plan.technique,
      goal: plan.goal_code,
      waitingFor: signed ? 'countersignature' : 'patient-signature',
      ...optional('consentId', signed?.id),
      planCreatedAt: plan.created_at.toISOString(),
    });
  }
  return waiting;
}

/** The engine's course review of each active plan with signed sessions (services/outcomes.ts does it per plan). */
async function reviewsDue(trx: Trx, plans: readonly ActivePlan[], now: Date): Promise<Today['reviewsDue']> {
  const planIds = plans.map((plan) => plan.id);
  if (planIds.length === 0) return [];
  const sessions = await trx
    .selectFrom('ozone_session as s')
    .innerJoin('ozone_order as o', 'o.id', 's.order_id')
    .selectAll('s')
    .select('o.plan_id')
    .where('o.plan_id', 'in', planIds)
    .where('s.status', '=', 'signed')
    .execute();
  if (sessions.length === 0) return [];
  const amendments = await trx
    .selectFrom('session_amendment')
    .selectAll()
    .where(
      'session_id',
      'in',
      sessions.map((s) => s.id),
    )
    .orderBy('amended_at')
    .execute();
  const patientIds = [...new Set(sessions.map((s) => s.patient_id))];
  const outcomes = await trx
    .selectFrom('outcome_measure')
    .selectAll()
    .where('patient_id', 'in', patientIds)
    .where('entered_in_error_at', 'is', null)
    .orderBy('recorded_at')
    .execute();
  const due: Today['reviewsDue'][number][] = [];
  for (const plan of plans) {
    const course = sessions
      .filter((s) => s.plan_id === plan.id)
      .map((row) => sessionRecordOf(sessionFromRow(row, amendments), []))
      .sort((a, b) => Date.parse(a.performedAt) - Date.parse(b.performedAt));
    if (course.length === 0) continue;
    const measured = outcomes
      .filter((o) => o.patient_id === plan.patient_id && (o.plan_id === plan.id || o.plan_id === null))
      .map(outcomeRecordOf);
    const review = reviewCourse(plan.goal_code, course, measured, now, plan.review_point ?? undefined);
    const recommendation: Recommendation = review.recommendation;
    if (!review.reviewPointReached || review.reachedAt === undefined || recommendation === 'continue')
      continue;
    due.push({
      patientId: plan.patient_id,
      ...nameOf(plan),
      planId: plan.id,
      technique: plan.technique,
      goal: plan.goal_code,
      reachedAt: review.reachedAt,
      recommendation,
      signedSessions: course.length,
    });
  }
  return due;
}

async function unreviewedAdverseEvents(trx: Trx): Promise<Today['unreviewedAdverseEvents']> {
  const rows = await trx
    .selectFrom('adverse_event as a')
    .innerJoin('ozone_session as s', 's.id', 'a.session_id')
    .innerJoin('patient as p', 'p.id', 'a.patient_id')
    .select([
      'a.id',
      'a.patient_id',
      'a.session_id',
      'a.grade',
      'a.reported_at',
      's.technique',
      'p.given_name',
      'p.family_name',
    ])
    .where('a.reviewed_at', 'is', null)
    .orderBy('a.grade', 'desc')
    .orderBy('a.reported_at')
    .execute();
  return rows.map((row) => ({
    patientId: row.patient_id,
    ...nameOf(row),
    adverseEventId: row.id,
    sessionId: row.session_id,
    technique: row.technique,
    grade: row.grade,
    blocksCare: row.grade >= 2,
    reportedAt: row.reported_at.toISOString(),
  }));
}

/** Everything on the clinic's worklist today, audited per patient shown. */
export async function clinicDay(trx: Trx, care: CareContext): Promise<Today> {
  const now = care.at;
  const from = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const to = new Date(from.getTime() + DAY_MS);
  const plans = await activePlans(trx);
  const today: Today = {
    day: from.toISOString().slice(0, 10),
    sessions: await sessionsOfTheDay(trx, from, to),
    awaitingDecision: await patientsAwaitingDecision(trx),
    awaitingConsent: await plansAwaitingConsent(trx, plans, now),
    reviewsDue: await reviewsDue(trx, plans, now),
    unreviewedAdverseEvents: await unreviewedAdverseEvents(trx),
  };
  const sectionsByPatient = new Map<string, Set<string>>();
  for (const [section, items] of Object.entries(today)) {
    if (!Array.isArray(items)) continue;
    for (const item of items as readonly { patientId: string }[]) {
      const sections = sectionsByPatient.get(item.patientId) ?? new Set<string>();
      sectionsByPatient.set(item.patientId, sections.add(section));
    }
  }
  await audit(trx, care, 'patient.list', { detail: { view: 'today', count: sectionsByPatient.size } });
  for (const [patientId, sections] of sectionsByPatient) {
    await audit(trx, care, 'worklist.read', { patientId, detail: { sections: [...sections] } });
  }
  return today;
}

export const todayRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/today',
    {
      preValidation: allow('patient.list'),
      schema: {
        tags: ['patients'],
        summary:
          'The clinic’s day: sessions, patients awaiting a decision, plans awaiting consent, reviews due, unreviewed adverse events',
        response: withProblems({ 200: todayView }),
      },
    },
    async (request) => inCare(request, clinicDay),
  );
};
