// Hard stops refuse; each warning needs a coded override reason (SPEC-CLINICAL §1, SPEC-INTEROP §1). What counts as
// a hard stop or a warning is the engine's word (its evaluation); this only checks that the clinician answered each
// warning, and shapes the answers into detected issues.

import type { Evaluation } from '../../clinical/engine.ts';
import type { Finding } from '../../clinical/findings.ts';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import type { NewDetectedIssueRow } from '../../store/order.repository.ts';
import type { OverrideReason } from '../../store/order.table.ts';
import { OVERRIDE_REASONS } from '../../store/order.table.ts';
import { ClinicalHardStopError, OverrideRequiredError } from './errors.ts';

export interface OverrideInput {
  readonly ruleId: RuleId;
  readonly reason: OverrideReason;
  readonly comment?: string;
}

/** An override already on record (an order's), which a session's identical warning may carry forward. */
export interface CarriedOverride {
  readonly detectedIssueId: string;
  readonly reason: OverrideReason;
  readonly comment: string | null;
}

export function refuseHardStops(action: string, evaluation: Evaluation): void {
  if (!evaluation.signable) throw new ClinicalHardStopError(action, evaluation);
}

const usable = (override: OverrideInput | undefined): override is OverrideInput =>
  override !== undefined &&
  (OVERRIDE_REASONS as readonly string[]).includes(override.reason) &&
  (override.reason !== 'other' || (override.comment ?? '').trim().length > 0);

/**
 * The detected issues to store, one per warning, or OverrideRequiredError naming every warning without a usable
 * override (given now, or carried from `carried` by rule id). Overrides for rules that did not warn are ignored.
 */
export function detectedIssuesFor(
  action: string,
  evaluation: Evaluation,
  overrides: readonly OverrideInput[],
  issue: {
    readonly libraryVersionId: string;
    readonly by: string;
    readonly at: Date;
    readonly target: { readonly order_id: string } | { readonly session_id: string };
  },
  carried: ReadonlyMap<string, CarriedOverride> = new Map(),
): Omit<NewDetectedIssueRow, 'patient_id' | 'id'>[] {
  const warnings = uniqueByRule(evaluation.findings.filter((f) => f.severity === 'warning'));
  const given = new Map(overrides.map((o) => [o.ruleId, o]));
  const missing = warnings.filter((w) => !usable(given.get(w.ruleId)) && !carried.has(w.ruleId));
  if (missing.length > 0) throw new OverrideRequiredError(action, missing, evaluation);
  return warnings.map((warning) => {
    const now = given.get(warning.ruleId);
    const before = carried.get(warning.ruleId);
    const answer = usable(now)
      ? { override_reason: now.reason, comment: now.comment?.trim() || null, carried_from: null }
      : { override_reason: before!.reason, comment: before!.comment, carried_from: before!.detectedIssueId };
    return {
      ...issue.target,
      rule_id: warning.ruleId,
      severity: warning.severity,
      library_version_id: issue.libraryVersionId,
      ...answer,
      overridden_by: issue.by,
      overridden_at: issue.at,
    };
  });
}

function uniqueByRule(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.ruleId) && seen.add(f.ruleId));
}
