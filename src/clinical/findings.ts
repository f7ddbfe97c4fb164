// What rules return: findings as values (SPEC-CLINICAL §2), and the eligibility they add up to per technique.

import type { RuleId } from './rule-catalog.ts';
import type { SourceId } from './sources.ts';
import type { TechniqueCode } from './techniques.ts';

export type Severity = 'hard-stop' | 'warning' | 'info';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { 'hard-stop': 3, warning: 2, info: 1 };

/** One fact that made a rule fire: where it came from and what it said. */
export interface Evidence {
  readonly fact: string;
  readonly value?: string | number | boolean;
  readonly unit?: string;
  readonly date?: string;
  readonly resource?: string;
}

export type MessageParams = Readonly<Record<string, string | number>>;

export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  readonly techniques: readonly TechniqueCode[];
  /** i18n key; the web renders findings by key, never by re-deciding. */
  readonly messageKey: string;
  readonly params: MessageParams;
  /** English sentence for command line and logs. */
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly source: SourceId;
  /** For dose findings: the nearest in-limit value, for a CDS suggestion. */
  readonly suggestion?: DoseSuggestion;
}

export interface DoseSuggestion {
  readonly field: 'concentrationUgPerMl' | 'gasVolumeMl' | 'bloodVolumeMl';
  readonly value: number;
}

export type EligibilityStatus =
  'prohibited' | 'disabled' | 'contraindicated' | 'needs-data' | 'caution' | 'eligible';

/**
 * Eligibility per technique. Screening answers for every technique; an order or session check answers only for the
 * technique it evaluated (a technique nobody looked at must never read "eligible").
 */
export type Eligibility = Readonly<Partial<Record<TechniqueCode, EligibilityStatus>>>;

/** Findings sort worst first, then by rule id, so output is stable and readable. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.ruleId.localeCompare(b.ruleId);
}
