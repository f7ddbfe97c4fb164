// Refused clinical actions (docs/decisions/0006 §5): a hard stop rolls back the whole attempt, the audit rows of its
// reads included, so the refusal is logged afterwards in a transaction of its own, as a `denied` row that names the
// hard stops. The safety report's "hard-stop catches" are these rows.

import type { Kysely } from 'kysely';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import type { AuditRecord } from '../../store/audit.repository.ts';
import { appendAudit } from '../../store/audit.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import type { ClinicalHardStopError } from './errors.ts';

export interface Refusal {
  /** The audit action the attempt would have written had it succeeded: `plan.write`, `order.write`, `session.sign`. */
  readonly action: string;
  readonly patientId: string;
  /** `type/id` of the record the attempt concerned (the session being signed), when there is one. */
  readonly resource?: string;
  readonly error: ClinicalHardStopError;
}

/** The rule ids a `denied` row records, once each, in the engine's order (worst first). */
export const hardStopsOf = (error: ClinicalHardStopError): RuleId[] => [
  ...new Set(error.findings.map((finding) => finding.ruleId)),
];

export async function recordRefusal(
  db: Kysely<Database>,
  context: CareContext,
  refusal: Refusal,
): Promise<AuditRecord> {
  return db.transaction().execute((trx) =>
    appendAudit(
      trx,
      {
        actorId: context.actorId,
        actorRole: context.actorRole,
        sourceIp: context.sourceIp ?? null,
        requestId: context.requestId ?? null,
        action: refusal.action,
        outcome: 'denied',
        patientId: refusal.patientId,
        resource: refusal.resource ?? null,
        // Rule ids and the library version: ids only, as the audit trail allows (no values, no messages).
        detail: {
          reason: 'clinical-hard-stop',
          hardStops: hardStopsOf(refusal.error),
          library: refusal.error.evaluation.library,
        },
      },
      context.at,
    ),
  );
}
