// The databases every store test runs on: embedded PGlite (in memory) and, when the test run has one, a real
// PostgreSQL server (test/global-setup.ts starts it). Each PostgreSQL store is a fresh database, dropped on close.

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../database.ts';
import { openStore } from '../database.ts';

export interface TestDatabase {
  readonly name: 'pglite' | 'postgres';
  open(): Promise<Store>;
}

export function testDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [{ name: 'pglite', open: () => openStore({ dataDir: undefined }) }];
  const adminUrl = process.env.O3CARE_TEST_PG_URL;
  if (adminUrl) databases.push({ name: 'postgres', open: () => openFreshPostgres(adminUrl) });
  return databases;
}

async function admin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface FreshPostgresDatabase {
  /** Connection URL of the new database (the test server trusts local connections: no password). */
  readonly url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server, not migrated: for servers and commands started as child processes. */
export async function createFreshPostgresDatabase(adminUrl: string): Promise<FreshPostgresDatabase> {
  const name = `o3care_test_${randomUUID().replaceAll('-', '')}`;
  await admin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** A new, empty, migrated database on the test server. */
export async function openFreshPostgres(adminUrl: string): Promise<Store> {
  const database = await createFreshPostgresDatabase(adminUrl);
  const store = await openStore({ url: database.url, poolSize: 5 });
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
