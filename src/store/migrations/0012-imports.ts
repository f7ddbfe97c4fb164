// IPS and FHIR imports (SPEC-INTEROP §5): one append-only row per import, naming who imported what from where, the
// document's hash and the report, and the resources it imported (so that importing the same resource again adds
// nothing). The facts themselves go to clinical_fact with source 'import' and their provenance.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types exist
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table patient_import (
      id uuid primary key,
      patient_id uuid not null references patient (id),
      patient_match text not null check (patient_match in ('created', 'identifier', 'name-and-birth-date')),
      bundle_type text not null
        check (bundle_type in ('document', 'collection', 'transaction', 'batch', 'searchset')),
      source_system text,
      source_document text,
      source_date text,
      document_sha256 char(64) not null check (document_sha256 ~ '^[0-9a-f]{64}$'),
      imported_resources jsonb not null check (jsonb_typeof(imported_resources) = 'array'),
      report jsonb not null check (jsonb_typeof(report) = 'object'),
      screening_result_id uuid not null references screening_result (id),
      imported_by text not null,
      imported_at timestamptz not null
    )`.execute(db);
  await sql`create index patient_import_patient on patient_import (patient_id, imported_at)`.execute(db);
  await sql`
    create trigger patient_import_append_only before update or delete on patient_import
    for each row execute function o3care_refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the clinical record is never rolled back');
}
