// `o3care restore FILE`: loads a backup (o3care backup) into an empty embedded folder or PostgreSQL database, in one
// transaction that commits only when the file's checksum, every foreign key and the audit hash chain hold.

import { existsSync } from 'node:fs';
import { BackupFormatError, inspectBackup } from '../store/backup-format.ts';
import { RestoreRefusedError, RestoreVerificationError, restoreBackup } from '../store/restore.ts';
import { parseCommandArgs } from './args.ts';
import { backupFileLines } from './backup-file.ts';
import { CliError, reasonOf } from './cli-error.ts';
import type { Command } from './command.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';

const NAME = 'restore';

const OPTIONS = { ...STORE_OPTIONS, force: { type: 'boolean' } } as const;

export const restoreCommand: Command = {
  name: NAME,
  summary: 'restore a backup into an empty database',
  help: `Usage: o3care restore FILE [--data-dir DIR] [--force]

Restores a backup written by o3care backup, from either engine, into the embedded database in --data-dir (a new
folder is created) or into the PostgreSQL database named by DATABASE_URL. The database must be empty — never used,
or only migrated — unless --force is given.

Everything happens in one transaction: the schema is set to the backup's version, every row is loaded, the file's
checksum and row counts, every foreign key and the audit hash chain are checked, then later migrations are applied.
If anything fails nothing changes. Exit 0 when restored; 2 when refused (a database that holds data, a damaged or
unknown file); 3 when the audit chain in the backup does not verify.

  --force          replace whatever the database's schema public holds (every o3care table and its data)
${STORE_HELP}
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(NAME, argv, OPTIONS, 1);
    const file = positionals[0];
    if (file === undefined)
      throw new CliError(`o3care ${NAME}: name the backup FILE (see o3care ${NAME} --help)`);
    if (!existsSync(file)) throw new CliError(`o3care ${NAME}: ${file}: no such file`);
    // A damaged or foreign file is refused before any database is opened (or an embedded folder created).
    await inspectBackup(backupFileLines(file)).catch((error: unknown) => {
      throw error instanceof BackupFormatError
        ? new CliError(`o3care ${NAME}: ${file}: ${error.message}`)
        : new CliError(`o3care ${NAME}: ${file}: ${reasonOf(error)}`);
    });
    const store = await openCommandStore(NAME, values['data-dir'], io.env, { migrate: false });
    try {
      const summary = await restoreBackup(store.db, backupFileLines(file), { force: values.force === true });
      const tables = Object.keys(summary.trailer.rows).length;
      io.stdout.write(
        `restored ${file} (${summary.header.engine} backup of ${summary.header.createdAt}) into ${store.location}: ` +
          `${tables} tables, ${summary.totalRows} rows; audit chain verified (${summary.auditRows} rows)\n`,
      );
      if (summary.migratedAfter.length > 0)
        io.stdout.write(
          `then applied ${summary.migratedAfter.length} migration(s): ${summary.migratedAfter.join(', ')}\n`,
        );
      return 0;
    } catch (error) {
      if (error instanceof RestoreVerificationError) {
        io.stderr.write(`o3care ${NAME}: nothing restored: ${error.message}\n`);
        return 3;
      }
      if (error instanceof RestoreRefusedError) throw new CliError(`o3care ${NAME}: ${error.message}`);
      if (error instanceof BackupFormatError) throw new CliError(`o3care ${NAME}: ${file}: ${error.message}`);
      if (error instanceof CliError) throw error;
      throw new CliError(`o3care ${NAME}: nothing restored (${reasonOf(error)})`, 1);
    } finally {
      await store.close();
    }
  },
};
