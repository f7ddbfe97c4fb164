// Ozone sessions (DESIGN.md workflow step 6). A draft is scheduled from a signed order and filled in on the day
// (vitals, consent checked, checklist, generator reading, administered values, operator, supervising physician).
// Signing runs the engine's session check as of the session's start (the day-of re-screening plus dose, history,
// consent, oversight and procedure rules): a hard stop refuses, each warning needs an override (or carries the
// order's override of the same rule), and the signed row is then frozen by the database. Corrections are amendments.

import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { OzoneOrder, SessionStaff } from '../../clinical/care.ts';
import type { Evaluation } from '../../clinical/engine.ts';
import { checkSession } from '../../clinical/engine.ts';
import {
  findAdverseEvent,
  insertAdverseEvent,
  listAdverseEvents,
  reviewAdverseEvent as reviewAdverseEventRow,
} from '../../store/adverse-event.repository.ts';
import { jsonb } from '../../store/column-types.ts';
import { findConsent } from '../../store/consent.repository.ts';
import type { OrderRow } from '../../store/order.repository.ts';
import { findOrder, insertDetectedIssues, listDetectedIssues } from '../../store/order.repository.ts';
import type { SessionDraftChanges, SessionRow } from '../../store/ozone-session.repository.ts';
import {
  findSession,
  insertAmendment,
  insertSession,
  listAmendments,
  markSessionSigned,
  updateDraftSession,
} from '../../store/ozone-session.repository.ts';
import type {
  Checklist,
  GeneratorReading,
  StoredEvaluation,
  Vitals,
} from '../../store/ozone-session.table.ts';
import { lockPatient } from '../../store/patient.repository.ts';
import type { DoseValues } from '../../store/plan.table.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { InvalidRecordError, RecordConflictError, RecordNotFoundError } from './errors.ts';
import type { CarriedOverride, OverrideInput } from './overrides.ts';
import { detectedIssuesFor, refuseHardStops } from './overrides.ts';
import { factsForPatient } from './patient-facts.ts';
import { libraryForCare } from './protocol-library.ts';
import {
  adverseEventFromRow,
  amendmentFromRow,
  detectedIssueFromRow,
  doseColumnsOf,
  doseValuesOf,
  sessionFromRow,
} from './record-mapping.ts';
import type {
  AdverseEvent,
  AmendableField,
  AmendableSessionFields,
  DetectedIssue,
  OzoneSession,
  SessionAmendment,
} from './record-types.ts';

/** A start time this far past the clock is taken as a typo rather than clock skew. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export async function scheduleSession(
  trx: Transaction<Database>,
  context: CareContext,
  input: { readonly orderId: string; readonly scheduledAt?: Date },
): Promise<OzoneSession> {
  const order = await findOrder(trx, context, input.orderId);
  if (!order) throw new RecordNotFoundError('order', input.orderId);
  if (order.discontinued_at !== null) throw new RecordConflictError(`order ${order.id} was discontinued`);
  // The administered values start as the ordered ones; the operator corrects them to what was given.
  const row = await insertSession(trx, context, {
    id: randomUUID(),
    patient_id: order.patient_id,
    order_id: order.id,
    technique: order.technique,
    scheduled_at: input.scheduledAt ?? null,
    ...doseColumnsOf(doseValuesOf(order)),
    created_by: context.actorId,
    created_at: context.at,
    updated_at: context.at,
  });
  return sessionFromRow(row);
}

export interface SessionRecordView {
  readonly session: OzoneSession;
  readonly amendments: readonly SessionAmendment[];
  readonly adverseEvents: readonly AdverseEvent[];
  /** The warnings passed when it was signed, each with its coded reason (given or carried from the order). */
  readonly overrides: readonly DetectedIssue[];
}

/** A session with everything recorded about it: amendments (applied), adverse events and overrides. */
export async function sessionRecord(
  trx: Transaction<Database>,
  context: CareContext,
  sessionId: string,
): Promise<SessionRecordView> {
  const row = await findSession(trx, context, sessionId);
  if (!row) throw new RecordNotFoundError('session', sessionId);
  const amendments = await listAmendments(trx, context, sessionId);
  const adverseEvents = (await listAdverseEvents(trx, context, row.patient_id)).filter(
    (event) => event.session_id === row.id,
  );
  const overrides = await listDetectedIssues(trx, context, { sessionId });
  return {
    session: sessionFromRow(row, amendments),
    amendments: amendments.map(amendmentFromRow),
    adverseEvents: adverseEvents.map(adverseEventFromRow),
    overrides: overrides.map(detectedIssueFromRow),
  };
}

export async function getSession(
  trx: Transaction<Database>,
  context: CareContext,
  sessionId: string,
): Promise<OzoneSession> {
  const row = await findSession(trx, context, sessionId);
  if (!row) throw new RecordNotFoundError('session', sessionId);
  return sessionFromRow(row, await listAmendments(trx, context, sessionId));
}

/** Changes to a draft: a present key changes (null clears it), an absent key stays. */
export interface SessionDraftInput {
  readonly scheduledAt?: Date | null;
  readonly startedAt?: Date | null;
  readonly vitals?: Vitals;
  readonly consentId?: string | null;
  readonly checklist?: Checklist;
  readonly generatorReading?: GeneratorReading | null;
  /** Replaces all administered values. */
  readonly administered?: DoseValues;
  readonly operator?: { readonly id: string; readonly credentials: readonly string[] } | null;
  readonly supervisingPhysicianId?: string | null;
  readonly imageGuidance?: boolean | null;
  readonly notes?: string | null;
}

async function lockedDraft(trx: Transaction<Database>, context: CareContext, sessionId: string) {
  const row = await findSession(trx, context, sessionId, { lock: true });
  if (!row) throw new RecordNotFoundError('session', sessionId);
  if (row.status !== 'draft') throw new RecordConflictError('the session is signed: amend it instead');
  return row;
}

export async function updateSessionDraft(
  trx: Transaction<Database>,
  context: CareContext,
  sessionId: string,
  input: SessionDraftInput,
): Promise<OzoneSession> {
  const draft = await lockedDraft(trx, context, sessionId);
  if (input.consentId) {
    const consent = await findConsent(trx, context, input.consentId);
    if (consent?.patient_id !== draft.patient_id) {
      throw new InvalidRecordError('$.consentId', 'no such consent for this patient');
    }
  }
  const has = (key: keyof SessionDraftInput) => Object.hasOwn(input, key);
  const changes: SessionDraftChanges = {
    ...(has('scheduledAt') ? { scheduled_at: input.scheduledAt ?? null } : {}),
    ...(has('startedAt') ? { started_at: input.startedAt ?? null } : {}),
    ...(input.vitals ? { vitals: jsonb(input.vitals) } : {}),
    ...(has('consentId') ? { consent_id: input.consentId ?? null } : {}),
    ...(input.checklist ? { checklist: jsonb(input.checklist) } : {}),
    ...(has('generatorReading')
      ? { generator_reading: input.generatorReading ? jsonb(input.generatorReading) : null }
      : {}),
    ...(input.administered ? doseColumnsOf(input.administered) : {}),
    ...(has('operator')
      ? {
          operator_id: input.operator?.id ?? null,
          operator_credentials: jsonb(input.operator?.credentials ?? []),
        }
      : {}),
    ...(has('supervisingPhysicianId')
      ? { supervising_physician_id: input.supervisingPhysicianId ?? null }
      : {}),
    ...(has('imageGuidance') ? { image_guidance: input.imageGuidance ?? null } : {}),
    ...(has('notes') ? { notes: input.notes ?? null } : {}),
    updated_at: context.at,
  };
  const row = await updateDraftSession(trx, context, sessionId, changes);
  if (!row) throw new RecordConflictError('the session is signed: amend it instead');
  return sessionFromRow(row);
}

interface SessionCheck {
  readonly order: OrderRow;
  readonly libraryVersionId: string;
  readonly evaluation: Evaluation;
  readonly stored: StoredEvaluation;
}

/** Runs the engine's session check on a draft as of `asOf` (nothing stored here). */
async function checkDraft(
  trx: Transaction<Database>,
  context: CareContext,
  draft: SessionRow,
  asOf: Date,
): Promise<SessionCheck> {
  const order = await findOrder(trx, context, draft.order_id);
  if (!order) throw new RecordNotFoundError('order', draft.order_id);
  await lockPatient(trx, draft.patient_id);
  const { facts, history } = await factsForPatient(trx, context, draft.patient_id, asOf);
  const library = await libraryForCare(trx, context);
  const values: OzoneOrder = {
    technique: draft.technique,
    ...(order.goal_code !== null
      ? { goal: { code: order.goal_code, ...(order.goal_text !== null ? { text: order.goal_text } : {}) } }
      : {}),
    ...doseValuesOf(draft),
  };
  const staff: SessionStaff = {
    ...(draft.supervising_physician_id !== null
      ? { supervisingPhysicianId: draft.supervising_physician_id }
      : {}),
    ...(draft.operator_id !== null
      ? { operator: { id: draft.operator_id, credentials: draft.operator_credentials } }
      : {}),
    ...(draft.image_guidance !== null ? { imageGuidance: draft.image_guidance } : {}),
  };
  const evaluation = checkSession(values, staff, facts, history, { library: library.library, asOf });
  return {
    order,
    libraryVersionId: library.id,
    evaluation,
    stored: { asOf: asOf.toISOString(), evaluation },
  };
}

/** The day-of check before the session goes ahead: stored on the draft, nothing else changes. */
export async function preSessionCheck(
  trx: Transaction<Database>,
  context: CareContext,
  sessionId: string,
): Promise<Evaluation> {
  const draft = await lockedDraft(trx, context, sessionId);
  const check = await checkDraft(trx, context, draft, draft.started_at ?? context.at);
  await updateDraftSession(trx, context, sessionId, {
    rescreening: jsonb(check.stored),
    library_version_id: check.libraryVersionId,
    updated_at: context.at,
  });
  return check.evaluation;
}

export interface SignedSession {
  readonly session: OzoneSession;
  readonly evaluation: Evaluation;
  readonly detectedIssues: readonly DetectedIssue[];
}

export async function signSession(
  trx: Transaction<Database>,
  context: CareContext,
  input: { readonly sessionId: string; readonly overrides?: readonly OverrideInput[] },
): Promise<SignedSession> {
  const draft = await lockedDraft(trx, context, input.sessionId);
  const startedAt = draft.started_at;
  if (startedAt === null)
    throw new InvalidRecordError('$.startedAt', 'record when the session started first');
  if (startedAt.getTime() > context.at.getTime() + CLOCK_SKEW_MS) {
    throw new InvalidRecordError('$.startedAt', 'a session is signed after it started, not before');
  }
  const check = await checkDraft(trx, context, draft, startedAt);
  refuseHardStops('signing the session', check.evaluation);
  const carried = new Map<string, CarriedOverride>(
    (await listDetectedIssues(trx, context, { orderId: check.order.id }))
      .filter((issue) => issue.override_reason !== null)
      .map((issue) => [
        issue.rule_id,
        { detectedIssueId: issue.id, reason: issue.override_reason!, comment: issue.comment },
      ]),
  );
  const issues = detectedIssuesFor(
    'signing the session',
    check.evaluation,
    input.overrides ?? [],
    {
      libraryVersionId: check.libraryVersionId,
      by: context.actorId,
      at: context.at,
      target: { session_id: draft.id },
    },
    carried,
  );
  const signed = await markSessionSigned(trx, context, {
    id: draft.id,
    by: context.actorId,
    at: context.at,
    rescreening: jsonb(check.stored),
    libraryVersionId: check.libraryVersionId,
  });
  if (!signed) throw new RecordConflictError('the session was signed meanwhile');
  const stored = await insertDetectedIssues(
    trx,
    context,
    draft.patient_id,
    issues.map((issue) => ({ ...issue, id: randomUUID() })),
  );
  return {
    session: sessionFromRow(signed),
    evaluation: check.evaluation,
    detectedIssues: stored.map(detectedIssueFromRow),
  };
}

const AMENDABLE: Readonly<Record<AmendableField, (value: unknown) => boolean>> = {
  startedAt: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  notes: (v) => typeof v === 'string',
  vitals: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  checklist: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  generatorReading: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  concentrationUgPerMl: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  gasVolumeMl: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  bloodVolumeMl: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  durationMin: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  supervisingPhysicianId: (v) => typeof v === 'string' && v.length > 0,
  imageGuidance: (v) => typeof v === 'boolean',
};

export const isAmendableField = (field: string): field is AmendableField => Object.hasOwn(AMENDABLE, field);

function currentValue(session: OzoneSession, field: AmendableField): unknown {
  switch (field) {
    case 'concentrationUgPerMl':
    case 'gasVolumeMl':
    case 'bloodVolumeMl':
    case 'durationMin':
      return session.administered[field] ?? null;
    default:
      return (session as Partial<AmendableSessionFields>)[field] ?? null;
  }
}

/**
 * Appends a correction to a signed session (the row itself is frozen). `value` null clears the field. The reason
 * is required. A corrected dose is what the record then says was given; it is not re-checked, because refusing a
 * truthful correction would leave a false record (an excursion is an incident to report, not to hide).
 */
export async function amendSession(
  trx: Transaction<Database>,
  context: CareContext,
  input: {
    readonly sessionId: string;
    readonly field: string;
    readonly value: unknown;
    readonly reason: string;
  },
): Promise<SessionAmendment> {
  const { field, value } = input;
  if (!isAmendableField(field)) throw new InvalidRecordError('$.field', `${field} cannot be amended`);
  if (value !== null && !AMENDABLE[field](value)) {
    throw new InvalidRecordError('$.value', `not a valid value for ${field}`);
  }
  if (!input.reason.trim()) throw new InvalidRecordError('$.reason', 'an amendment needs a reason');
  const row = await findSession(trx, context, input.sessionId, { lock: true });
  if (!row) throw new RecordNotFoundError('session', input.sessionId);
  if (row.status !== 'signed') throw new RecordConflictError('a draft is edited, not amended');
  const current = sessionFromRow(row, await listAmendments(trx, context, row.id));
  const amendment = await insertAmendment(trx, context, {
    id: randomUUID(),
    session_id: row.id,
    patient_id: row.patient_id,
    field,
    old_value: jsonb(currentValue(current, field)),
    new_value: jsonb(value),
    reason: input.reason.trim(),
    amended_by: context.actorId,
    amended_at: context.at,
  });
  return amendmentFromRow(amendment);
}

export async function recordAdverseEvent(
  trx: Transaction<Database>,
  context: CareContext,
  input: {
    readonly sessionId: string;
    readonly grade: number;
    readonly description: string;
    readonly onsetAt?: Date;
  },
): Promise<AdverseEvent> {
  if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > 5) {
    throw new InvalidRecordError('$.grade', 'the grade is a whole number from 1 to 5');
  }
  if (!input.description.trim()) throw new InvalidRecordError('$.description', 'describe the event');
  const session = await findSession(trx, context, input.sessionId);
  if (!session) throw new RecordNotFoundError('session', input.sessionId);
  const row = await insertAdverseEvent(trx, context, {
    id: randomUUID(),
    session_id: session.id,
    patient_id: session.patient_id,
    grade: input.grade,
    description: input.description.trim(),
    onset_at: input.onsetAt ?? null,
    reported_by: context.actorId,
    reported_at: context.at,
  });
  return adverseEventFromRow(row);
}

/** The acting physician's review (the route checks the role); the engine then no longer waits for it. */
export async function reviewAdverseEvent(
  trx: Transaction<Database>,
  context: CareContext,
  input: { readonly adverseEventId: string; readonly note?: string },
): Promise<AdverseEvent> {
  const row = await reviewAdverseEventRow(trx, context, {
    id: input.adverseEventId,
    by: context.actorId,
    at: context.at,
    ...(input.note ? { note: input.note } : {}),
  });
  if (row) return adverseEventFromRow(row);
  const existing = await findAdverseEvent(trx, context, input.adverseEventId);
  if (!existing) throw new RecordNotFoundError('adverse event', input.adverseEventId);
  throw new RecordConflictError('the adverse event was already reviewed');
}
