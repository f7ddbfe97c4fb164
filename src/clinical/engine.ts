// The engine's front door: screen a patient for every technique, or check one order or session.
// Pure: facts, history, library and the time come in; findings and eligibility go out (DESIGN.md, STYLE.md §1).

import type { CareHistory, OzoneOrder, SessionStaff } from './care.ts';
import type { PatientFacts } from './facts.ts';
import type { Eligibility, EligibilityStatus, Finding } from './findings.ts';
import { compareFindings } from './findings.ts';
import type { ProtocolLibrary } from './library.ts';
import { isEnabled } from './library.ts';
import { ORDER_RULES, ROUTE_RULES, SCREENING_RULES } from './rules/all-rules.ts';
import type { Mode, Rule, RuleInput } from './rules/rule.ts';
import type { TechniqueCode } from './techniques.ts';
import { isProhibited, TECHNIQUE_CODES } from './techniques.ts';

export interface EvaluationContext {
  readonly library: ProtocolLibrary;
  readonly asOf: Date;
  /**
   * Evaluate the (unapproved) shipped template as if approved: `o3care check --library template`. For evaluation
   * only; the output says so, and care paths never set it.
   */
  readonly evaluateTemplateAsApproved?: boolean;
}

export interface Evaluation {
  readonly findings: readonly Finding[];
  readonly eligibility: Eligibility;
  readonly library: string;
  /** True when nothing blocks: no hard-stop among the findings. */
  readonly signable: boolean;
}

const libraryApproved = (context: EvaluationContext): boolean =>
  context.library.status === 'approved' ||
  (context.evaluateTemplateAsApproved === true && context.library.status === 'template');

function run(rules: readonly Rule[], input: RuleInput): Finding[] {
  return rules.flatMap((rule) => rule(input));
}

/** Eligibility of the given techniques, first match wins (SPEC-CLINICAL §2). */
export function eligibilityOf(
  findings: readonly Finding[],
  library: ProtocolLibrary,
  techniques: readonly TechniqueCode[] = TECHNIQUE_CODES,
): Eligibility {
  const entries = techniques.map((technique): [TechniqueCode, EligibilityStatus] => {
    if (isProhibited(technique)) return [technique, 'prohibited'];
    if (!isEnabled(library, technique)) return [technique, 'disabled'];
    const relevant = findings.filter((f) => f.techniques.includes(technique));
    const isScreening = (f: Finding) => f.ruleId.startsWith('screening.');
    if (relevant.some((f) => f.severity === 'hard-stop' && !isScreening(f)))
      return [technique, 'contraindicated'];
    if (relevant.some(isScreening)) return [technique, 'needs-data'];
    if (relevant.some((f) => f.severity === 'warning')) return [technique, 'caution'];
    return [technique, 'eligible'];
  });
  return Object.fromEntries(entries);
}

function evaluate(
  mode: Mode,
  rules: readonly Rule[],
  facts: PatientFacts,
  history: CareHistory,
  context: EvaluationContext,
  techniques: readonly TechniqueCode[],
  order?: OzoneOrder,
  staff?: SessionStaff,
): Evaluation {
  // An order for a prohibited or disabled technique stops on its route rule alone; contraindications, evidence and
  // dose findings about a technique that can never be given would only bury the one answer that matters.
  const blockedRoute = order?.technique !== undefined && !isEnabled(context.library, order.technique);
  const input: RuleInput = {
    mode,
    facts,
    history,
    library: context.library,
    libraryApproved: libraryApproved(context),
    techniques,
    asOf: context.asOf,
    ...(order ? { order } : {}),
    ...(staff ? { staff } : {}),
  };
  const findings = run(blockedRoute ? ROUTE_RULES : rules, input).sort(compareFindings);
  return {
    findings,
    eligibility: eligibilityOf(
      findings,
      context.library,
      mode === 'screening' ? TECHNIQUE_CODES : techniques,
    ),
    library: context.library.version,
    signable: !findings.some((f) => f.severity === 'hard-stop'),
  };
}

/** Screens a patient for every technique the library offers. */
export function screenPatient(
  facts: PatientFacts,
  history: CareHistory,
  context: EvaluationContext,
): Evaluation {
  const offered = TECHNIQUE_CODES.filter((technique) => isEnabled(context.library, technique));
  return evaluate('screening', SCREENING_RULES, facts, history, context, offered);
}

/** Checks one draft order: every screening rule for its technique, then the order rules. */
export function checkOrder(
  order: OzoneOrder,
  facts: PatientFacts,
  history: CareHistory,
  context: EvaluationContext,
): Evaluation {
  const techniques = order.technique ? [order.technique] : [];
  return evaluate('order', [...SCREENING_RULES, ...ORDER_RULES], facts, history, context, techniques, order);
}

/** Checks a session about to be signed: the order checks plus consent, oversight and procedure rules. */
export function checkSession(
  session: OzoneOrder,
  staff: SessionStaff,
  facts: PatientFacts,
  history: CareHistory,
  context: EvaluationContext,
): Evaluation {
  const techniques = session.technique ? [session.technique] : [];
  return evaluate(
    'session',
    [...SCREENING_RULES, ...ORDER_RULES],
    facts,
    history,
    context,
    techniques,
    session,
    staff,
  );
}
