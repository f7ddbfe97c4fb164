// Consent (DESIGN.md workflow step 5): versioned templates per technique carrying the required discussion; a consent
// signed by the patient, countersigned by a physician, valid for the library's consent period (12 months by default)
// unless withdrawn. Whether a consent stands for a session is the engine's call (consent rules), not this file's.

import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { TechniqueCode } from '../../clinical/techniques.ts';
import { jsonb } from '../../store/column-types.ts';
import {
  countersignConsent as countersignRow,
  findConsent,
  findConsentTemplate,
  insertConsent,
  insertConsentTemplate,
  listConsents,
  listCurrentConsentTemplates,
  withdrawConsent as withdrawRow,
} from '../../store/consent.repository.ts';
import type { SignatureMethod } from '../../store/consent.table.ts';
import { REQUIRED_DISCUSSION_ITEMS } from '../../store/consent.table.ts';
import { lockPatient, patientExists } from '../../store/patient.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { InvalidRecordError, RecordConflictError, RecordNotFoundError } from './errors.ts';
import { libraryForCare } from './protocol-library.ts';
import { consentFromRow, consentTemplateFromRow } from './record-mapping.ts';
import type { Consent, ConsentTemplate } from './record-types.ts';

export interface ConsentTemplateInput {
  /** The template family, usually the technique code. */
  readonly key: string;
  readonly language: string;
  readonly title: string;
  readonly body: string;
  readonly techniques: readonly TechniqueCode[];
  /** Items beyond the required ones (which are always included). */
  readonly extraDiscussionItems?: readonly string[];
}

export async function createConsentTemplate(
  trx: Transaction<Database>,
  context: CareContext,
  input: ConsentTemplateInput,
): Promise<ConsentTemplate> {
  if (input.techniques.length === 0) {
    throw new InvalidRecordError('$.techniques', 'a consent template covers at least one technique');
  }
  const items = [...new Set([...REQUIRED_DISCUSSION_ITEMS, ...(input.extraDiscussionItems ?? [])])];
  const row = await insertConsentTemplate(trx, context, {
    id: randomUUID(),
    key: input.key,
    language: input.language,
    title: input.title,
    body: input.body,
    techniques: jsonb([...new Set(input.techniques)]),
    discussion_items: jsonb(items),
    created_by: context.actorId,
    created_at: context.at,
  });
  return consentTemplateFromRow(row);
}

export async function currentConsentTemplates(db: Kysely<Database>): Promise<ConsentTemplate[]> {
  return (await listCurrentConsentTemplates(db)).map(consentTemplateFromRow);
}

export interface ConsentInput {
  readonly patientId: string;
  readonly templateId: string;
  /** Defaults to every technique the template covers; must be among them. */
  readonly techniques?: readonly TechniqueCode[];
  readonly patientSignature: {
    readonly name: string;
    /** Defaults to now. */
    readonly signedAt?: Date;
    readonly method: SignatureMethod;
  };
}

/** Calendar months in UTC, as the engine's consent rule counts them (31 January + 12 months = 31 January). */
function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

/** Records the patient's signature; the consent stands once a physician countersigns it. */
export async function recordConsent(
  trx: Transaction<Database>,
  context: CareContext,
  input: ConsentInput,
): Promise<Consent> {
  const template = await findConsentTemplate(trx, input.templateId);
  if (!template) throw new RecordNotFoundError('consent template', input.templateId);
  const techniques = input.techniques ?? template.techniques;
  const uncovered = techniques.filter((t) => !template.techniques.includes(t));
  if (techniques.length === 0 || uncovered.length > 0) {
    throw new InvalidRecordError(
      '$.techniques',
      `the template does not discuss ${uncovered.join(', ') || 'any technique'}: consent covers only what was discussed`,
    );
  }
  if (!input.patientSignature.name.trim()) {
    throw new InvalidRecordError('$.patientSignature.name', 'the patient’s signed name is required');
  }
  if (!(await lockPatient(trx, input.patientId))) throw new RecordNotFoundError('patient', input.patientId);
  const signedAt = input.patientSignature.signedAt ?? context.at;
  const library = await libraryForCare(trx, context);
  const row = await insertConsent(trx, context, {
    id: randomUUID(),
    patient_id: input.patientId,
    template_id: template.id,
    techniques: jsonb([...new Set(techniques)]),
    patient_signed_name: input.patientSignature.name.trim(),
    patient_signed_at: signedAt,
    patient_signature_method: input.patientSignature.method,
    valid_until: addMonths(signedAt, library.library.settings.consentValidityMonths),
    recorded_by: context.actorId,
  });
  return consentFromRow(row);
}

/** The acting physician countersigns (the route checks the role). */
export async function countersignConsent(
  trx: Transaction<Database>,
  context: CareContext,
  consentId: string,
): Promise<Consent> {
  const row = await countersignRow(trx, context, { id: consentId, by: context.actorId, at: context.at });
  if (row) return consentFromRow(row);
  const existing = await findConsent(trx, context, consentId);
  if (!existing) throw new RecordNotFoundError('consent', consentId);
  throw new RecordConflictError('the consent is already countersigned or was withdrawn');
}

export async function withdrawConsent(
  trx: Transaction<Database>,
  context: CareContext,
  input: { readonly consentId: string; readonly reason?: string },
): Promise<Consent> {
  const row = await withdrawRow(trx, context, {
    id: input.consentId,
    recordedBy: context.actorId,
    at: context.at,
    ...(input.reason ? { reason: input.reason } : {}),
  });
  if (row) return consentFromRow(row);
  const existing = await findConsent(trx, context, input.consentId);
  if (!existing) throw new RecordNotFoundError('consent', input.consentId);
  throw new RecordConflictError('the consent was already withdrawn');
}

export async function patientConsents(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
): Promise<Consent[]> {
  if (!(await patientExists(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  return (await listConsents(trx, context, patientId)).map(consentFromRow);
}
