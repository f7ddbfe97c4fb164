// The errors clinical-record services throw. Each is a small class with typed fields (STYLE.md, ky/hono) so that
// routes can map it to a problem: a hard stop to 422 `clinical-hard-stop` with its findings, a missing override to
// 422 naming the warnings, a missing record to 404, a state conflict to 409, bad input to 400.

import type { Evaluation } from '../../clinical/engine.ts';
import type { Finding } from '../../clinical/findings.ts';

/** The engine found a hard stop: nothing was stored. */
export class ClinicalHardStopError extends Error {
  override readonly name = 'ClinicalHardStopError';
  /** The hard-stop findings (the evaluation holds every finding). */
  readonly findings: readonly Finding[];
  readonly evaluation: Evaluation;

  constructor(action: string, evaluation: Evaluation) {
    const hardStops = evaluation.findings.filter((f) => f.severity === 'hard-stop');
    super(
      `${action} refused by ${hardStops.length} hard stop(s): ${hardStops.map((f) => f.ruleId).join(', ')}`,
    );
    this.findings = hardStops;
    this.evaluation = evaluation;
  }
}

/** Warnings were found without a coded override reason each (SPEC-CLINICAL §1): nothing was stored. */
export class OverrideRequiredError extends Error {
  override readonly name = 'OverrideRequiredError';
  readonly warnings: readonly Finding[];
  readonly evaluation: Evaluation;

  constructor(action: string, warnings: readonly Finding[], evaluation: Evaluation) {
    super(
      `${action} needs a coded override reason for: ${warnings.map((f) => f.ruleId).join(', ')} ` +
        '(reason "other" needs a comment)',
    );
    this.warnings = warnings;
    this.evaluation = evaluation;
  }
}

export class RecordNotFoundError extends Error {
  override readonly name = 'RecordNotFoundError';
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string) {
    super(`no ${entity} ${id}`);
    this.entity = entity;
    this.id = id;
  }
}

/** The record is not in a state that allows the change (already signed, closed, countersigned…). */
export class RecordConflictError extends Error {
  override readonly name = 'RecordConflictError';
}

/** Input that is well-typed but does not fit the record (a field path says where). */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

export const isClinicalHardStop = (error: unknown): error is ClinicalHardStopError =>
  error instanceof ClinicalHardStopError;

export const isOverrideRequired = (error: unknown): error is OverrideRequiredError =>
  error instanceof OverrideRequiredError;
