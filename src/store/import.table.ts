// Row type of patient_import: one append-only row per IPS or FHIR import (SPEC-INTEROP §5).

import type { Fixed, FixedJson, FixedNullable } from './column-types.ts';

export type PatientMatch = 'created' | 'identifier' | 'name-and-birth-date';

export type ImportBundleType = 'document' | 'collection' | 'transaction' | 'batch' | 'searchset';

/** A resource this import stored facts (or an intake) from, and the SHA-256 of the resource as it was sent. */
export interface ImportedResource {
  readonly resource: string;
  readonly sha256: string;
}

export interface PatientImportTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  patient_match: Fixed<PatientMatch>;
  bundle_type: Fixed<ImportBundleType>;
  /** Bundle.meta.source, else the Composition's custodian, else its author. */
  source_system: FixedNullable<string>;
  /** Bundle.identifier as `system|value`. */
  source_document: FixedNullable<string>;
  /** Bundle.timestamp, else Composition.date, as the sender wrote it. */
  source_date: FixedNullable<string>;
  document_sha256: Fixed<string>;
  imported_resources: FixedJson<ImportedResource[]>;
  /** The report the importer was given (server/services/patient-import.ts, ImportReport). */
  report: FixedJson<Record<string, unknown>>;
  screening_result_id: Fixed<string>;
  imported_by: Fixed<string>;
  imported_at: Fixed<Date>;
}
