// The JSON that `o3care check --json` prints (SPEC-INTEROP §6). The shape is a contract other tools parse: the zod
// schema below is its definition, and tests hold real outputs to it. Keys are written in the order shown there.

import { z } from 'zod';
import type { Evaluation } from '../clinical/engine.ts';
import type { EligibilityStatus, Evidence, Finding } from '../clinical/findings.ts';
import { RULE_IDS } from '../clinical/rule-catalog.ts';
import { TECHNIQUE_CODES } from '../clinical/techniques.ts';

/** Every eligibility status, from usable to never usable: the order tables show them in. */
export const ELIGIBILITY_STATUSES = [
  'eligible',
  'caution',
  'needs-data',
  'contraindicated',
  'disabled',
  'prohibited',
] as const satisfies readonly EligibilityStatus[];

const evidenceSchema = z.strictObject({
  fact: z.string(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  unit: z.string().optional(),
  date: z.string().optional(),
  resource: z.string().optional(),
});

const findingSchema = z.strictObject({
  ruleId: z.enum(RULE_IDS),
  severity: z.enum(['hard-stop', 'warning', 'info']),
  techniques: z.array(z.enum(TECHNIQUE_CODES)),
  message: z.string().min(1),
  messageKey: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  evidence: z.array(evidenceSchema),
  source: z.string().min(1),
  suggestion: z
    .strictObject({
      field: z.enum(['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl']),
      value: z.number(),
    })
    .optional(),
});

export const checkOutputSchema = z.strictObject({
  findings: z.array(findingSchema),
  /** Screening: every technique. Orders and sessions: only the technique evaluated (see `toCheckOutput`). */
  eligibility: z.partialRecord(z.enum(TECHNIQUE_CODES), z.enum(ELIGIBILITY_STATUSES)),
  library: z.string().min(1),
  /** Present (true) only with `--library template`. */
  evaluationOnly: z.literal(true).optional(),
  /** Orders and sessions only: no hard stop among the findings. */
  signable: z.boolean().optional(),
  /** Parts of the record that extraction skipped, with their JSON paths; absent when there were none. */
  issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
});

export type CheckOutput = z.infer<typeof checkOutputSchema>;
export type CheckFinding = CheckOutput['findings'][number];

function evidenceOut(e: Evidence): CheckFinding['evidence'][number] {
  return {
    fact: e.fact,
    ...(e.value !== undefined ? { value: e.value } : {}),
    ...(e.unit !== undefined ? { unit: e.unit } : {}),
    ...(e.date !== undefined ? { date: e.date } : {}),
    ...(e.resource !== undefined ? { resource: e.resource } : {}),
  };
}

function findingOut(f: Finding): CheckFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    techniques: [...f.techniques],
    message: f.message,
    messageKey: f.messageKey,
    params: { ...f.params },
    evidence: f.evidence.map(evidenceOut),
    source: f.source,
    ...(f.suggestion ? { suggestion: { field: f.suggestion.field, value: f.suggestion.value } } : {}),
  };
}

export interface CheckExtras {
  readonly evaluationOnly: boolean;
  /** Set for orders and sessions: whether the order may be signed. */
  readonly order?: { readonly signable: boolean };
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

/** Builds the contract object. For an order the engine rates only the ordered technique, and so does this. */
export function toCheckOutput(evaluation: Evaluation, extras: CheckExtras): CheckOutput {
  return {
    findings: evaluation.findings.map(findingOut),
    eligibility: evaluation.eligibility,
    library: evaluation.library,
    ...(extras.evaluationOnly ? { evaluationOnly: true as const } : {}),
    ...(extras.order ? { signable: extras.order.signable } : {}),
    ...(extras.issues.length > 0
      ? { issues: extras.issues.map((i) => ({ path: i.path, message: i.message })) }
      : {}),
  };
}
