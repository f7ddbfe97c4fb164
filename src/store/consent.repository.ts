// Consent templates (versioned per key) and patients' consents: signed, countersigned once, withdrawn once.

import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AuditContext } from './audit-context.ts';
import { audit } from './audit-context.ts';
import type { ConsentTable, ConsentTemplateTable } from './consent.table.ts';
import type { Database } from './schema.ts';

export type ConsentTemplateRow = Selectable<ConsentTemplateTable>;
export type NewConsentTemplateRow = Omit<Insertable<ConsentTemplateTable>, 'version'>;
export type ConsentRow = Selectable<ConsentTable>;
export type NewConsentRow = Insertable<ConsentTable>;

const resource = (id: string) => `consent/${id}`;

/** Inserts the next version of the template `key` in its language. */
export async function insertConsentTemplate(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewConsentTemplateRow,
): Promise<ConsentTemplateRow> {
  const nextVersion = sql<number>`(select coalesce(max(version), 0) + 1 from consent_template
    where key = ${row.key} and language = ${row.language})`;
  const inserted = await trx
    .insertInto('consent_template')
    .values({ ...row, version: nextVersion })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(trx, context, 'consent-template.create', {
    resource: `consent_template/${inserted.id}`,
    detail: { key: inserted.key, version: inserted.version, language: inserted.language },
  });
  return inserted;
}

export function findConsentTemplate(
  db: Kysely<Database>,
  id: string,
): Promise<ConsentTemplateRow | undefined> {
  return db.selectFrom('consent_template').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest version of every template key and language. */
export function listCurrentConsentTemplates(db: Kysely<Database>): Promise<ConsentTemplateRow[]> {
  return db
    .selectFrom('consent_template as t')
    .selectAll('t')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('consent_template as newer')
            .select('newer.id')
            .whereRef('newer.key', '=', 't.key')
            .whereRef('newer.language', '=', 't.language')
            .whereRef('newer.version', '>', 't.version'),
        ),
      ),
    )
    .orderBy('t.key')
    .orderBy('t.language')
    .execute();
}

export async function insertConsent(
  trx: Transaction<Database>,
  context: AuditContext,
  row: NewConsentRow,
): Promise<ConsentRow> {
  const inserted = await trx.insertInto('consent').values(row).returningAll().executeTakeFirstOrThrow();
  await audit(trx, context, 'consent.sign', {
    patientId: inserted.patient_id,
    resource: resource(inserted.id),
    detail: { templateId: inserted.template_id },
  });
  return inserted;
}

export async function findConsent(
  trx: Transaction<Database>,
  context: AuditContext,
  id: string,
): Promise<ConsentRow | undefined> {
  const row = await trx.selectFrom('consent').selectAll().where('id', '=', id).executeTakeFirst();
  await audit(trx, context, 'consent.read', {
    patientId: row?.patient_id ?? null,
    resource: resource(id),
    detail: { found: row !== undefined },
  });
  return row;
}

export async function listConsents(
  trx: Transaction<Database>,
  context: AuditContext,
  patientId: string,
): Promise<ConsentRow[]> {
  const rows = await trx
    .selectFrom('consent')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('patient_signed_at')
    .execute();
  await audit(trx, context, 'consent.read', { patientId, detail: { count: rows.length } });
  return rows;
}

/** Countersigns a consent not yet countersigned nor withdrawn; undefined otherwise. */
export async function countersignConsent(
  trx: Transaction<Database>,
  context: AuditContext,
  signature: { readonly id: string; readonly by: string; readonly at: Date },
): Promise<ConsentRow | undefined> {
  const row = await trx
    .updateTable('consent')
    .set({ countersigned_by: signature.by, countersigned_at: signature.at })
    .where('id', '=', signature.id)
    .where('countersigned_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'consent.countersign', {
      patientId: row.patient_id,
      resource: resource(row.id),
    });
  }
  return row;
}

/** Records the patient's withdrawal; undefined when the consent is unknown or already withdrawn. */
export async function withdrawConsent(
  trx: Transaction<Database>,
  context: AuditContext,
  withdrawal: {
    readonly id: string;
    readonly recordedBy: string;
    readonly at: Date;
    readonly reason?: string;
  },
): Promise<ConsentRow | undefined> {
  const row = await trx
    .updateTable('consent')
    .set({
      withdrawn_at: withdrawal.at,
      withdrawn_recorded_by: withdrawal.recordedBy,
      withdrawn_reason: withdrawal.reason ?? null,
    })
    .where('id', '=', withdrawal.id)
    .where('withdrawn_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await audit(trx, context, 'consent.withdraw', { patientId: row.patient_id, resource: resource(row.id) });
  }
  return row;
}
