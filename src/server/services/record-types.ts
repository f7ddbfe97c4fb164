// The clinical record as the server hands it out: plain objects with ISO 8601 timestamps and absent (not null)
// optional fields. Built from rows in record-mapping.ts only.

import type { CourseReview } from '../../clinical/outcomes.ts';
import type { Evaluation } from '../../clinical/engine.ts';
import type { Eligibility, Finding, Severity } from '../../clinical/findings.ts';
import type { GoalStatement, Intake, Provenance, Sex } from '../../clinical/facts.ts';
import type { GoalCode, OutcomeMeasureCode, ReviewPoint } from '../../clinical/goals.ts';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import type { FactKind, FactSource, FactValue } from '../../store/clinical-fact.table.ts';
import type { SignatureMethod } from '../../store/consent.table.ts';
import type { DecisionKind, NoOzoneReason } from '../../store/decision.table.ts';
import type { OverrideReason } from '../../store/order.table.ts';
import type { OutcomePhase } from '../../store/outcome.table.ts';
import type {
  Checklist,
  GeneratorReading,
  SessionStatus,
  StoredEvaluation,
  Vitals,
} from '../../store/ozone-session.table.ts';
import type { PatientIdentifier } from '../../store/patient.table.ts';
import type {
  DoseValues,
  PlanCloseReason,
  ProgrammeComponent,
  StepFindings,
} from '../../store/plan.table.ts';

export type { CourseReview, Evaluation };

export interface Patient {
  readonly id: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly birthDate?: string;
  readonly sex: Sex;
  readonly identifiers: readonly PatientIdentifier[];
  readonly email?: string;
  readonly phone?: string;
  readonly preferredLanguage?: string;
  /** Medical travellers: the stay window (YYYY-MM-DD). */
  readonly stay?: { readonly arrival?: string; readonly departure?: string };
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface LibraryVersion {
  readonly id: string;
  /** The engine's library, governance fields included. */
  readonly library: ProtocolLibrary;
  readonly changeNote?: string;
  readonly basedOn?: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface ScreeningResult {
  readonly id: string;
  readonly patientId: string;
  readonly intakeId?: string;
  readonly libraryVersionId: string;
  readonly asOf: string;
  readonly findings: readonly Finding[];
  readonly eligibility: Eligibility;
}

export interface Decision {
  readonly id: string;
  readonly patientId: string;
  readonly kind: DecisionKind;
  readonly reason?: NoOzoneReason;
  readonly comment?: string;
  readonly screeningResultId?: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface Plan {
  readonly id: string;
  readonly patientId: string;
  readonly decisionId: string;
  readonly goal: GoalStatement & { readonly code: GoalCode };
  readonly technique: TechniqueCode;
  readonly libraryVersionId: string;
  readonly escalationSchedule: readonly DoseValues[];
  readonly courseSessions: number;
  readonly reviewPoint?: ReviewPoint;
  readonly programme: readonly ProgrammeComponent[];
  readonly stepFindings: readonly StepFindings[];
  readonly checkedAt: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly status: 'active' | PlanCloseReason;
  readonly closed?: { readonly by: string; readonly at: string; readonly note?: string };
}

export interface StoredOrder extends DoseValues {
  readonly id: string;
  readonly patientId: string;
  readonly planId: string;
  readonly technique: TechniqueCode;
  readonly goal?: GoalStatement;
  readonly libraryVersionId: string;
  readonly findings: readonly Finding[];
  readonly checkedAt: string;
  readonly status: 'signed' | 'discontinued';
  readonly signedBy: string;
  readonly signedAt: string;
  readonly discontinued?: { readonly by: string; readonly at: string; readonly reason?: string };
}

export interface DetectedIssue {
  readonly id: string;
  readonly patientId: string;
  readonly orderId?: string;
  readonly sessionId?: string;
  readonly ruleId: RuleId;
  readonly severity: Severity;
  readonly libraryVersionId: string;
  readonly overrideReason?: OverrideReason;
  readonly comment?: string;
  readonly carriedFrom?: string;
  readonly overriddenBy: string;
  readonly overriddenAt: string;
}

export interface ConsentTemplate {
  readonly id: string;
  readonly key: string;
  readonly version: number;
  readonly language: string;
  readonly title: string;
  readonly body: string;
  readonly techniques: readonly TechniqueCode[];
  readonly discussionItems: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Consent {
  readonly id: string;
  readonly patientId: string;
  readonly templateId: string;
  readonly techniques: readonly TechniqueCode[];
  readonly patientSignature: {
    readonly name: string;
    readonly signedAt: string;
    readonly method: SignatureMethod;
  };
  readonly countersignature?: { readonly by: string; readonly at: string };
  readonly validUntil: string;
  readonly withdrawn?: { readonly at: string; readonly recordedBy: string; readonly reason?: string };
  readonly recordedBy: string;
}

export interface OzoneSession {
  readonly id: string;
  readonly patientId: string;
  readonly orderId: string;
  readonly technique: TechniqueCode;
  readonly status: SessionStatus;
  readonly scheduledAt?: string;
  readonly startedAt?: string;
  readonly vitals: Vitals;
  readonly consentId?: string;
  readonly checklist: Checklist;
  readonly generatorReading?: GeneratorReading;
  /** The administered values (amendments applied). */
  readonly administered: DoseValues;
  readonly operator?: { readonly id: string; readonly credentials: readonly string[] };
  readonly supervisingPhysicianId?: string;
  readonly imageGuidance?: boolean;
  readonly notes?: string;
  readonly rescreening?: StoredEvaluation;
  readonly libraryVersionId?: string;
  readonly signedBy?: string;
  readonly signedAt?: string;
  readonly amendmentCount: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SessionAmendment {
  readonly id: string;
  readonly sessionId: string;
  readonly field: string;
  readonly oldValue: unknown;
  readonly newValue: unknown;
  readonly reason: string;
  readonly amendedBy: string;
  readonly amendedAt: string;
}

export interface AdverseEvent {
  readonly id: string;
  readonly sessionId: string;
  readonly patientId: string;
  readonly grade: number;
  readonly description: string;
  readonly onsetAt?: string;
  readonly reportedBy: string;
  readonly reportedAt: string;
  readonly review?: { readonly by: string; readonly at: string; readonly note?: string };
}

export interface OutcomeMeasure {
  readonly id: string;
  readonly patientId: string;
  readonly planId?: string;
  readonly measure: OutcomeMeasureCode;
  readonly value: number;
  readonly phase: OutcomePhase;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** A fact to record: its kind names the PatientFacts field it feeds, and the value is typed accordingly. */
export type FactInput = {
  readonly [K in FactKind]: {
    readonly kind: K;
    readonly value: FactValue<K>;
    /** ISO 8601 date or date-time the fact was observed or began. */
    readonly effective?: string;
    /** `clinic` (default) or `import` (IPS, FHIR). */
    readonly source?: FactSource;
    /** Where the fact comes from; defaults to the intake version that records it. */
    readonly provenance?: Provenance;
  };
}[FactKind];

export interface PatientInput {
  readonly givenName?: string;
  readonly familyName?: string;
  readonly birthDate?: string;
  readonly sex?: Sex;
  readonly identifiers?: readonly PatientIdentifier[];
  readonly email?: string;
  readonly phone?: string;
  readonly preferredLanguage?: string;
  readonly stay?: { readonly arrival?: string; readonly departure?: string };
}

/** Fields of a signed session that an amendment may correct, with the type of their value. */
export interface AmendableSessionFields {
  readonly startedAt: string;
  readonly notes: string;
  readonly vitals: Vitals;
  readonly checklist: Checklist;
  readonly generatorReading: GeneratorReading;
  readonly concentrationUgPerMl: number;
  readonly gasVolumeMl: number;
  readonly bloodVolumeMl: number;
  readonly durationMin: number;
  readonly supervisingPhysicianId: string;
  readonly imageGuidance: boolean;
}

export type AmendableField = keyof AmendableSessionFields;

/** One intake version as recorded. */
export interface IntakeVersion {
  readonly id: string;
  readonly patientId: string;
  readonly version: number;
  readonly intake: Intake;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** A clinical fact as stored (its id is what `enteredInError` names). */
export interface RecordedFact {
  readonly id: string;
  readonly kind: FactKind;
  readonly value: unknown;
  readonly effective?: string;
  readonly source: FactSource;
  readonly provenance: Provenance;
  readonly intakeId?: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** One thing that happened in a patient's record (timeline). */
export interface TimelineEvent {
  readonly at: string;
  /** `session.signed`, `order.signed`, `consent.withdrawn`… */
  readonly kind: string;
  /** The id of the record the event belongs to (the session, the order…). */
  readonly id: string;
  /** Who did it (a user id), when recorded. */
  readonly by?: string;
  /** Codes, ids and values of the event; no narrative text. */
  readonly detail: Readonly<Record<string, string | number | boolean>>;
}
