// Applies the migrations in order, once each (Kysely's Migrator keeps its own table and lock).
// Migrations are listed here, not discovered on disk, so the set is fixed by the code that ships.

import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { Migrator } from 'kysely/migration';
import * as m0001 from './migrations/0001-audit.ts';
import * as m0002 from './migrations/0002-accounts.ts';
import * as m0003 from './migrations/0003-protocol-library.ts';
import * as m0004 from './migrations/0004-patient-record.ts';
import * as m0005 from './migrations/0005-plans-and-orders.ts';
import * as m0006 from './migrations/0006-consent.ts';
import * as m0007 from './migrations/0007-sessions.ts';
import * as m0008 from './migrations/0008-outcomes.ts';
import * as m0009 from './migrations/0009-timeline-indexes.ts';
import * as m0010 from './migrations/0010-cds-feedback.ts';
import * as m0011 from './migrations/0011-api-clients.ts';
import * as m0012 from './migrations/0012-imports.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-audit': m0001,
  '0002-accounts': m0002,
  '0003-protocol-library': m0003,
  '0004-patient-record': m0004,
  '0005-plans-and-orders': m0005,
  '0006-consent': m0006,
  '0007-sessions': m0007,
  '0008-outcomes': m0008,
  '0009-timeline-indexes': m0009,
  '0010-cds-feedback': m0010,
  '0011-api-clients': m0011,
  '0012-imports': m0012,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this code ships, in the order they apply: a backup names the ones its rows were written under. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

/** Migrates up (or down) to `name` exactly: restore loads a backup into the schema version it was taken at. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator works on any schema
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
}
