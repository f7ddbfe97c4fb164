// Protocol library versions: insert (template or draft), approve a draft, and read. Versions are not patient data,
// but every change is audited (issue 3: "every change audited").

import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { ProtocolLibraryVersionTable } from './protocol-library.table.ts';
import type { Database } from './schema.ts';

export type LibraryVersionRow = Selectable<ProtocolLibraryVersionTable>;
export type NewLibraryVersionRow = Insertable<ProtocolLibraryVersionTable>;

const resource = (id: string) => `protocol_library_version/${id}`;

export async function insertLibraryVersion(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewLibraryVersionRow,
): Promise<LibraryVersionRow> {
  const inserted = await trx
    .insertInto('protocol_library_version')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, context, row.status === 'template' ? 'library.load-template' : 'library.create-draft', {
    resource: resource(inserted.id),
    detail: { version: inserted.version, basedOn: inserted.based_on },
  });
  return inserted;
}

/**
 * Approves a draft; undefined when the id is not a draft (already approved, the template, or unknown).
 *
 * The newest approval is the version care uses (findCurrentApproved), so approval times must be strictly increasing:
 * two approvals in the same millisecond, or a server whose clock runs behind another's, would otherwise leave "the
 * current version" ambiguous or make a fresh approval not current. Approvals are serialised by an advisory lock and
 * an approval is dated at least one millisecond after the latest one (found by the API safety property test).
 */
export async function approveLibraryVersion(
  trx: Transaction<Database>,
  context: AuditContext,
  approval: { readonly id: string; readonly approvedBy: string; readonly approvedAt: Date },
): Promise<LibraryVersionRow | undefined> {
  await sql`select pg_advisory_xact_lock(hashtext('o3care.library-approve'))`.execute(trx);
  const { latest } = await trx
    .selectFrom('protocol_library_version')
    .select((eb) => eb.fn.max('approved_at').as('latest'))
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  const latestMs = latest === null ? Number.NEGATIVE_INFINITY : new Date(latest).getTime();
  const approvedAt = approval.approvedAt.getTime() > latestMs ? approval.approvedAt : new Date(latestMs + 1);
  const approved = await trx
    .updateTable('protocol_library_version')
    .set({ status: 'approved', approved_by: approval.approvedBy, approved_at: approvedAt })
    .where('id', '=', approval.id)
    .where('status', '=', 'draft')
    .returningAll()
    .executeTakeFirst();
  if (approved) {
    await audit(trx, context, 'library.approve', {
      resource: resource(approved.id),
      detail: { version: approved.version },
    });
  }
  return approved;
}

export function findLibraryVersion(db: Kysely<Database>, id: string): Promise<LibraryVersionRow | undefined> {
  return db.selectFrom('protocol_library_version').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLibraryVersionByName(
  db: Kysely<Database>,
  version: string,
): Promise<LibraryVersionRow | undefined> {
  return db
    .selectFrom('protocol_library_version')
    .selectAll()
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The approved versions, newest approval first (ties broken by id): the first is the one care uses. */
const newestApproved = (db: Kysely<Database>) =>
  db
    .selectFrom('protocol_library_version')
    .where('status', '=', 'approved')
    .orderBy('approved_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);

/** The most recently approved version, the one care uses. */
export function findCurrentApproved(db: Kysely<Database>): Promise<LibraryVersionRow | undefined> {
  return newestApproved(db).selectAll().executeTakeFirst();
}

/**
 * Only the id of the current version: approved versions are frozen by the database, so a caller that keeps versions
 * by id (the CDS service, on every call) reads a document only when the id changes.
 */
export async function findCurrentApprovedId(db: Kysely<Database>): Promise<string | undefined> {
  return (await newestApproved(db).select('id').executeTakeFirst())?.id;
}

export function listLibraryVersions(db: Kysely<Database>): Promise<LibraryVersionRow[]> {
  return db.selectFrom('protocol_library_version').selectAll().orderBy('created_at').execute();
}

/** Inserts the shipped template unless a version of that name exists (safe when two servers start together). */
export async function insertTemplateIfAbsent(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewLibraryVersionRow,
): Promise<LibraryVersionRow | undefined> {
  const inserted = await trx
    .insertInto('protocol_library_version')
    .values(row)
    .onConflict((oc) => oc.column('version').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) {
    await audit(trx, context, 'library.load-template', {
      resource: `protocol_library_version/${inserted.id}`,
      detail: { version: inserted.version },
    });
  }
  return inserted;
}

/** How many versions the clinic made (the template not counted), to name the next draft. */
export async function countClinicVersions(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('protocol_library_version')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '<>', 'template')
    .executeTakeFirstOrThrow();
  return Number(count);
}
