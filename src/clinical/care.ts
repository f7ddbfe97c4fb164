// What order and session rules read besides the patient's facts: the order itself, earlier sessions, outcomes,
// consents and who runs the session. Values arrive already in canonical units (the FHIR edge converts).

import type { ConsentRecord, GoalStatement } from './facts.ts';
import type { OutcomeMeasureCode } from './goals.ts';
import type { TechniqueCode } from './techniques.ts';

/** A draft ozone order (SPEC-INTEROP §2) or the values of a session about to be signed. */
export interface OzoneOrder {
  readonly id?: string;
  /** Undefined when the order names no technique; an unknown code is rejected at the edge. */
  readonly technique: TechniqueCode | undefined;
  readonly goal?: GoalStatement;
  readonly concentrationUgPerMl?: number;
  readonly gasVolumeMl?: number;
  readonly bloodVolumeMl?: number;
  readonly durationMin?: number;
}

export interface AdverseEventRecord {
  /** CTCAE-style grade 1–5; undefined when the source did not grade it (treated as needing review). */
  readonly grade: number | undefined;
  readonly reviewed: boolean;
  readonly description?: string;
}

/** An earlier ozone session of this patient. */
export interface SessionRecord {
  readonly id: string;
  readonly technique: TechniqueCode;
  readonly performedAt: string;
  readonly concentrationUgPerMl?: number;
  readonly gasVolumeMl?: number;
  readonly bloodVolumeMl?: number;
  readonly adverseEvents: readonly AdverseEventRecord[];
}

export interface OutcomeRecord {
  readonly measure: OutcomeMeasureCode;
  readonly value: number;
  readonly recordedAt: string;
  readonly resource?: string;
}

/** The people running a session (session checks only). */
export interface SessionStaff {
  readonly supervisingPhysicianId?: string;
  readonly operator?: { readonly id: string; readonly credentials: readonly string[] };
  readonly imageGuidance?: boolean;
}

export interface CareHistory {
  readonly sessions: readonly SessionRecord[];
  readonly outcomes: readonly OutcomeRecord[];
  /**
   * Consents on file; `undefined` when the caller holds no consent records at all (an outside EHR), in which case
   * the consent rules stay silent rather than guess.
   */
  readonly consents: readonly ConsentRecord[] | undefined;
}

export const emptyHistory = (overrides: Partial<CareHistory> = {}): CareHistory => ({
  sessions: [],
  outcomes: [],
  consents: undefined,
  ...overrides,
});
