// Rows ↔ the clinical record, in exactly one place (STYLE.md, Kysely): the engine's inputs (PatientFacts,
// CareHistory, ProtocolLibrary, ConsentRecord) and the record objects services return are built here from rows,
// and rows are built here from service input. Nothing here decides anything clinical.

import type { AdverseEventRecord, CareHistory, OutcomeRecord, SessionRecord } from '../../clinical/care.ts';
import type { ConsentRecord, Fact, Intake, PatientFacts } from '../../clinical/facts.ts';
import { emptyFacts } from '../../clinical/facts.ts';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import type { AdverseEventRow } from '../../store/adverse-event.repository.ts';
import type { FactRow, NewFactRow } from '../../store/clinical-fact.repository.ts';
import type { FactListKind } from '../../store/clinical-fact.table.ts';
import { FACT_KINDS } from '../../store/clinical-fact.table.ts';
import { jsonb } from '../../store/column-types.ts';
import type { ConsentRow, ConsentTemplateRow } from '../../store/consent.repository.ts';
import type { DecisionRow } from '../../store/decision.repository.ts';
import type { IntakeRow, NewIntakeRow } from '../../store/intake.repository.ts';
import type { DetectedIssueRow, OrderRow } from '../../store/order.repository.ts';
import type { OutcomeRow } from '../../store/outcome.repository.ts';
import type { AmendmentRow, SessionRow } from '../../store/ozone-session.repository.ts';
import type { NewPatientRow, PatientChanges, PatientRow } from '../../store/patient.repository.ts';
import type { PlanRow } from '../../store/plan.repository.ts';
import type { LibraryVersionRow } from '../../store/protocol-library.repository.ts';
import type { LibraryDocument } from '../../store/protocol-library.table.ts';
import type { DoseValues } from '../../store/plan.table.ts';
import type { ScreeningResultRow } from '../../store/screening.repository.ts';
import type { TimelineRow } from '../../store/timeline.repository.ts';
import type {
  AdverseEvent,
  AmendableSessionFields,
  Consent,
  ConsentTemplate,
  Decision,
  DetectedIssue,
  FactInput,
  IntakeVersion,
  LibraryVersion,
  OutcomeMeasure,
  OzoneSession,
  Patient,
  PatientInput,
  Plan,
  RecordedFact,
  ScreeningResult,
  SessionAmendment,
  StoredOrder,
  TimelineEvent,
} from './record-types.ts';

const iso = (date: Date): string => date.toISOString();

/** The entries whose value is neither null nor undefined: record objects omit what is not known. */
function present<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

const dateOrUndefined = (date: Date | null): string | undefined => (date === null ? undefined : iso(date));

// ---------------------------------------------------------------- patients

export function patientFromRow(row: PatientRow): Patient {
  const stay = present({ arrival: row.stay_arrival, departure: row.stay_departure });
  return {
    id: row.id,
    ...present({
      givenName: row.given_name,
      familyName: row.family_name,
      birthDate: row.birth_date,
      email: row.email,
      phone: row.phone,
      preferredLanguage: row.preferred_language,
    }),
    sex: row.sex,
    identifiers: row.identifiers,
    ...(Object.keys(stay).length > 0 ? { stay } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function patientToRow(id: string, input: PatientInput, by: string, at: Date): NewPatientRow {
  return {
    id,
    given_name: input.givenName ?? null,
    family_name: input.familyName ?? null,
    birth_date: input.birthDate ?? null,
    sex: input.sex ?? 'unknown',
    identifiers: jsonb(input.identifiers ?? []),
    email: input.email ?? null,
    phone: input.phone ?? null,
    preferred_language: input.preferredLanguage ?? null,
    stay_arrival: input.stay?.arrival ?? null,
    stay_departure: input.stay?.departure ?? null,
    created_by: by,
    created_at: at,
    updated_at: at,
  };
}

/** Changes to a patient: a key that is present changes (null clears it); an absent key stays as it is. */
export type PatientUpdate = { readonly [K in keyof PatientInput]?: PatientInput[K] | null };

export function patientChangesToRow(update: PatientUpdate, at: Date): PatientChanges {
  const has = (key: keyof PatientUpdate) => Object.hasOwn(update, key);
  return {
    ...(has('givenName') ? { given_name: update.givenName ?? null } : {}),
    ...(has('familyName') ? { family_name: update.familyName ?? null } : {}),
    ...(has('birthDate') ? { birth_date: update.birthDate ?? null } : {}),
    ...(has('sex') ? { sex: update.sex ?? 'unknown' } : {}),
    ...(has('identifiers') ? { identifiers: jsonb(update.identifiers ?? []) } : {}),
    ...(has('email') ? { email: update.email ?? null } : {}),
    ...(has('phone') ? { phone: update.phone ?? null } : {}),
    ...(has('preferredLanguage') ? { preferred_language: update.preferredLanguage ?? null } : {}),
    ...(has('stay')
      ? { stay_arrival: update.stay?.arrival ?? null, stay_departure: update.stay?.departure ?? null }
      : {}),
    updated_at: at,
  };
}

// ---------------------------------------------------------------- intake and facts

export function intakeFromRow(row: IntakeRow): Intake {
  const hasGoal = row.goal_code !== null || row.goal_text !== null;
  return {
    ...(hasGoal ? { goal: { code: row.goal_code ?? undefined, ...present({ text: row.goal_text }) } } : {}),
    fundamentalsAssessed: row.fundamentals_assessed,
    ...present({
      expectsCure: row.expects_cure,
      oxidativeBurden: row.oxidative_burden,
      unstableMedicalIssues: row.unstable_medical_issues,
    }),
  };
}

export function intakeVersionFromRow(row: IntakeRow): IntakeVersion {
  return {
    id: row.id,
    patientId: row.patient_id,
    version: row.version,
    intake: intakeFromRow(row),
    recordedBy: row.recorded_by,
    recordedAt: iso(row.recorded_at),
  };
}

export function intakeToRow(
  id: string,
  patientId: string,
  intake: Intake,
  by: string,
  at: Date,
): NewIntakeRow {
  return {
    id,
    patient_id: patientId,
    goal_code: intake.goal?.code ?? null,
    goal_text: intake.goal?.text ?? null,
    expects_cure: intake.expectsCure ?? null,
    fundamentals_assessed: jsonb(intake.fundamentalsAssessed),
    oxidative_burden: intake.oxidativeBurden ?? null,
    unstable_medical_issues: intake.unstableMedicalIssues ?? null,
    recorded_by: by,
    recorded_at: at,
  };
}

/**
 * A fact entered at the clinic without a date was true when it was entered; an imported fact without a date stays
 * undated (the engine then treats it as unknown wherever freshness matters).
 */
export function factToRow(id: string, input: FactInput, intakeId: string, by: string, at: Date): NewFactRow {
  const source = input.source ?? 'clinic';
  return {
    id,
    intake_id: intakeId,
    kind: input.kind,
    value: jsonb(input.value),
    effective: input.effective ?? (source === 'clinic' ? iso(at) : null),
    source,
    provenance_resource: input.provenance?.resource ?? `intake/${intakeId}`,
    provenance_code: input.provenance?.code ?? null,
    recorded_by: by,
    recorded_at: at,
  };
}

export function factFromRow(row: FactRow): RecordedFact {
  return {
    id: row.id,
    kind: row.kind,
    value: row.value,
    ...present({ effective: row.effective, intakeId: row.intake_id }),
    source: row.source,
    provenance: { resource: row.provenance_resource, ...present({ code: row.provenance_code }) },
    recordedBy: row.recorded_by,
    recordedAt: iso(row.recorded_at),
  };
}

type FactLists = { -readonly [K in FactListKind]: Fact<unknown>[] };

/** PatientFacts from the patient's row, current intake and current facts: the one row → facts mapping. */
export function factsFromRows(
  patient: PatientRow,
  intake: IntakeRow | undefined,
  rows: readonly FactRow[],
): PatientFacts {
  const lists = Object.fromEntries(
    FACT_KINDS.filter((kind) => kind !== 'deceased').map((kind) => [kind, []]),
  ) as unknown as FactLists;
  let deceased: Fact<true> | undefined;
  for (const row of rows) {
    const fact: Fact<unknown> = {
      value: row.value,
      provenance: { resource: row.provenance_resource, ...present({ code: row.provenance_code }) },
      ...present({ effective: row.effective }),
    };
    if (row.kind === 'deceased') deceased = fact as Fact<true>;
    else lists[row.kind].push(fact);
  }
  return {
    ...emptyFacts(lists as unknown as Partial<PatientFacts>),
    patientId: patient.id,
    sex: patient.sex,
    ...present({ birthDate: patient.birth_date }),
    ...(deceased ? { deceased } : {}),
    ...(intake ? { intake: intakeFromRow(intake) } : {}),
  };
}

// ---------------------------------------------------------------- protocol library

/** The engine's library from its version row: the document plus the governance columns. */
export function libraryFromRow(row: LibraryVersionRow): ProtocolLibrary {
  return {
    ...row.library,
    version: row.version,
    status: row.status,
    ...present({ approvedBy: row.approved_by }),
    ...(row.approved_at ? { approvedAt: iso(row.approved_at) } : {}),
  };
}

export function libraryToDocument(library: ProtocolLibrary): LibraryDocument {
  return {
    enabledTechniques: library.enabledTechniques,
    entries: library.entries,
    settings: library.settings,
  };
}

export function libraryVersionFromRow(row: LibraryVersionRow): LibraryVersion {
  return {
    id: row.id,
    library: libraryFromRow(row),
    ...present({ changeNote: row.change_note, basedOn: row.based_on }),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

// ---------------------------------------------------------------- screening, decisions, plans, orders

export function screeningFromRow(row: ScreeningResultRow): ScreeningResult {
  return {
    id: row.id,
    patientId: row.patient_id,
    ...present({ intakeId: row.intake_id }),
    libraryVersionId: row.library_version_id,
    asOf: iso(row.as_of),
    findings: row.findings,
    eligibility: row.eligibility,
  };
}

export function decisionFromRow(row: DecisionRow): Decision {
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    ...present({ reason: row.reason_code, comment: row.comment, screeningResultId: row.screening_result_id }),
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
  };
}

export function planFromRow(row: PlanRow): Plan {
  return {
    id: row.id,
    patientId: row.patient_id,
    decisionId: row.decision_id,
    goal: { code: row.goal_code, ...present({ text: row.goal_text }) },
    technique: row.technique,
    libraryVersionId: row.library_version_id,
    escalationSchedule: row.escalation_schedule,
    courseSessions: row.course_sessions,
    ...present({ reviewPoint: row.review_point }),
    programme: row.programme,
    stepFindings: row.step_findings,
    checkedAt: iso(row.checked_at),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    status: row.close_reason ?? 'active',
    ...(row.closed_by !== null && row.closed_at !== null
      ? { closed: { by: row.closed_by, at: iso(row.closed_at), ...present({ note: row.close_note }) } }
      : {}),
  };
}

interface DoseColumns {
  readonly concentration_ug_per_ml: number | null;
  readonly gas_volume_ml: number | null;
  readonly blood_volume_ml: number | null;
  readonly duration_min: number | null;
}

export const doseValuesOf = (row: DoseColumns): DoseValues =>
  present({
    concentrationUgPerMl: row.concentration_ug_per_ml,
    gasVolumeMl: row.gas_volume_ml,
    bloodVolumeMl: row.blood_volume_ml,
    durationMin: row.duration_min,
  });

export const doseColumnsOf = (values: DoseValues): DoseColumns => ({
  concentration_ug_per_ml: values.concentrationUgPerMl ?? null,
  gas_volume_ml: values.gasVolumeMl ?? null,
  blood_volume_ml: values.bloodVolumeMl ?? null,
  duration_min: values.durationMin ?? null,
});

export function orderFromRow(row: OrderRow): StoredOrder {
  return {
    id: row.id,
    patientId: row.patient_id,
    planId: row.plan_id,
    technique: row.technique,
    ...(row.goal_code !== null ? { goal: { code: row.goal_code, ...present({ text: row.goal_text }) } } : {}),
    ...doseValuesOf(row),
    libraryVersionId: row.library_version_id,
    findings: row.findings,
    checkedAt: iso(row.checked_at),
    status: row.discontinued_at === null ? 'signed' : 'discontinued',
    signedBy: row.signed_by,
    signedAt: iso(row.signed_at),
    ...(row.discontinued_by !== null && row.discontinued_at !== null
      ? {
          discontinued: {
            by: row.discontinued_by,
            at: iso(row.discontinued_at),
            ...present({ reason: row.discontinued_reason }),
          },
        }
      : {}),
  };
}

export function detectedIssueFromRow(row: DetectedIssueRow): DetectedIssue {
  return {
    id: row.id,
    patientId: row.patient_id,
    ...present({
      orderId: row.order_id,
      sessionId: row.session_id,
      overrideReason: row.override_reason,
      comment: row.comment,
      carriedFrom: row.carried_from,
    }),
    ruleId: row.rule_id,
    severity: row.severity,
    libraryVersionId: row.library_version_id,
    overriddenBy: row.overridden_by,
    overriddenAt: iso(row.overridden_at),
  };
}

// ---------------------------------------------------------------- consent

export function consentTemplateFromRow(row: ConsentTemplateRow): ConsentTemplate {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    language: row.language,
    title: row.title,
    body: row.body,
    techniques: row.techniques,
    discussionItems: row.discussion_items,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
  };
}

export function consentFromRow(row: ConsentRow): Consent {
  return {
    id: row.id,
    patientId: row.patient_id,
    templateId: row.template_id,
    techniques: row.techniques,
    patientSignature: {
      name: row.patient_signed_name,
      signedAt: iso(row.patient_signed_at),
      method: row.patient_signature_method,
    },
    ...(row.countersigned_by !== null && row.countersigned_at !== null
      ? { countersignature: { by: row.countersigned_by, at: iso(row.countersigned_at) } }
      : {}),
    validUntil: iso(row.valid_until),
    ...(row.withdrawn_at !== null && row.withdrawn_recorded_by !== null
      ? {
          withdrawn: {
            at: iso(row.withdrawn_at),
            recordedBy: row.withdrawn_recorded_by,
            ...present({ reason: row.withdrawn_reason }),
          },
        }
      : {}),
    recordedBy: row.recorded_by,
  };
}

/**
 * The consent as the engine reads it at `asOf`: `signed` once the patient signed and a physician countersigned,
 * `withdrawn` from the withdrawal on, `unsigned` while the countersignature is missing.
 */
export function consentRecordFromRow(row: ConsentRow, asOf: Date): ConsentRecord {
  const now = asOf.getTime();
  const withdrawn = row.withdrawn_at !== null && row.withdrawn_at.getTime() <= now;
  const countersigned = row.countersigned_at !== null && row.countersigned_at.getTime() <= now;
  return {
    id: row.id,
    status: withdrawn ? 'withdrawn' : countersigned ? 'signed' : 'unsigned',
    techniques: row.techniques,
    signedAt: iso(row.patient_signed_at),
    validUntil: iso(row.valid_until),
  };
}

// ---------------------------------------------------------------- sessions, adverse events, outcomes

export function amendmentFromRow(row: AmendmentRow): SessionAmendment {
  return {
    id: row.id,
    sessionId: row.session_id,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    reason: row.reason,
    amendedBy: row.amended_by,
    amendedAt: iso(row.amended_at),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Applies one amendment to a session's record (amendments are applied oldest first). */
function applyAmendment(session: Mutable<OzoneSession>, field: string, value: unknown): void {
  const dose = (key: keyof DoseValues) => {
    const administered: Mutable<DoseValues> = { ...session.administered };
    if (typeof value === 'number') administered[key] = value;
    else delete administered[key];
    session.administered = administered;
  };
  const set = <K extends keyof AmendableSessionFields>(
    key: K,
    apply: (v: AmendableSessionFields[K]) => void,
  ) => {
    if (value === null) delete (session as Record<string, unknown>)[key];
    else apply(value as AmendableSessionFields[K]);
  };
  switch (field as keyof AmendableSessionFields) {
    case 'concentrationUgPerMl':
    case 'gasVolumeMl':
    case 'bloodVolumeMl':
    case 'durationMin':
      return dose(field as keyof DoseValues);
    case 'startedAt':
      return set('startedAt', (v) => (session.startedAt = v));
    case 'notes':
      return set('notes', (v) => (session.notes = v));
    case 'vitals':
      return set('vitals', (v) => (session.vitals = v));
    case 'checklist':
      return set('checklist', (v) => (session.checklist = v));
    case 'generatorReading':
      return set('generatorReading', (v) => (session.generatorReading = v));
    case 'supervisingPhysicianId':
      return set('supervisingPhysicianId', (v) => (session.supervisingPhysicianId = v));
    case 'imageGuidance':
      return set('imageGuidance', (v) => (session.imageGuidance = v));
  }
}

/** A session as recorded, with its amendments (of this session, any order) applied oldest first. */
export function sessionFromRow(row: SessionRow, amendments: readonly AmendmentRow[] = []): OzoneSession {
  const session: Mutable<OzoneSession> = {
    id: row.id,
    patientId: row.patient_id,
    orderId: row.order_id,
    technique: row.technique,
    status: row.status,
    ...present({
      scheduledAt: dateOrUndefined(row.scheduled_at),
      startedAt: dateOrUndefined(row.started_at),
      consentId: row.consent_id,
      generatorReading: row.generator_reading,
      supervisingPhysicianId: row.supervising_physician_id,
      imageGuidance: row.image_guidance,
      notes: row.notes,
      rescreening: row.rescreening,
      libraryVersionId: row.library_version_id,
      signedBy: row.signed_by,
      signedAt: dateOrUndefined(row.signed_at),
    }),
    vitals: row.vitals,
    checklist: row.checklist,
    administered: doseValuesOf(row),
    ...(row.operator_id !== null
      ? { operator: { id: row.operator_id, credentials: row.operator_credentials } }
      : {}),
    amendmentCount: 0,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
  const own = amendments
    .filter((a) => a.session_id === row.id)
    .sort((a, b) => a.amended_at.getTime() - b.amended_at.getTime());
  for (const amendment of own) applyAmendment(session, amendment.field, amendment.new_value);
  session.amendmentCount = own.length;
  return session;
}

export function adverseEventFromRow(row: AdverseEventRow): AdverseEvent {
  return {
    id: row.id,
    sessionId: row.session_id,
    patientId: row.patient_id,
    grade: row.grade,
    description: row.description,
    ...present({ onsetAt: dateOrUndefined(row.onset_at) }),
    reportedBy: row.reported_by,
    reportedAt: iso(row.reported_at),
    ...(row.reviewed_by !== null && row.reviewed_at !== null
      ? { review: { by: row.reviewed_by, at: iso(row.reviewed_at), ...present({ note: row.review_note }) } }
      : {}),
  };
}

const adverseEventRecordOf = (row: AdverseEventRow): AdverseEventRecord => ({
  grade: row.grade,
  reviewed: row.reviewed_at !== null,
  description: row.description,
});

/** A signed session as the engine's history reads it; performed when it started. */
export function sessionRecordOf(
  session: OzoneSession,
  adverseEvents: readonly AdverseEventRow[],
): SessionRecord {
  return {
    id: session.id,
    technique: session.technique,
    performedAt: session.startedAt ?? session.signedAt ?? session.createdAt,
    ...session.administered,
    adverseEvents: adverseEvents.filter((e) => e.session_id === session.id).map(adverseEventRecordOf),
  };
}

export function outcomeFromRow(row: OutcomeRow): OutcomeMeasure {
  return {
    id: row.id,
    patientId: row.patient_id,
    ...present({ planId: row.plan_id }),
    measure: row.measure,
    value: row.value,
    phase: row.phase,
    recordedAt: iso(row.recorded_at),
    recordedBy: row.recorded_by,
  };
}

export const outcomeRecordOf = (row: OutcomeRow): OutcomeRecord => ({
  measure: row.measure,
  value: row.value,
  recordedAt: iso(row.recorded_at),
  resource: `outcome_measure/${row.id}`,
});

export interface HistoryRows {
  /** Signed sessions only: a draft is not history. */
  readonly sessions: readonly SessionRow[];
  readonly amendments: readonly AmendmentRow[];
  readonly adverseEvents: readonly AdverseEventRow[];
  readonly outcomes: readonly OutcomeRow[];
  readonly consents: readonly ConsentRow[];
}

/**
 * The CareHistory the engine reads: sessions oldest first with amendments applied, their adverse events, outcomes,
 * and the consents as they stand at `asOf` (o3care holds the consent record, so the list is never undefined).
 */
export function historyFromRows(rows: HistoryRows, asOf: Date): CareHistory {
  const sessions = rows.sessions
    .map((row) => sessionRecordOf(sessionFromRow(row, rows.amendments), rows.adverseEvents))
    .sort((a, b) => Date.parse(a.performedAt) - Date.parse(b.performedAt));
  return {
    sessions,
    outcomes: rows.outcomes.map(outcomeRecordOf),
    consents: rows.consents.map((row) => consentRecordFromRow(row, asOf)),
  };
}

// ---------------------------------------------------------------- timeline

export function timelineEventFromRow(row: TimelineRow): TimelineEvent {
  return {
    at: iso(row.at),
    kind: row.kind,
    id: row.id,
    ...present({ by: row.by }),
    detail: row.detail,
  };
}
