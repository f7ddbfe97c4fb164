// What every clinical-record service needs besides the transaction: who acts (for the audit trail) and when. `at` is
// also the engine's `asOf`, so tests and demos can move time; routes pass the request's clock.

import type { AuditContext } from '../../store/audit-context.ts';

export interface CareContext extends AuditContext {
  readonly at: Date;
}
