// Row types of consent_template (versioned, never updated) and consent (signed by the patient, countersigned by a
// physician, withdrawable; nothing else ever changes).

import type { TechniqueCode } from '../clinical/techniques.ts';
import type { Fixed, FixedJson, SetOnce } from './column-types.ts';

/** The discussion every consent template must cover; the database refuses a template without all of them. */
export const REQUIRED_DISCUSSION_ITEMS = [
  'adjunct-not-cure',
  'fda-position',
  'never-inhaled',
  'uncertainty',
  'alternatives',
  'right-to-stop',
] as const;

export type DiscussionItem = (typeof REQUIRED_DISCUSSION_ITEMS)[number];

export const SIGNATURE_METHODS = ['wet-ink', 'electronic', 'portal'] as const;

export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

export interface ConsentTemplateTable {
  id: Fixed<string>;
  key: Fixed<string>;
  version: Fixed<number>;
  language: Fixed<string>;
  title: Fixed<string>;
  body: Fixed<string>;
  techniques: FixedJson<TechniqueCode[]>;
  /** The required items, and any the clinic adds. */
  discussion_items: FixedJson<string[]>;
  created_by: Fixed<string>;
  created_at: Fixed<Date>;
}

export interface ConsentTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  template_id: Fixed<string>;
  techniques: FixedJson<TechniqueCode[]>;
  patient_signed_name: Fixed<string>;
  patient_signed_at: Fixed<Date>;
  patient_signature_method: Fixed<SignatureMethod>;
  valid_until: Fixed<Date>;
  recorded_by: Fixed<string>;
  countersigned_by: SetOnce<string>;
  countersigned_at: SetOnce<Date>;
  withdrawn_at: SetOnce<Date>;
  withdrawn_recorded_by: SetOnce<string>;
  withdrawn_reason: SetOnce<string>;
}
