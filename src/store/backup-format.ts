// The o3care backup file (docs/decisions/0008-backup-and-restore.md): JSON lines, one engine-neutral format for the
// embedded and the server database. A header names the schema version (the migrations applied); each table is a
// section line with its columns, then one line per row holding every column's PostgreSQL text form (the COPY text
// representation, so every type round-trips exactly and SQL NULL stays distinct from a JSON `null` document); a
// trailer holds the row counts and the SHA-256 of every byte before it, so a truncated or edited file is refused.
//
//   {"format":"o3care-backup","formatVersion":1,"createdAt":"…","engine":"pglite","migrations":["0001-audit",…]}
//   {"table":"app_user","columns":[["id","uuid"],["username","text"],…]}
//   ["0198…","admin",…]
//   {"end":{"rows":{"app_user":1,…},"sequences":{}},"sha256":"…"}

import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DatabaseKind } from './database.ts';
import type { Database } from './schema.ts';

export const BACKUP_FORMAT = 'o3care-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Kysely's own bookkeeping; the header's `migrations` carries the same information. */
export const MIGRATION_TABLES: readonly string[] = ['kysely_migration', 'kysely_migration_lock'];

/**
 * Session settings under which rows are written and read back: text forms that do not depend on the machine's
 * time zone or locale (timestamps in UTC with their offset, ISO dates, shortest exact floats, hex bytea).
 */
export const TEXT_FORM_SETTINGS: Readonly<Record<string, string>> = {
  timezone: 'UTC',
  datestyle: 'ISO, YMD',
  intervalstyle: 'postgres',
  extra_float_digits: '1',
  bytea_output: 'hex',
};

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  readonly createdAt: string;
  readonly engine: DatabaseKind;
  readonly serverVersion: string;
  /** Applied migrations, in order: the schema version the rows belong to. */
  readonly migrations: readonly string[];
}

/** `[name, type]` with the type as `format_type` spells it (`timestamp with time zone`, `character(64)`). */
export type ColumnSpec = readonly [name: string, type: string];

export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** Primary-key columns, for a stable row order; empty when the table has none. */
  readonly primaryKey: readonly string[];
}

export interface BackupTrailer {
  readonly rows: Readonly<Record<string, number>>;
  /** Sequence name → last value (null when never used). */
  readonly sequences: Readonly<Record<string, number | null>>;
}

/** The backup file is not one o3care can read: damaged, truncated, from a newer o3care, or not a backup at all. */
export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError';
  /** 1-based line of the file where the problem was found, when it is one line. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.line = line;
  }
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Sets TEXT_FORM_SETTINGS for the rest of the caller's transaction. */
export async function useTextFormSettings(trx: Kysely<Database>): Promise<void> {
  for (const [name, value] of Object.entries(TEXT_FORM_SETTINGS))
    await sql`select set_config(${name}, ${value}, true)`.execute(trx);
}

/** The o3care tables in schema `public` (partitions are read through their parent), with columns and keys. */
export async function readTableSpecs(db: Kysely<Database>): Promise<TableSpec[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(db);
  const specs: TableSpec[] = [];
  for (const { name } of tables) {
    if (MIGRATION_TABLES.includes(name)) continue;
    const relation = `public.${quoteIdent(name)}`;
    // Generated columns are computed again on insert, so they are neither written nor read back.
    const { rows: columns } = await sql<{ name: string; type: string }>`
      select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a
      where a.attrelid = ${relation}::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attnum`.execute(db);
    const { rows: key } = await sql<{ name: string }>`
      select a.attname as name
      from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
      where i.indrelid = ${relation}::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    specs.push({
      name,
      columns: columns.map((c) => [c.name, c.type] as const),
      primaryKey: key.map((k) => k.name),
    });
  }
  return specs;
}

/** Migrations applied to the database, in order; empty when it was never migrated. */
export async function readAppliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows: present } = await sql<{ present: boolean }>`
    select to_regclass('public.kysely_migration') is not null as present`.execute(db);
  if (!present[0]?.present) return [];
  const { rows } = await sql<{
    name: string;
  }>`select name from public.kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** Sequences in `public` with their last value (identity columns own one each). */
export async function readSequences(db: Kysely<Database>): Promise<Record<string, number | null>> {
  const { rows } = await sql<{ name: string; last_value: string | number | null }>`
    select sequencename as name, last_value from pg_sequences where schemaname = 'public' order by sequencename`.execute(
    db,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.last_value === null ? null : Number(r.last_value)]));
}

/** Computes the trailer checksum over the exact bytes written (each line and its newline). */
export class LineHasher {
  readonly #hash = createHash('sha256');

  add(line: string): void {
    this.#hash.update(line).update('\n');
  }

  digest(): string {
    return this.#hash.digest('hex');
  }
}

export type BackupEvent =
  | { readonly kind: 'header'; readonly header: BackupHeader }
  | { readonly kind: 'table'; readonly table: string; readonly columns: readonly ColumnSpec[] }
  /** Row lines of the current table, exactly as in the file (JSON arrays of text or null), checked for shape. */
  | { readonly kind: 'rows'; readonly table: string; readonly lines: readonly string[] }
  | { readonly kind: 'end'; readonly trailer: BackupTrailer };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string, line: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackupFormatError('not a JSON line (the file is damaged or not an o3care backup)', line);
  }
}

function parseHeader(text: string): BackupHeader {
  const value = parseJson(text, 1);
  if (!isRecord(value) || value.format !== BACKUP_FORMAT)
    throw new BackupFormatError('not an o3care backup (the first line does not name the format)', 1);
  if (value.formatVersion !== BACKUP_FORMAT_VERSION)
    throw new BackupFormatError(
      `backup format version ${String(value.formatVersion)} is not readable by this o3care (it reads ${BACKUP_FORMAT_VERSION})`,
      1,
    );
  const migrations = value.migrations;
  if (!Array.isArray(migrations) || !migrations.every((m) => typeof m === 'string'))
    throw new BackupFormatError('the header does not list the schema migrations', 1);
  return value as unknown as BackupHeader;
}

function checkRow(text: string, width: number, line: number): void {
  const row = parseJson(text, line);
  if (
    !Array.isArray(row) ||
    row.length !== width ||
    !row.every((cell) => cell === null || typeof cell === 'string')
  )
    throw new BackupFormatError(`a row must be an array of ${width} text values or nulls`, line);
}

/**
 * Reads a backup line by line and yields its parts, refusing anything out of shape. The checksum and the row
 * counts are checked when the trailer arrives, so a consumer must treat everything as provisional until `end`
 * (restore loads inside one transaction and commits only after it).
 */
export async function* readBackup(
  lines: AsyncIterable<string>,
  batchRows = 500,
): AsyncGenerator<BackupEvent> {
  const hasher = new LineHasher();
  let lineNo = 0;
  let header: BackupHeader | undefined;
  let table: { name: string; width: number; rows: number } | undefined;
  const counts: Record<string, number> = {};
  let batch: string[] = [];
  let ended = false;

  const flush = (): BackupEvent | undefined => {
    if (!table || batch.length === 0) return undefined;
    const event: BackupEvent = { kind: 'rows', table: table.name, lines: batch };
    batch = [];
    return event;
  };

  for await (const text of lines) {
    lineNo += 1;
    if (ended) throw new BackupFormatError('data after the end of the backup', lineNo);
    if (header === undefined) {
      header = parseHeader(text);
      hasher.add(text);
      yield { kind: 'header', header };
      continue;
    }
    if (text.startsWith('[')) {
      if (!table) throw new BackupFormatError('a row before any table', lineNo);
      checkRow(text, table.width, lineNo);
      hasher.add(text);
      batch.push(text);
      table.rows += 1;
      if (batch.length >= batchRows) yield flush()!;
      continue;
    }
    const value = parseJson(text, lineNo);
    if (!isRecord(value)) throw new BackupFormatError('expected a table, a row or the end', lineNo);
    const pending = flush();
    if (pending) yield pending;
    if (table) counts[table.name] = table.rows;
    if (typeof value.table === 'string') {
      const columns = value.columns;
      if (
        !Array.isArray(columns) ||
        !columns.every(
          (c) => Array.isArray(c) && c.length === 2 && c.every((part) => typeof part === 'string'),
        )
      )
        throw new BackupFormatError(`table ${value.table} does not list its columns`, lineNo);
      if (value.table in counts) throw new BackupFormatError(`table ${value.table} appears twice`, lineNo);
      hasher.add(text);
      table = { name: value.table, width: columns.length, rows: 0 };
      yield { kind: 'table', table: value.table, columns: columns as ColumnSpec[] };
      continue;
    }
    if (isRecord(value.end)) {
      if (value.sha256 !== hasher.digest())
        throw new BackupFormatError('the checksum does not match: the file was changed or damaged', lineNo);
      const trailer = value.end as unknown as BackupTrailer;
      for (const [name, rows] of Object.entries(counts)) {
        if (trailer.rows?.[name] !== rows)
          throw new BackupFormatError(
            `table ${name} holds ${rows} rows but the trailer says ${String(trailer.rows?.[name])}`,
            lineNo,
          );
      }
      if (Object.keys(trailer.rows ?? {}).length !== Object.keys(counts).length)
        throw new BackupFormatError('the trailer names tables the file does not hold', lineNo);
      ended = true;
      table = undefined;
      yield { kind: 'end', trailer };
      continue;
    }
    throw new BackupFormatError('expected a table, a row or the end', lineNo);
  }
  if (header === undefined) throw new BackupFormatError('the file is empty');
  if (!ended) throw new BackupFormatError('the backup ends before its trailer (the file is truncated)');
}

export interface BackupInspection {
  readonly header: BackupHeader;
  readonly trailer: BackupTrailer;
  readonly totalRows: number;
}

/** Reads a whole backup and checks its shape, checksum and row counts without touching any database. */
export async function inspectBackup(lines: AsyncIterable<string>): Promise<BackupInspection> {
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  let totalRows = 0;
  for await (const event of readBackup(lines)) {
    if (event.kind === 'header') header = event.header;
    else if (event.kind === 'rows') totalRows += event.lines.length;
    else if (event.kind === 'end') trailer = event.trailer;
  }
  if (!header || !trailer) throw new BackupFormatError('the backup has no header or no trailer');
  return { header, trailer, totalRows };
}
