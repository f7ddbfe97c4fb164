// The o3care record as the FHIR mappers read it: plain objects with ISO 8601 timestamps, built by the server from
// store rows (src/server/fhir/record-loader.ts). The fhir layer may import only src/clinical (DESIGN.md), so these
// types restate the fields the mappers use; the server's record objects (services/record-types.ts) fit them as
// they are.

import type { AdverseEventRecord } from '../../clinical/care.ts';
import type { Fact, GoalStatement, Intake, PatientFacts, Provenance, Sex } from '../../clinical/facts.ts';
import type { Finding, Severity } from '../../clinical/findings.ts';
import type { GoalCode, OutcomeMeasureCode } from '../../clinical/goals.ts';
import type { TechniqueCode } from '../../clinical/techniques.ts';

export type { AdverseEventRecord };

export interface PatientInput {
  readonly id: string;
  readonly givenName?: string;
  readonly familyName?: string;
  /** FHIR date: YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly birthDate?: string;
  readonly sex: Sex;
  readonly identifiers: readonly { readonly system: string; readonly value: string }[];
  readonly email?: string;
  readonly phone?: string;
  /** BCP 47. */
  readonly preferredLanguage?: string;
  readonly updatedAt: string;
}

/** The PatientFacts fields that hold lists of facts. */
export type FactListKind = {
  [K in keyof PatientFacts]-?: NonNullable<PatientFacts[K]> extends readonly unknown[] ? K : never;
}[keyof PatientFacts];

type FactValueOf<K extends FactListKind> =
  NonNullable<PatientFacts[K]> extends readonly Fact<infer V>[] ? V : never;

interface FactFields {
  readonly id: string;
  /** ISO 8601 date or date-time the fact was observed or began; absent when the source gave none. */
  readonly effective?: string;
  readonly source: 'clinic' | 'import';
  readonly provenance: Provenance;
  readonly recordedAt: string;
}

/** One stored clinical fact, typed by the PatientFacts list it feeds. */
export type FactEntry = {
  readonly [K in FactListKind]: FactFields & { readonly kind: K; readonly value: FactValueOf<K> };
}[FactListKind];

/** The `deceased` fact: it becomes Patient.deceased[x], not a resource of its own. */
export interface DeceasedEntry {
  readonly effective?: string;
}

export interface IntakeEntry {
  readonly id: string;
  readonly version: number;
  readonly intake: Intake;
  readonly recordedAt: string;
}

/** The values of one session of a course (canonical units). */
export interface DoseValuesInput {
  readonly concentrationUgPerMl?: number;
  readonly gasVolumeMl?: number;
  readonly bloodVolumeMl?: number;
  readonly durationMin?: number;
}

export interface PlanEntry {
  readonly id: string;
  readonly goal: GoalStatement & { readonly code: GoalCode };
  readonly technique: TechniqueCode;
  readonly escalationSchedule: readonly DoseValuesInput[];
  readonly courseSessions: number;
  readonly programme: readonly {
    readonly component: string;
    readonly timing: string;
    readonly note?: string;
  }[];
  readonly status: 'active' | 'completed' | 'stopped';
  readonly createdBy: string;
  readonly createdAt: string;
  readonly closed?: { readonly by: string; readonly at: string; readonly note?: string };
}

export interface OrderEntry extends DoseValuesInput {
  readonly id: string;
  readonly planId: string;
  readonly technique: TechniqueCode;
  readonly goal?: GoalStatement;
  readonly findings: readonly Finding[];
  readonly status: 'signed' | 'discontinued';
  readonly signedBy: string;
  readonly signedAt: string;
  readonly discontinued?: { readonly by: string; readonly at: string; readonly reason?: string };
}

/** A warning passed with its coded override reason (or an info finding kept with an order or session). */
export interface DetectedIssueEntry {
  readonly id: string;
  readonly orderId?: string;
  readonly sessionId?: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly overrideReason?: string;
  readonly comment?: string;
  readonly overriddenBy: string;
  readonly overriddenAt: string;
}

export interface ConsentEntry {
  readonly id: string;
  readonly templateId: string;
  readonly techniques: readonly TechniqueCode[];
  readonly patientSignature: { readonly name: string; readonly signedAt: string; readonly method: string };
  readonly countersignature?: { readonly by: string; readonly at: string };
  readonly validUntil: string;
  readonly withdrawn?: { readonly at: string; readonly recordedBy: string; readonly reason?: string };
}

export interface SessionEntry {
  readonly id: string;
  readonly orderId: string;
  readonly technique: TechniqueCode;
  readonly status: 'draft' | 'signed';
  readonly scheduledAt?: string;
  readonly startedAt?: string;
  /** Administered values, amendments applied. */
  readonly administered: DoseValuesInput;
  readonly operator?: { readonly id: string; readonly credentials: readonly string[] };
  readonly supervisingPhysicianId?: string;
  readonly imageGuidance?: boolean;
  readonly notes?: string;
  readonly signedBy?: string;
  readonly signedAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AdverseEventEntry {
  readonly id: string;
  readonly sessionId: string;
  /** CTCAE-style grade 1–5. */
  readonly grade: number;
  readonly description: string;
  readonly onsetAt?: string;
  readonly reportedBy: string;
  readonly reportedAt: string;
  readonly review?: { readonly by: string; readonly at: string; readonly note?: string };
}

export interface OutcomeEntry {
  readonly id: string;
  readonly planId?: string;
  readonly measure: OutcomeMeasureCode;
  readonly value: number;
  readonly phase: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** Everything in one patient's compartment that the API serves. */
export interface PatientRecord {
  readonly patient: PatientInput;
  readonly deceased?: DeceasedEntry;
  readonly facts: readonly FactEntry[];
  readonly intakes: readonly IntakeEntry[];
  readonly plans: readonly PlanEntry[];
  readonly orders: readonly OrderEntry[];
  readonly detectedIssues: readonly DetectedIssueEntry[];
  readonly consents: readonly ConsentEntry[];
  readonly sessions: readonly SessionEntry[];
  readonly adverseEvents: readonly AdverseEventEntry[];
  readonly outcomes: readonly OutcomeEntry[];
}

/** One row of the hash-chained audit trail. */
export interface AuditEntryInput {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly action: string;
  readonly patientId: string | null;
  /** `type/id` of the o3care record touched (`ozone_session/…`). */
  readonly resource: string | null;
  readonly outcome: 'success' | 'denied' | 'error';
  readonly sourceIp: string | null;
  readonly requestId: string | null;
  readonly detail: Readonly<Record<string, unknown>> | null;
  readonly prevHash: string;
  readonly hash: string;
}
