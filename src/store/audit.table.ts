// Row types of the audit tables.

import type { ColumnType } from 'kysely';

export interface AuditEventTable {
  seq: ColumnType<number, number, never>;
  id: ColumnType<string, string, never>;
  at: ColumnType<Date, Date, never>;
  actor_id: ColumnType<string | null, string | null, never>;
  actor_role: ColumnType<string | null, string | null, never>;
  action: ColumnType<string, string, never>;
  patient_id: ColumnType<string | null, string | null, never>;
  resource: ColumnType<string | null, string | null, never>;
  outcome: ColumnType<'success' | 'denied' | 'error', 'success' | 'denied' | 'error', never>;
  source_ip: ColumnType<string | null, string | null, never>;
  request_id: ColumnType<string | null, string | null, never>;
  detail: ColumnType<Record<string, unknown> | null, string | null, never>;
  prev_hash: ColumnType<string, string, never>;
  hash: ColumnType<string, string, never>;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}
