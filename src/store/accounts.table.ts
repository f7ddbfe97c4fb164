// Row types of the account tables (migrations/0002-accounts.ts). Roles are plain text here: the store cannot import
// the server's Role type, so src/server/auth/accounts.ts maps rows to users (and checks the role) in one place.

import type { ColumnType, Insertable, Selectable } from 'kysely';

export interface AppUserTable {
  id: ColumnType<string, string, never>;
  username: string;
  display_name: string;
  role: string;
  patient_id: string | null;
  /** PHC string, `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
  password_hash: string;
  /** RFC 4648 base32, in clear (encryption at rest is out of scope for now). */
  totp_secret: string | null;
  totp_enabled: boolean;
  /** The last 30-second step whose code was accepted: a code for this step or an earlier one is refused. */
  totp_last_step: number | null;
  disabled: boolean;
  created_at: ColumnType<Date, Date, never>;
  updated_at: Date;
}

export interface AuthSessionTable {
  /** SHA-256 (hex) of the cookie token. */
  id: ColumnType<string, string, never>;
  user_id: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  last_seen_at: Date;
  csrf_token: ColumnType<string, string, never>;
  second_factor_done: ColumnType<boolean, boolean, never>;
  ip: ColumnType<string | null, string | null, never>;
  user_agent: ColumnType<string | null, string | null, never>;
}

export interface LoginThrottleTable {
  username_key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

export interface BootstrapCodeTable {
  code_hash: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date, never>;
  expires_at: ColumnType<Date, Date, never>;
  used_at: Date | null;
}

export type UserRow = Selectable<AppUserTable>;
export type NewUserRow = Insertable<AppUserTable>;
export type SessionRow = Selectable<AuthSessionTable>;
export type NewSessionRow = Insertable<AuthSessionTable>;
