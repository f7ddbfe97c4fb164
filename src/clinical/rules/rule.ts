// The shape every rule shares: input in, findings out. Rules never throw for clinical conditions (SPEC-CLINICAL §2).

import type { CareHistory, OzoneOrder, SessionStaff } from '../care.ts';
import type { PatientFacts } from '../facts.ts';
import type { DoseSuggestion, Evidence, Finding, MessageParams, Severity } from '../findings.ts';
import type { ProtocolLibrary } from '../library.ts';
import type { RuleId } from '../rule-catalog.ts';
import { RULES } from '../rule-catalog.ts';
import type { SourceId } from '../sources.ts';
import type { TechniqueCode } from '../techniques.ts';

/**
 * `screening`: the patient, every technique the library offers. `order`: one draft order. `session`: a session
 * about to be signed (order rules plus consent and oversight).
 */
export type Mode = 'screening' | 'order' | 'session';

export interface RuleInput {
  readonly mode: Mode;
  readonly facts: PatientFacts;
  readonly history: CareHistory;
  readonly library: ProtocolLibrary;
  /** The library counts as approved for this evaluation (`--library template`: evaluation only). */
  readonly libraryApproved: boolean;
  /** Techniques under evaluation: those the library offers (screening) or the ordered one. */
  readonly techniques: readonly TechniqueCode[];
  readonly order?: OzoneOrder;
  readonly staff?: SessionStaff;
  readonly asOf: Date;
}

export type Rule = (input: RuleInput) => readonly Finding[];

const sourceByRule = new Map<string, SourceId>(RULES.map((rule) => [rule.id, rule.source]));

export interface FindingSpec {
  readonly techniques: readonly TechniqueCode[];
  readonly message: string;
  readonly params?: MessageParams;
  readonly evidence?: readonly Evidence[];
  readonly suggestion?: DoseSuggestion;
  /** A variant of the rule's message, e.g. `confirm-control`; becomes part of the i18n key. */
  readonly variant?: string;
}

export function finding(ruleId: RuleId, severity: Severity, spec: FindingSpec): Finding {
  const source = sourceByRule.get(ruleId);
  if (source === undefined) throw new Error(`rule ${ruleId} is missing from the catalogue`);
  return {
    ruleId,
    severity,
    techniques: spec.techniques,
    messageKey: spec.variant ? `rules.${ruleId}.${spec.variant}` : `rules.${ruleId}`,
    params: spec.params ?? {},
    message: spec.message,
    evidence: spec.evidence ?? [],
    source,
    ...(spec.suggestion ? { suggestion: spec.suggestion } : {}),
  };
}

/**
 * Applies a per-technique severity (or none) and returns one finding per severity, listing its techniques:
 * the common shape of contraindications whose weight depends on the route.
 */
export function findingsBySeverity(
  ruleId: RuleId,
  techniques: readonly TechniqueCode[],
  severityFor: (technique: TechniqueCode) => Severity | undefined,
  spec: Omit<FindingSpec, 'techniques'>,
): Finding[] {
  const groups = new Map<Severity, TechniqueCode[]>();
  for (const technique of techniques) {
    const severity = severityFor(technique);
    if (severity === undefined) continue;
    const group = groups.get(severity) ?? [];
    group.push(technique);
    groups.set(severity, group);
  }
  return [...groups].map(([severity, group]) => finding(ruleId, severity, { ...spec, techniques: group }));
}

/** Screening-mode findings are advisory; orders and sessions turn "unknown" into a stop (SPEC-CLINICAL §6). */
export const orderStopElseWarning = (mode: Mode): Severity =>
  mode === 'screening' ? 'warning' : 'hard-stop';
