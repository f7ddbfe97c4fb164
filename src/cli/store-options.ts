// How a command finds the database (SPEC-INTEROP §6): DATABASE_URL when set, else the embedded database in
// --data-dir (default ./data). The same options and help text for every command that touches the database.

import type { Store } from '../store/database.ts';
import { openStore } from '../store/database.ts';
import { CliError } from './cli-error.ts';
import { FolderInUseError, liveServerLock } from './server-lock.ts';

export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
} as const;

export const STORE_HELP = `  --data-dir DIR   embedded database folder (default ./data); ignored when DATABASE_URL is set
Environment:
  DATABASE_URL     postgres://user:password@host:5432/db — use a PostgreSQL server instead of the embedded one`;

export async function openCommandStore(
  command: string,
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv,
  options: { migrate?: boolean } = {},
): Promise<Store> {
  const url = env.DATABASE_URL?.trim();
  const folder = dataDir ?? './data';
  // PGlite opens a folder from one process only: opening it under a running server would corrupt it.
  const lock = url ? undefined : liveServerLock(folder);
  if (lock)
    throw new CliError(
      `o3care ${command}: ${new FolderInUseError(folder, lock).message}; stop the server first`,
      1,
    );
  try {
    return url ? await openStore({ url, ...options }) : await openStore({ dataDir: folder, ...options });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliError(`o3care ${command}: cannot open the database (${reason})`, 1);
  }
}
