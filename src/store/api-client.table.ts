// Row type of api_client (migrations/0011-api-clients.ts): a system client's hashed bearer token and role. The role
// is plain text here, as in accounts.table.ts: src/server/auth/api-clients.ts checks it against the server's roles.

import type { ColumnType } from 'kysely';

export interface ApiClientTable {
  id: ColumnType<string, string, never>;
  name: ColumnType<string, string, never>;
  role: ColumnType<string, string, never>;
  /** SHA-256 (hex) of the bearer token; the token itself is shown once and never stored. */
  token_hash: ColumnType<string, string, never>;
  created_by: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  expires_at: ColumnType<Date, Date, never>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date>;
  revoked_by: ColumnType<string | null, string | null | undefined, string>;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date>;
}
