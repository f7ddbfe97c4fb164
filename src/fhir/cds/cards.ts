// Engine findings → CDS Hooks 2.0 cards (SPEC-INTEROP §3). One card per finding: a finding is already one rule at
// one severity with the techniques it concerns, which is what a clinician acts on, and feedback about a card then
// names exactly one rule. CDS Hooks 2.0 "Card Attributes" and "Null and empty JSON elements" rules apply: summary
// under 140 characters, indicator info | warning | critical, selectionBehavior whenever there are suggestions,
// override reasons with a display, and no optional field sent null, "", [] or {}.

import type { DoseSuggestion, Finding, Severity } from '../../clinical/findings.ts';
import { RULE_SYSTEM } from '../../clinical/rule-catalog.ts';
import { sourceOf } from '../../clinical/sources.ts';
import type { JsonRecord } from '../json.ts';
import { OVERRIDE_REASON_SYSTEM } from '../urls.ts';
import type { DraftOzoneOrder } from './draft-orders.ts';
import { withDoseValue } from './dose-update.ts';

export interface CdsCoding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface CdsAction {
  readonly type: 'update';
  readonly description: string;
  readonly resource: JsonRecord;
}

export interface CdsSuggestion {
  readonly label: string;
  readonly uuid: string;
  readonly isRecommended: boolean;
  readonly actions: readonly CdsAction[];
}

export type CdsIndicator = 'info' | 'warning' | 'critical';

export interface CdsCard {
  readonly uuid: string;
  readonly summary: string;
  readonly detail?: string;
  readonly indicator: CdsIndicator;
  readonly source: { readonly label: string; readonly topic: CdsCoding };
  readonly suggestions?: readonly CdsSuggestion[];
  readonly selectionBehavior?: 'at-most-one';
  readonly overrideReasons?: readonly CdsCoding[];
}

/** CDS Hooks 2.0 renamed `hard-stop` to `critical`; o3care's hard stops are exactly that. */
export const INDICATOR: Readonly<Record<Severity, CdsIndicator>> = {
  'hard-stop': 'critical',
  warning: 'warning',
  info: 'info',
};

/** The six override reasons of SPEC-INTEROP §1, each with the display CDS Hooks 2.0 requires. */
export const OVERRIDE_REASON_CODINGS: readonly CdsCoding[] = [
  ['titration-plan', 'Part of a documented titration plan'],
  ['prior-tolerance', 'The patient tolerated this before'],
  ['specialist-advice', 'On specialist advice'],
  ['patient-informed-choice', 'The informed patient chose it'],
  ['data-error-corrected', 'The data behind the alert was wrong and is corrected'],
  ['other', 'Other (say why in a comment)'],
].map(([code, display]) => ({ system: OVERRIDE_REASON_SYSTEM, code: code!, display: display! }));

/** CDS Hooks 2.0: "One-sentence, <140-character summary". */
export const MAX_SUMMARY_LENGTH = 139;

/** The message as the summary, cut at a word boundary with an ellipsis when it is too long. */
export function summaryOf(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_SUMMARY_LENGTH) return text;
  const cut = text.slice(0, MAX_SUMMARY_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 80 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const FIELD_TEXT: Readonly<Record<DoseSuggestion['field'], { name: string; unit: string }>> = {
  concentrationUgPerMl: { name: 'concentration', unit: 'µg/mL' },
  gasVolumeMl: { name: 'gas volume', unit: 'mL' },
  bloodVolumeMl: { name: 'blood volume', unit: 'mL' },
};

export interface CardContext {
  /** The library version the findings were found against, for `source.label`. */
  readonly libraryVersion: string;
  /** A new UUID per call (crypto.randomUUID at the edge; fixed in tests). */
  readonly newUuid: () => string;
  /** For an order check: the draft order the findings are about. */
  readonly draftOrder?: DraftOzoneOrder;
}

function detailOf(finding: Finding, context: CardContext): string {
  const lines = [finding.message];
  if (finding.techniques.length > 0) lines.push('', `Techniques: ${finding.techniques.join(', ')}`);
  const orderId = context.draftOrder?.resource.id;
  if (typeof orderId === 'string') lines.push(`Order: MedicationRequest/${orderId}`);
  for (const e of finding.evidence.slice(0, 8)) {
    const value = e.value === undefined ? '' : `: ${String(e.value)}${e.unit ? ` ${e.unit}` : ''}`;
    const where = [e.date, e.resource].filter((part) => part !== undefined).join(', ');
    lines.push(`- ${e.fact}${value}${where ? ` (${where})` : ''}`);
  }
  lines.push('', `Source: ${sourceOf(finding.source).citation}`, `Rule: ${finding.ruleId}`);
  return lines.join('\n');
}

function suggestionFor(
  finding: Finding,
  context: CardContext,
): { suggestions: CdsSuggestion[]; selectionBehavior: 'at-most-one' } | undefined {
  const { suggestion } = finding;
  const draft = context.draftOrder;
  if (suggestion === undefined || draft === undefined) return undefined;
  const resource = withDoseValue(draft.resource, suggestion);
  if (resource === undefined) return undefined;
  const { name, unit } = FIELD_TEXT[suggestion.field];
  const label = `Change the ${name} to ${suggestion.value} ${unit}`;
  return {
    suggestions: [
      {
        label,
        uuid: context.newUuid(),
        isRecommended: true,
        actions: [
          {
            type: 'update',
            description: `${label}, the nearest value within the library's limits`,
            resource,
          },
        ],
      },
    ],
    selectionBehavior: 'at-most-one',
  };
}

export function cardFor(finding: Finding, context: CardContext): CdsCard {
  const indicator = INDICATOR[finding.severity];
  const suggested = suggestionFor(finding, context);
  return {
    uuid: context.newUuid(),
    summary: summaryOf(finding.message),
    detail: detailOf(finding, context),
    indicator,
    source: {
      label: `o3care (protocol library ${context.libraryVersion})`,
      topic: { system: RULE_SYSTEM, code: finding.ruleId, display: finding.ruleId },
    },
    ...(suggested ?? {}),
    // Hard stops cannot be overridden (SPEC-CLINICAL §1) and info needs no answer: reasons only on warnings.
    ...(indicator === 'warning' ? { overrideReasons: OVERRIDE_REASON_CODINGS } : {}),
  };
}

export function cardsFor(findings: readonly Finding[], context: CardContext): CdsCard[] {
  return findings.map((finding) => cardFor(finding, context));
}
