// Writes a consistent backup of the whole database (backup-format.ts) on either engine: every table is read inside
// one REPEATABLE READ, read-only transaction, so the file is one snapshot however many app servers keep writing —
// an audit row and the change it records are both in it or both not, and the hash chain of the copy verifies.

import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { appendAudit } from './audit.repository.ts';
import type { BackupHeader, BackupTrailer, TableSpec } from './backup-format.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  LineHasher,
  quoteIdent,
  readAppliedMigrations,
  readSequences,
  readTableSpecs,
  useTextFormSettings,
} from './backup-format.ts';
import type { DatabaseKind } from './database.ts';
import type { Database } from './schema.ts';

/** Receives the file line by line (each with its newline); may return a promise to apply back-pressure. */
export type BackupSink = (chunk: string) => void | Promise<void>;

export interface BackupOptions {
  readonly engine: DatabaseKind;
  /** Who asked, for the audit row: `cli` (the command on the database itself) or `server` (the local backup route). */
  readonly via: 'cli' | 'server';
  readonly now?: () => Date;
  /** Rows fetched per round trip. */
  readonly fetchRows?: number;
}

export interface BackupSummary {
  readonly header: BackupHeader;
  readonly trailer: BackupTrailer;
  readonly totalRows: number;
}

/** PostgreSQL functions take at most 100 arguments; wider rows are built from several arrays joined with `||`. */
const ARGS_PER_ARRAY = 100;

function rowExpression(spec: TableSpec): string {
  const cells = spec.columns.map(([name]) => `${quoteIdent(name)}::text`);
  const parts: string[] = [];
  for (let i = 0; i < cells.length; i += ARGS_PER_ARRAY)
    parts.push(`jsonb_build_array(${cells.slice(i, i + ARGS_PER_ARRAY).join(', ')})`);
  return parts.length === 0 ? `'[]'::jsonb` : parts.join(' || ');
}

async function dumpTable(
  trx: Transaction<Database>,
  spec: TableSpec,
  emit: (line: string) => Promise<void>,
  fetchRows: number,
): Promise<number> {
  const order = spec.primaryKey.length > 0 ? spec.primaryKey.map(quoteIdent).join(', ') : '1';
  const query = `select (${rowExpression(spec)})::text as line from public.${quoteIdent(spec.name)} order by ${order}`;
  await sql.raw(`declare o3care_backup no scroll cursor for ${query}`).execute(trx);
  let rows = 0;
  for (;;) {
    const { rows: page } = await sql
      .raw<{ line: string }>(`fetch forward ${fetchRows} from o3care_backup`)
      .execute(trx);
    for (const { line } of page) await emit(line);
    rows += page.length;
    if (page.length < fetchRows) break;
  }
  await sql`close o3care_backup`.execute(trx);
  return rows;
}

/**
 * Writes the backup to `sink`. The backup is audited first (`database.backup`, in its own transaction), so the file
 * itself records that it was taken. On the embedded engine the snapshot transaction holds the one connection until
 * the last row is read: give it a fast sink (memory or a local file), not a slow network peer.
 */
export async function writeBackup(
  db: Kysely<Database>,
  sink: BackupSink,
  options: BackupOptions,
): Promise<BackupSummary> {
  const now = options.now ?? (() => new Date());
  await db.transaction().execute((trx) =>
    appendAudit(
      trx,
      {
        action: 'database.backup',
        actorRole: 'system',
        outcome: 'success',
        detail: { via: options.via, engine: options.engine },
      },
      now(),
    ),
  );

  const hasher = new LineHasher();
  const emit = async (line: string) => {
    hasher.add(line);
    await sink(`${line}\n`);
  };
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      await useTextFormSettings(trx);
      const { rows: version } = await sql<{ version: string }>`select version() as version`.execute(trx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: now().toISOString(),
        engine: options.engine,
        serverVersion: version[0]?.version ?? 'unknown',
        migrations: await readAppliedMigrations(trx),
      };
      await emit(JSON.stringify(header));
      const rows: Record<string, number> = {};
      let totalRows = 0;
      for (const spec of await readTableSpecs(trx)) {
        await emit(JSON.stringify({ table: spec.name, columns: spec.columns }));
        const count = await dumpTable(trx, spec, emit, options.fetchRows ?? 1000);
        rows[spec.name] = count;
        totalRows += count;
      }
      const trailer: BackupTrailer = { rows, sequences: await readSequences(trx) };
      await sink(`${JSON.stringify({ end: trailer, sha256: hasher.digest() })}\n`);
      return { header, trailer, totalRows };
    });
}
