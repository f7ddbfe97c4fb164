// The database as Kysely sees it: one interface per table, defined beside its repository.

import type { AuditEventTable, AuditHeadTable } from './audit.table.ts';

export interface Database {
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
}
