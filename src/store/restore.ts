// Loads a backup (backup-format.ts) into an empty database of either engine: the schema is migrated to the backup's
// own version, every row is loaded in one transaction, and that transaction commits only when the file's checksum
// and row counts match, every foreign key holds again and the audit hash chain verifies. Later migrations then bring
// the copy up to this code's schema.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { appendAudit, verifyAuditChain } from './audit.repository.ts';
import type { BackupEvent, BackupHeader, BackupTrailer, ColumnSpec, TableSpec } from './backup-format.ts';
import {
  BackupFormatError,
  quoteIdent,
  readBackup,
  readTableSpecs,
  useTextFormSettings,
} from './backup-format.ts';
import { MIGRATION_NAMES, migrateTo, migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

/** The target database cannot take this backup (it holds data, or the backup's schema is unknown to this code). */
export class RestoreRefusedError extends Error {
  override readonly name = 'RestoreRefusedError';
}

/** The backup loaded but its audit hash chain does not verify: nothing was committed. */
export class RestoreVerificationError extends Error {
  override readonly name = 'RestoreVerificationError';
  readonly brokenAt: number;

  constructor(brokenAt: number, reason: string) {
    super(`the audit chain in the backup does not verify at row ${brokenAt}: ${reason}`);
    this.brokenAt = brokenAt;
  }
}

export interface RestoreOptions {
  /** Replace whatever schema `public` holds. Without it, only an empty (or never used) database is restored into. */
  readonly force?: boolean;
  readonly now?: () => Date;
}

export interface RestoreSummary {
  readonly header: BackupHeader;
  readonly trailer: BackupTrailer;
  readonly totalRows: number;
  readonly auditRows: number;
  /** Migrations applied after loading, when the backup came from an older schema. */
  readonly migratedAfter: readonly string[];
}

/**
 * Why the database may not be restored into without --force, or null when it is empty. A migrated database in
 * which nothing was ever audited counts as empty: every write of clinical or account data appends an audit row.
 */
export async function occupiedReason(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')`.execute(db);
  if (rows.length === 0) return null;
  const names = new Set(rows.map((r) => r.relname));
  if (!names.has('audit_event') || !names.has('app_user'))
    return `schema public holds ${rows.length} relation(s) that are not an o3care database`;
  const { rows: counts } = await sql<{ audit: boolean; users: boolean }>`
    select exists (select 1 from public.audit_event) as audit, exists (select 1 from public.app_user) as users`.execute(
    db,
  );
  const { audit, users } = counts[0] ?? { audit: true, users: true };
  return audit || users ? 'the database already holds an o3care record' : null;
}

/** Drops every object o3care's migrations create in `public` (objects that belong to extensions are left). */
async function dropSchemaContents(trx: Kysely<Database>): Promise<void> {
  const notInExtension = (oid: string) =>
    `not exists (select 1 from pg_depend d where d.objid = ${oid} and d.deptype = 'e')`;
  const statements = [
    `select format('drop table if exists public.%I cascade', c.relname) as stmt
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'f') and not c.relispartition and ${notInExtension('c.oid')}`,
    `select format('drop %s if exists public.%I cascade',
                   case c.relkind when 'v' then 'view' when 'm' then 'materialized view' else 'sequence' end,
                   c.relname) as stmt
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('v', 'm', 'S') and ${notInExtension('c.oid')}`,
    `select format('drop routine if exists %s cascade', p.oid::regprocedure) as stmt
       from pg_proc p where p.pronamespace = 'public'::regnamespace and ${notInExtension('p.oid')}`,
    `select format('drop %s if exists public.%I cascade', case t.typtype when 'd' then 'domain' else 'type' end,
                   t.typname) as stmt
       from pg_type t
       where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'd', 'r', 'c')
         and (t.typrelid = 0 or (select c.relkind from pg_class c where c.oid = t.typrelid) = 'c')
         and ${notInExtension('t.oid')}`,
  ];
  for (const query of statements) {
    const { rows } = await sql.raw<{ stmt: string }>(query).execute(trx);
    for (const { stmt } of rows) await sql.raw(stmt).execute(trx);
  }
}

interface ForeignKey {
  readonly relation: string;
  readonly name: string;
  readonly definition: string;
}

async function readForeignKeys(db: Kysely<Database>): Promise<ForeignKey[]> {
  const { rows } = await sql<ForeignKey>`
    select c.conrelid::regclass::text as relation, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where n.nspname = 'public' and c.contype = 'f'
    order by c.conrelid::regclass::text, c.conname`.execute(db);
  return rows;
}

const sameColumns = (a: readonly ColumnSpec[], b: readonly ColumnSpec[]): boolean =>
  a.length === b.length && a.every(([name, type], i) => b[i]?.[0] === name && b[i]?.[1] === type);

function insertStatement(spec: TableSpec): string {
  const names = spec.columns.map(([name]) => quoteIdent(name)).join(', ');
  const values = spec.columns.map(([, type], i) => `(r ->> ${i})::${type}`).join(', ');
  return `insert into public.${quoteIdent(spec.name)} (${names}) overriding system value select ${values}`;
}

async function checkedHeader(events: AsyncGenerator<BackupEvent>): Promise<BackupHeader> {
  const first = await events.next();
  if (first.done || first.value.kind !== 'header') throw new BackupFormatError('the file is empty');
  const { header } = first.value;
  const unknown = header.migrations.find((name, i) => MIGRATION_NAMES[i] !== name);
  if (unknown !== undefined)
    throw new RestoreRefusedError(
      `the backup was written under migration ${unknown}, which this version of o3care does not know (restore it with the o3care version that made it, or a newer one)`,
    );
  if (header.migrations.length === 0) throw new RestoreRefusedError('the backup holds no o3care schema');
  return header;
}

/**
 * Restores the backup whose lines `lines` yields into `db`. Refuses a database that holds data unless `force`.
 * Nothing changes unless the whole backup loads and verifies.
 */
export async function restoreBackup(
  db: Kysely<Database>,
  lines: AsyncIterable<string>,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const now = options.now ?? (() => new Date());
  const events = readBackup(lines);
  const header = await checkedHeader(events);
  // One transaction from the first drop to the last migration: PostgreSQL's DDL is transactional, so a restore that
  // fails at any step (a damaged file, a broken chain) leaves the target exactly as it was.
  return db.transaction().execute(async (trx) => {
    const occupied = await occupiedReason(trx);
    if (occupied !== null && options.force !== true)
      throw new RestoreRefusedError(
        `${occupied}; restore into an empty database, or use --force to replace it`,
      );
    await dropSchemaContents(trx);
    await migrateTo(trx, header.migrations[header.migrations.length - 1]!);
    await useTextFormSettings(trx);
    const specs = new Map((await readTableSpecs(trx)).map((spec) => [spec.name, spec]));
    const foreignKeys = await readForeignKeys(trx);
    // Rows arrive table by table in name order, not in dependency order, and may reference rows later in their own
    // table: the keys are dropped for the load and added back at the end, which checks every reference at once.
    for (const fk of foreignKeys)
      await sql.raw(`alter table ${fk.relation} drop constraint ${quoteIdent(fk.name)}`).execute(trx);
    // User triggers guard live edits (append-only tables, signed sessions); the rows being loaded were accepted by
    // them when first written. Migration seed rows (the empty audit head) give way to the backup's.
    for (const name of specs.keys()) {
      await sql.raw(`alter table public.${quoteIdent(name)} disable trigger user`).execute(trx);
      await sql.raw(`delete from public.${quoteIdent(name)}`).execute(trx);
    }

    const seen = new Set<string>();
    let trailer: BackupTrailer | undefined;
    let totalRows = 0;
    for await (const event of events) {
      if (event.kind === 'table') {
        const spec = specs.get(event.table);
        if (!spec || !sameColumns(spec.columns, event.columns))
          throw new BackupFormatError(
            `table ${event.table} in the backup does not match schema version ${header.migrations.at(-1) ?? ''}`,
          );
        seen.add(event.table);
      } else if (event.kind === 'rows') {
        const spec = specs.get(event.table)!;
        await sql`${sql.raw(insertStatement(spec))} from jsonb_array_elements(${`[${event.lines.join(',')}]`}::jsonb) as r`.execute(
          trx,
        );
        totalRows += event.lines.length;
      } else if (event.kind === 'end') {
        trailer = event.trailer;
      }
    }
    const missing = [...specs.keys()].filter((name) => !seen.has(name));
    if (missing.length > 0 || trailer === undefined)
      throw new BackupFormatError(`the backup lacks table(s) ${missing.join(', ')}`);

    for (const name of specs.keys())
      await sql.raw(`alter table public.${quoteIdent(name)} enable trigger user`).execute(trx);
    for (const fk of foreignKeys)
      await sql
        .raw(`alter table ${fk.relation} add constraint ${quoteIdent(fk.name)} ${fk.definition}`)
        .execute(trx);
    for (const [name, value] of Object.entries(trailer.sequences))
      if (value !== null)
        await sql`select setval(${`public.${quoteIdent(name)}`}::regclass, ${value})`.execute(trx);

    const chain = await verifyAuditChain(trx);
    if (!chain.ok) throw new RestoreVerificationError(chain.brokenAt, chain.reason);
    await appendAudit(
      trx,
      {
        action: 'database.restore',
        actorRole: 'system',
        outcome: 'success',
        detail: {
          backupCreatedAt: header.createdAt,
          backupEngine: header.engine,
          backupAuditRows: chain.rows,
          backupAuditHead: chain.headHash,
        },
      },
      now(),
    );
    const migratedAfter = await migrateToLatest(trx);
    return { header, trailer, totalRows, auditRows: chain.rows, migratedAfter };
  });
}
