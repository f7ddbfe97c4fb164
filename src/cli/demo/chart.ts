// One demo patient's chart, written through the clinical-record services exactly as the server writes it: each step
// is one service call in its own transaction (one request), by the staff member whose job it is, at a time of the
// demo's calendar. A step the engine refuses is logged as a `denied` audit row (recordRefusal), as the routes log it.
// The chart notes where each rule id ended up in the stored record, so the demo can prove what its scenarios show.

import type { Kysely, Transaction } from 'kysely';
import type { Evaluation } from '../../clinical/engine.ts';
import type { Fundamental, GoalStatement, Intake, Sex } from '../../clinical/facts.ts';
import { FUNDAMENTALS } from '../../clinical/facts.ts';
import type { Finding } from '../../clinical/findings.ts';
import type { GoalCode, OutcomeMeasureCode } from '../../clinical/goals.ts';
import type { CourseReview } from '../../clinical/outcomes.ts';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { OZONE_THERAPY_CREDENTIAL } from '../../clinical/techniques.ts';
import type { User } from '../../server/auth/accounts.ts';
import type { CareContext } from '../../server/services/care-context.ts';
import { countersignConsent, recordConsent, withdrawConsent } from '../../server/services/consent.ts';
import { isClinicalHardStop } from '../../server/services/errors.ts';
import { saveIntake, screenAndStore } from '../../server/services/intake.ts';
import { checkAndSaveOrder } from '../../server/services/orders.ts';
import { courseRecommendation, recordOutcome } from '../../server/services/outcomes.ts';
import type { OverrideInput } from '../../server/services/overrides.ts';
import { registerPatient } from '../../server/services/patients.ts';
import { closePlan, createPlan, decideNoOzone } from '../../server/services/plans.ts';
import type {
  AdverseEvent,
  Consent,
  ConsentTemplate,
  DetectedIssue,
  FactInput,
  OzoneSession,
  Plan,
  StoredOrder,
} from '../../server/services/record-types.ts';
import type { Refusal } from '../../server/services/refusals.ts';
import { hardStopsOf, recordRefusal } from '../../server/services/refusals.ts';
import {
  preSessionCheck,
  recordAdverseEvent,
  reviewAdverseEvent,
  scheduleSession,
  signSession,
  updateSessionDraft,
} from '../../server/services/sessions.ts';
import type { NoOzoneReason } from '../../store/decision.table.ts';
import type { OutcomePhase } from '../../store/outcome.table.ts';
import { CHECKLIST_ITEMS } from '../../store/ozone-session.table.ts';
import type { DoseValues, PlanCloseReason, ProgrammeComponent } from '../../store/plan.table.ts';
import type { Database } from '../../store/schema.ts';
import type { ClinicCalendar } from './calendar.ts';
import type { SeededRandom } from './random.ts';
import type { DemoStaff, StaffRole } from './staff.ts';

/** Where a rule id shows in the stored record. */
export type ShownIn =
  'screening' | 'plan check' | 'order' | 'override' | 'session check' | 'day-of check' | 'refused (audit)';

/** What a chart needs from the clinic around it. */
export interface ClinicDesk {
  readonly db: Kysely<Database>;
  readonly staff: DemoStaff;
  readonly calendar: ClinicCalendar;
  readonly random: SeededRandom;
  readonly consentTemplates: ReadonlyMap<TechniqueCode, ConsentTemplate>;
}

export interface DemoPatient {
  readonly givenName: string;
  readonly familyName: string;
  readonly age: number;
  readonly sex: Sex;
  readonly preferredLanguage: 'en' | 'es';
  /** Medical travellers: the stay, in days relative to today (negative: before today). */
  readonly stay?: { readonly arrivalDaysAgo: number; readonly departureInDays: number };
}

/** Who does a step: a staff role, or the patient through the portal account. */
export type Actor = StaffRole | 'patient';

export interface IntakeStep {
  readonly at: Date;
  readonly by?: Actor;
  /** Absent: no goal is recorded yet. */
  readonly goal?: GoalStatement;
  /** Default: all six fundamentals were assessed. */
  readonly fundamentalsAssessed?: readonly Fundamental[];
  readonly expectsCure?: boolean;
  readonly oxidativeBurden?: Intake['oxidativeBurden'];
  readonly unstableMedicalIssues?: boolean;
  readonly facts?: readonly FactInput[];
}

export interface PlanStep {
  readonly at: Date;
  readonly goal: GoalStatement & { readonly code: GoalCode };
  readonly technique: TechniqueCode;
  readonly schedule: readonly DoseValues[];
  readonly courseSessions: number;
  readonly programme?: readonly ProgrammeComponent[];
}

export interface OrderStep {
  readonly at: Date;
  readonly plan: Plan;
  readonly values: DoseValues;
  readonly overrides?: readonly OverrideInput[];
}

export interface ConsentStep {
  /** When the consent is recorded. */
  readonly at: Date;
  /** When the patient signed, when earlier than the recording (a paper consent entered later). */
  readonly signedAt?: Date;
  readonly techniques: readonly TechniqueCode[];
  readonly method: 'wet-ink' | 'electronic' | 'portal';
  /** When a physician countersigned; null: not yet. Default: 15 minutes after the patient signed. */
  readonly countersignedAt?: Date | null;
}

/** Who runs a session: the nurse (default) or the physician, with the credentials verified on the day. */
export interface SessionStaffing {
  readonly operator?: 'nurse' | 'physician';
  readonly operatorCredentials?: readonly string[];
  /** Default: the physician. null: nobody recorded. */
  readonly supervisor?: StaffRole | null;
  readonly imageGuidance?: boolean;
}

export interface SessionStep extends SessionStaffing {
  readonly order: StoredOrder;
  readonly start: Date;
  readonly consent: Consent | null;
  readonly overrides?: readonly OverrideInput[];
  readonly notes?: string;
}

export interface TreatmentStep {
  readonly plan: Plan;
  readonly consent: Consent;
  /** When the session starts; the order is signed half an hour before. */
  readonly start: Date;
  readonly values: DoseValues;
  /** Overrides for the order's warnings (the session carries them over). */
  readonly overrides?: readonly OverrideInput[];
  readonly notes?: string;
}

export interface Chart {
  readonly patientId: string;
  readonly name: string;
  readonly calendar: ClinicCalendar;
  /** Where each rule id was stored for this patient. */
  readonly shown: ReadonlyMap<RuleId, ReadonlySet<ShownIn>>;
  /** One-line notes for the printed summary (decisions, course reviews). */
  readonly notes: readonly string[];
  intake(step: IntakeStep): Promise<void>;
  /** A new intake version: the current intake with more facts (a lab result, a day-of observation). */
  addFacts(step: {
    readonly at: Date;
    readonly by?: Actor;
    readonly facts: readonly FactInput[];
  }): Promise<void>;
  /** Screening again as the record stands (after an adverse event, say). */
  rescreen(at: Date): Promise<void>;
  decideNoOzone(step: {
    readonly at: Date;
    readonly reason: NoOzoneReason;
    readonly comment: string;
  }): Promise<void>;
  plan(step: PlanStep): Promise<Plan>;
  /** A plan the engine must refuse: the refusal is audited, nothing else is stored. */
  refusedPlan(step: PlanStep): Promise<void>;
  closePlan(step: {
    readonly at: Date;
    readonly plan: Plan;
    readonly reason: PlanCloseReason;
    readonly note: string;
  }): Promise<void>;
  order(step: OrderStep): Promise<StoredOrder>;
  refusedOrder(step: OrderStep): Promise<void>;
  consent(step: ConsentStep): Promise<Consent>;
  withdrawConsent(step: {
    readonly at: Date;
    readonly consent: Consent;
    readonly reason: string;
  }): Promise<void>;
  /** Schedules, fills in and signs a session (signed 40 minutes after it started). */
  session(step: SessionStep): Promise<OzoneSession>;
  /** A session whose signature the engine refuses: the day-of check stays on the draft, the refusal is audited. */
  refusedSession(step: SessionStep): Promise<OzoneSession>;
  /** Corrects a refused draft and signs it. */
  completeSession(
    draft: OzoneSession,
    step: SessionStaffing & { readonly start: Date; readonly consent: Consent; readonly notes?: string },
  ): Promise<OzoneSession>;
  /** Order and session on the same day. */
  treat(step: TreatmentStep): Promise<OzoneSession>;
  adverseEvent(step: {
    readonly session: OzoneSession;
    readonly at: Date;
    readonly grade: number;
    readonly description: string;
  }): Promise<AdverseEvent>;
  reviewAdverseEvent(step: {
    readonly at: Date;
    readonly event: AdverseEvent;
    readonly note: string;
  }): Promise<void>;
  outcome(step: {
    readonly at: Date;
    readonly measure: OutcomeMeasureCode;
    readonly value: number;
    readonly phase: OutcomePhase;
    readonly plan?: Plan;
    readonly by?: Actor;
  }): Promise<void>;
  /** The engine's continue / reassess / stop, noted for the summary. */
  reviewCourse(step: { readonly at: Date; readonly plan: Plan }): Promise<CourseReview>;
}

const SIGNING_DELAY_MIN = 40;
const ORDER_LEAD_MIN = 30;

/** Opens a chart: registers the patient (by the coordinator) and returns the chart. */
export async function openChart(
  desk: ClinicDesk,
  patient: DemoPatient,
  registeredAt: Date,
  portalAccount: () => User | undefined,
): Promise<Chart> {
  const { db, staff, calendar, random } = desk;
  const name = `${patient.givenName} ${patient.familyName}`;
  const shown = new Map<RuleId, Set<ShownIn>>();
  const notes: string[] = [];
  let currentIntake: Intake | undefined;
  /** Where each adverse event's line is in `notes`, to update it once reviewed. */
  const adverseEventNotes = new Map<string, number>();

  const contextOf = (actor: Actor, at: Date): CareContext => {
    const user = actor === 'patient' ? portalAccount() : staff[actor].user;
    if (!user) throw new Error(`${name} has no portal account`);
    return { actorId: user.id, actorRole: user.role, at, requestId: 'o3care-demo', sourceIp: null };
  };
  const inTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
    db.transaction().execute(work);
  // The day-of check of a draft stays on record only while the draft stays a draft: signing it stores the signing
  // check in its place. So those findings count once the story is over, for the drafts still unsigned.
  const dayOfChecks = new Map<string, readonly Finding[]>();
  const note = (findings: readonly Pick<Finding, 'ruleId'>[], where: ShownIn, into = shown) => {
    for (const { ruleId } of findings) {
      const places = into.get(ruleId) ?? new Set<ShownIn>();
      places.add(where);
      into.set(ruleId, places);
    }
  };
  const noteOverrides = (issues: readonly DetectedIssue[]) => note(issues, 'override');

  /** Runs an attempt the engine must refuse; logs the refusal as the routes do. */
  async function expectRefusal(
    what: string,
    context: CareContext,
    refusal: Omit<Refusal, 'error'>,
    attempt: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await attempt();
    } catch (error) {
      if (!isClinicalHardStop(error)) throw error;
      await recordRefusal(db, context, { ...refusal, error });
      note(error.findings, 'refused (audit)');
      notes.push(`refused ${isoDate(context.at)}: ${what} (${hardStopsOf(error).join(', ')})`);
      return;
    }
    throw new Error(`demo: ${what} for ${name} was expected to be refused by a hard stop, and was stored`);
  }

  const registered = await inTransaction((trx) =>
    registerPatient(trx, contextOf('coordinator', registeredAt), {
      givenName: patient.givenName,
      familyName: patient.familyName,
      birthDate: calendar.birthDateForAge(patient.age, random.integer(0, 364)),
      sex: patient.sex,
      preferredLanguage: patient.preferredLanguage,
      identifiers: [
        { system: 'https://o3care.org/demo/record-number', value: `DEMO-${random.integer(10000, 99999)}` },
      ],
      email: `${ascii(patient.givenName)}.${ascii(patient.familyName)}@example.org`,
      ...(patient.stay
        ? {
            stay: {
              arrival: isoDate(calendar.daysAgo(patient.stay.arrivalDaysAgo)),
              departure: isoDate(calendar.daysAhead(patient.stay.departureInDays)),
            },
          }
        : {}),
    }),
  );
  const patientId = registered.id;

  async function saveIntakeVersion(at: Date, by: Actor, intake: Intake, facts: readonly FactInput[]) {
    const saved = await inTransaction((trx) =>
      saveIntake(trx, contextOf(by, at), { patientId, intake, facts }),
    );
    currentIntake = intake;
    note(saved.screening.findings, 'screening');
  }

  function fillDraft(
    trx: Transaction<Database>,
    draft: OzoneSession,
    step: SessionStaffing & {
      readonly start: Date;
      readonly consent: Consent | null;
      readonly notes?: string;
    },
  ) {
    const operator = step.operator ?? 'nurse';
    const concentration = draft.administered.concentrationUgPerMl;
    return updateSessionDraft(trx, contextOf('nurse', step.start), draft.id, {
      startedAt: step.start,
      consentId: step.consent?.id ?? null,
      vitals: {
        systolicMmHg: random.integer(112, 142),
        diastolicMmHg: random.integer(68, 88),
        heartRateBpm: random.integer(60, 88),
        spo2Percent: random.integer(95, 99),
        temperatureC: random.around(36.6, 0.3, 1),
      },
      checklist: Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true])),
      ...(concentration !== undefined
        ? {
            generatorReading: {
              deviceId: 'generator-1 (demo)',
              concentrationUgPerMl: random.around(concentration, 0.4, 1),
              readAt: calendar.minutesAfter(step.start, -10).toISOString(),
            },
          }
        : {}),
      operator: {
        id: staff[operator].user.id,
        credentials: step.operatorCredentials ?? [OZONE_THERAPY_CREDENTIAL],
      },
      supervisingPhysicianId: step.supervisor === null ? null : staff[step.supervisor ?? 'physician'].user.id,
      imageGuidance: step.imageGuidance ?? null,
      notes: step.notes ?? null,
    });
  }

  async function sign(draft: OzoneSession, start: Date, overrides: readonly OverrideInput[] = []) {
    const signed = await inTransaction((trx) =>
      signSession(trx, contextOf('physician', calendar.minutesAfter(start, SIGNING_DELAY_MIN)), {
        sessionId: draft.id,
        overrides,
      }),
    );
    note(signed.evaluation.findings, 'session check');
    noteOverrides(signed.detectedIssues);
    return signed.session;
  }

  const chart: Chart = {
    patientId,
    name,
    calendar,
    get shown() {
      const withDayOf = new Map([...shown].map(([ruleId, places]) => [ruleId, new Set(places)]));
      for (const findings of dayOfChecks.values()) note(findings, 'day-of check', withDayOf);
      return withDayOf;
    },
    notes,

    async intake(step) {
      const intake: Intake = {
        ...(step.goal ? { goal: step.goal } : {}),
        fundamentalsAssessed: step.fundamentalsAssessed ?? [...FUNDAMENTALS],
        expectsCure: step.expectsCure ?? false,
        oxidativeBurden: step.oxidativeBurden ?? 'low',
        unstableMedicalIssues: step.unstableMedicalIssues ?? false,
      };
      await saveIntakeVersion(step.at, step.by ?? 'physician', intake, step.facts ?? []);
    },

    async addFacts(step) {
      if (!currentIntake) throw new Error(`${name}: record the intake before adding facts to it`);
      await saveIntakeVersion(step.at, step.by ?? 'nurse', currentIntake, step.facts);
    },

    async rescreen(at) {
      const screening = await inTransaction((trx) =>
        screenAndStore(trx, contextOf('physician', at), patientId, null),
      );
      note(screening.findings, 'screening');
    },

    async decideNoOzone(step) {
      await inTransaction((trx) =>
        decideNoOzone(trx, contextOf('physician', step.at), {
          patientId,
          reason: step.reason,
          comment: step.comment,
        }),
      );
      notes.push(`decision: no ozone (${step.reason})`);
    },

    async plan(step) {
      const created = await inTransaction((trx) =>
        createPlan(trx, contextOf('physician', step.at), planInput(step)),
      );
      created.stepEvaluations.forEach((evaluation: Evaluation) => note(evaluation.findings, 'plan check'));
      return created.plan;
    },

    async refusedPlan(step) {
      const context = contextOf('physician', step.at);
      await expectRefusal(`${step.technique} plan`, context, { action: 'plan.write', patientId }, () =>
        inTransaction((trx) => createPlan(trx, context, planInput(step))),
      );
    },

    async closePlan(step) {
      await inTransaction((trx) =>
        closePlan(trx, contextOf('physician', step.at), {
          planId: step.plan.id,
          reason: step.reason,
          note: step.note,
        }),
      );
      notes.push(`plan ${step.plan.technique}: ${step.reason} (${step.note})`);
    },

    async order(step) {
      const saved = await inTransaction((trx) =>
        checkAndSaveOrder(trx, contextOf('physician', step.at), {
          planId: step.plan.id,
          values: step.values,
          overrides: step.overrides ?? [],
        }),
      );
      note(saved.evaluation.findings, 'order');
      noteOverrides(saved.detectedIssues);
      return saved.order;
    },

    async refusedOrder(step) {
      const context = contextOf('physician', step.at);
      await expectRefusal(
        `${step.plan.technique} order`,
        context,
        { action: 'order.write', patientId, resource: `plan/${step.plan.id}` },
        () =>
          inTransaction((trx) =>
            checkAndSaveOrder(trx, context, {
              planId: step.plan.id,
              values: step.values,
              overrides: step.overrides ?? [],
            }),
          ),
      );
    },

    async consent(step) {
      const [technique] = step.techniques;
      const template = technique && desk.consentTemplates.get(technique);
      if (!template) throw new Error(`no demo consent template for ${technique ?? 'no technique'}`);
      const signer: Actor = step.method === 'portal' ? 'patient' : 'coordinator';
      const consent = await inTransaction((trx) =>
        recordConsent(trx, contextOf(signer, step.at), {
          patientId,
          templateId: template.id,
          techniques: step.techniques,
          patientSignature: { name, signedAt: step.signedAt ?? step.at, method: step.method },
        }),
      );
      const countersignedAt =
        step.countersignedAt === undefined ? calendar.minutesAfter(step.at, 15) : step.countersignedAt;
      if (countersignedAt === null) return consent;
      return inTransaction((trx) =>
        countersignConsent(trx, contextOf('physician', countersignedAt), consent.id),
      );
    },

    async withdrawConsent(step) {
      await inTransaction((trx) =>
        withdrawConsent(trx, contextOf('coordinator', step.at), {
          consentId: step.consent.id,
          reason: step.reason,
        }),
      );
    },

    async session(step) {
      const draft = await inTransaction(async (trx) => {
        const scheduled = await scheduleSession(trx, contextOf('nurse', step.start), {
          orderId: step.order.id,
          scheduledAt: step.start,
        });
        return fillDraft(trx, scheduled, step);
      });
      return sign(draft, step.start, step.overrides);
    },

    async refusedSession(step) {
      const draft = await inTransaction(async (trx) => {
        const scheduled = await scheduleSession(trx, contextOf('nurse', step.start), {
          orderId: step.order.id,
          scheduledAt: step.start,
        });
        return fillDraft(trx, scheduled, step);
      });
      const dayOf = await inTransaction((trx) =>
        preSessionCheck(trx, contextOf('nurse', step.start), draft.id),
      );
      dayOfChecks.set(draft.id, dayOf.findings);
      const context = contextOf('physician', calendar.minutesAfter(step.start, SIGNING_DELAY_MIN));
      await expectRefusal(
        `signing the ${step.order.technique} session`,
        context,
        { action: 'session.sign', patientId, resource: `ozone_session/${draft.id}` },
        () =>
          inTransaction((trx) =>
            signSession(trx, context, { sessionId: draft.id, overrides: step.overrides ?? [] }),
          ),
      );
      return draft;
    },

    async completeSession(draft, step) {
      dayOfChecks.delete(draft.id);
      const corrected = await inTransaction((trx) => fillDraft(trx, draft, step));
      return sign(corrected, step.start);
    },

    async treat(step) {
      const order = await chart.order({
        at: calendar.minutesAfter(step.start, -ORDER_LEAD_MIN),
        plan: step.plan,
        values: step.values,
        ...(step.overrides ? { overrides: step.overrides } : {}),
      });
      return chart.session({
        order,
        start: step.start,
        consent: step.consent,
        ...(step.notes ? { notes: step.notes } : {}),
      });
    },

    async adverseEvent(step) {
      const event = await inTransaction((trx) =>
        recordAdverseEvent(trx, contextOf('nurse', step.at), {
          sessionId: step.session.id,
          grade: step.grade,
          description: step.description,
          onsetAt: step.at,
        }),
      );
      adverseEventNotes.set(event.id, notes.length);
      notes.push(`adverse event, grade ${event.grade}, ${isoDate(step.at)}: awaiting physician review`);
      return event;
    },

    async reviewAdverseEvent(step) {
      await inTransaction((trx) =>
        reviewAdverseEvent(trx, contextOf('physician', step.at), {
          adverseEventId: step.event.id,
          note: step.note,
        }),
      );
      const index = adverseEventNotes.get(step.event.id);
      if (index !== undefined) {
        notes[index] =
          `adverse event, grade ${step.event.grade}, ${step.event.reportedAt.slice(0, 10)}: reviewed (${step.note})`;
      }
    },

    async outcome(step) {
      await inTransaction((trx) =>
        recordOutcome(trx, contextOf(step.by ?? 'nurse', step.at), {
          patientId,
          ...(step.plan ? { planId: step.plan.id } : {}),
          measure: step.measure,
          value: step.value,
          phase: step.phase,
          recordedAt: step.at,
        }),
      );
    },

    async reviewCourse(step) {
      const review = await inTransaction((trx) =>
        courseRecommendation(trx, contextOf('physician', step.at), step.plan.id),
      );
      notes.push(`course review (${step.plan.technique}): ${describeReview(review)}`);
      return review;
    },
  };

  function planInput(step: PlanStep) {
    return {
      patientId,
      goal: step.goal,
      technique: step.technique,
      escalationSchedule: step.schedule,
      courseSessions: step.courseSessions,
      ...(step.programme ? { programme: step.programme } : {}),
    };
  }

  return chart;
}

const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/** The engine's recommendation in a line: what, and why. */
function describeReview(review: CourseReview): string {
  const measures = review.responses.map((r) => `${r.measure} ${r.baseline} → ${r.latest}`).join(', ');
  switch (review.recommendation) {
    case 'continue':
      return review.reviewPointReached
        ? `continue, responder (${measures})`
        : 'continue, review point not reached';
    case 'stop':
      return `stop recommended, non-responder (${measures})`;
    case 'reassess':
      return `reassess: review point reached ${review.reachedAt?.slice(0, 10) ?? ''}, no outcome recorded since`;
  }
}

/** An e-mail-safe form of a name: `Tomás` → `tomas`. */
const ascii = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
