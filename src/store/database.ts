// Opens o3care's database: embedded PostgreSQL (PGlite, data in a folder) by default, or a PostgreSQL server when a
// connection URL is given. One SQL dialect and one set of migrations serve both (DESIGN.md, Stack).

import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Where the data lives, for messages: the folder, or the server URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

export type OpenOptions =
  | { readonly url: string; readonly migrate?: boolean; readonly poolSize?: number }
  | { readonly dataDir: string | undefined; readonly migrate?: boolean };

/** `timestamptz` and `bigint` come back as Date and string by default; counts are parsed as numbers where safe. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export async function openStore(options: OpenOptions): Promise<Store> {
  const store =
    'url' in options ? openPostgres(options.url, options.poolSize ?? 10) : await openPglite(options.dataDir);
  if (options.migrate !== false) await migrateToLatest(store.db);
  return store;
}

function openPostgres(url: string, poolSize: number): Store {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', location: redact(url), close: () => db.destroy() };
}

/** `dataDir` undefined gives an in-memory database (tests). */
async function openPglite(dataDir: string | undefined): Promise<Store> {
  const pglite = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  return { db, kind: 'pglite', location: dataDir ?? 'memory', close: () => db.destroy() };
}
