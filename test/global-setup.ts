// node --test global setup: one throwaway PostgreSQL 15 server for the whole run, shared by the test files through
// O3CARE_TEST_PG_URL (each test creates its own database on it). CI must have it; elsewhere its absence is reported
// and the PostgreSQL variants of the store tests are skipped.

import { ensureWebBuild } from '../src/cli/web-build.ts';
import type { PostgresServer } from './postgres-server.ts';
import { postgresAvailable, startPostgres } from './postgres-server.ts';

let server: PostgresServer | undefined;

export async function globalSetup(): Promise<void> {
  // Servers started by tests serve the web app; build it once here rather than in the first of them.
  await ensureWebBuild();
  if (process.env.O3CARE_TEST_PG_URL) return;
  if (!postgresAvailable()) {
    if (process.env.CI)
      throw new Error('PostgreSQL 15 binaries are required in CI (/usr/lib/postgresql/15/bin)');
    console.warn('PostgreSQL 15 not found: store tests run on PGlite only');
    return;
  }
  server = await startPostgres();
  process.env.O3CARE_TEST_PG_URL = server.url;
}

export function globalTeardown(): void {
  server?.stop();
}
