// `o3care backup --out FILE`: a consistent backup of the embedded or server database (SPEC-INTEROP §6), in the one
// engine-neutral format of docs/decisions/0008-backup-and-restore.md. While `o3care serve` holds an embedded folder,
// the serving process takes the backup (PGlite opens a folder from one process only); otherwise the command reads the
// database itself. Either way the file is read back and verified before it takes its final name.

import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { LOCAL_TOKEN_HEADER } from '../server/routes/local-backup.ts';
import { writeBackup } from '../store/backup.ts';
import type { BackupInspection } from '../store/backup-format.ts';
import { inspectBackup, readAppliedMigrations } from '../store/backup-format.ts';
import { parseCommandArgs } from './args.ts';
import { backupFileLines, openBackupFile } from './backup-file.ts';
import { CliError, reasonOf } from './cli-error.ts';
import type { Command } from './command.ts';
import type { ServerLock } from './server-lock.ts';
import { liveServerLock } from './server-lock.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';

const NAME = 'backup';

const OPTIONS = { ...STORE_OPTIONS, out: { type: 'string' } } as const;

async function throughServer(lock: ServerLock, partial: string, out: string): Promise<void> {
  if (lock.url === null)
    throw new CliError(
      `o3care ${NAME}: the server (pid ${lock.pid}) is still starting; try again in a moment`,
      1,
    );
  let response: Response;
  try {
    response = await fetch(`${lock.url}/api/admin/backup`, {
      method: 'POST',
      headers: { [LOCAL_TOKEN_HEADER]: lock.token },
    });
  } catch (error) {
    throw new CliError(
      `o3care ${NAME}: the server (pid ${lock.pid}) holds the data folder but does not answer at ${lock.url} (${reasonOf(error)})`,
      1,
    );
  }
  if (!response.ok || response.body === null) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new CliError(
      `o3care ${NAME}: the server refused the backup (${response.status}${problem.detail ? `: ${problem.detail}` : ''})`,
      1,
    );
  }
  const file = openBackupFile(partial, out);
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), file.stream);
  await file.close();
}

async function directly(
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv,
  partial: string,
  out: string,
): Promise<string> {
  const folder = dataDir ?? './data';
  if (!env.DATABASE_URL?.trim() && !existsSync(join(folder, 'PG_VERSION')))
    throw new CliError(`o3care ${NAME}: no embedded database in ${folder}`, 1);
  const store = await openCommandStore(NAME, dataDir, env, { migrate: false });
  try {
    if ((await readAppliedMigrations(store.db)).length === 0)
      throw new CliError(`o3care ${NAME}: ${store.location} holds no o3care database`, 1);
    const file = openBackupFile(partial, out);
    try {
      await writeBackup(store.db, file.sink, { engine: store.kind, via: 'cli' });
    } finally {
      await file.close();
    }
    return store.location;
  } finally {
    await store.close();
  }
}

const describeBackup = (inspection: BackupInspection): string => {
  const tables = Object.keys(inspection.trailer.rows).length;
  const audit = inspection.trailer.rows.audit_event ?? 0;
  return `${tables} tables, ${inspection.totalRows} rows (audit trail: ${audit} rows), schema ${inspection.header.migrations.at(-1) ?? 'none'}`;
};

export const backupCommand: Command = {
  name: NAME,
  summary: 'write a consistent backup of the database',
  help: `Usage: o3care backup --out FILE [--data-dir DIR]

Writes a consistent backup of the whole database to FILE: one snapshot of every table, taken while the clinic keeps
working. The same file restores into the embedded database or a PostgreSQL server (o3care restore). A FILE ending
in .gz is gzip-compressed.

While o3care serve runs on the embedded folder, the server takes the backup (through a route only this machine,
with the secret the server keeps in the data folder, can use); otherwise the command reads the database itself.
On DATABASE_URL it reads the server in one REPEATABLE READ snapshot (no pg_dump needed).

The file holds every patient record, password hashes and TOTP secrets: it is created readable by its owner only;
keep it encrypted. The backup is audited (database.backup).

  --out FILE       where to write the backup (replaced if it exists, only once the new one is complete)
${STORE_HELP}
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(NAME, argv, OPTIONS, 0);
    const out = values.out;
    if (out === undefined || out === '')
      throw new CliError(`o3care ${NAME}: --out FILE is required (see o3care ${NAME} --help)`);
    const partial = `${out}.partial-${process.pid}`;
    try {
      const lock = io.env.DATABASE_URL?.trim() ? undefined : liveServerLock(values['data-dir'] ?? './data');
      let source: string;
      if (lock) {
        await throughServer(lock, partial, out);
        source = `taken by the server, pid ${lock.pid}`;
      } else {
        source = `from ${await directly(values['data-dir'], io.env, partial, out)}`;
      }
      const inspection = await inspectBackup(backupFileLines(partial)).catch((error: unknown) => {
        throw new CliError(`o3care ${NAME}: the written backup does not verify (${reasonOf(error)})`, 1);
      });
      renameSync(partial, out);
      io.stdout.write(`backup written to ${out} (${source}): ${describeBackup(inspection)}\n`);
      return 0;
    } catch (error) {
      rmSync(partial, { force: true });
      if (error instanceof CliError) throw error;
      throw new CliError(`o3care ${NAME}: ${reasonOf(error)}`, 1);
    }
  },
};
