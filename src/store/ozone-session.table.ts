// Row types of ozone_session (editable while a draft, immutable once signed), session_amendment (append-only
// corrections of a signed session) and adverse_event (graded 1-5; the physician review is filled in once).

import type { ColumnType } from 'kysely';
import type { Evaluation } from '../clinical/engine.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import type { Editable, Fixed, FixedNullable, JsonNullable, SetOnce } from './column-types.ts';

export interface Vitals {
  readonly systolicMmHg?: number;
  readonly diastolicMmHg?: number;
  readonly heartRateBpm?: number;
  readonly spo2Percent?: number;
  readonly temperatureC?: number;
  readonly respiratoryRatePerMin?: number;
  readonly glucoseMgPerDl?: number;
}

/** The sterile and ozone-safety checklist, item by item. */
export const CHECKLIST_ITEMS = [
  'patient-identity-confirmed',
  'sterile-field-prepared',
  'single-use-materials',
  'generator-calibrated',
  'ozone-destructor-active',
  'room-ventilated',
  'oxygen-supply-checked',
  'emergency-equipment-ready',
] as const;

export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export type Checklist = Readonly<Partial<Record<ChecklistItem, boolean>>>;

/** What the generator showed before use. */
export interface GeneratorReading {
  readonly deviceId?: string;
  readonly concentrationUgPerMl: number;
  readonly readAt?: string;
}

/** The engine's check stored on the session: the day-of re-screening and the session rules, as of `asOf`. */
export interface StoredEvaluation {
  readonly asOf: string;
  readonly evaluation: Evaluation;
}

export type SessionStatus = 'draft' | 'signed';

export interface OzoneSessionTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  order_id: Fixed<string>;
  technique: Fixed<TechniqueCode>;
  scheduled_at: Editable<Date>;
  started_at: Editable<Date>;
  vitals: ColumnType<Vitals, string | undefined, string>;
  /** The consent checked before the session. */
  consent_id: Editable<string>;
  checklist: ColumnType<Checklist, string | undefined, string>;
  generator_reading: JsonNullable<GeneratorReading>;
  concentration_ug_per_ml: Editable<number>;
  gas_volume_ml: Editable<number>;
  blood_volume_ml: Editable<number>;
  duration_min: Editable<number>;
  operator_id: Editable<string>;
  /** The operator's credentials as verified for this session. */
  operator_credentials: ColumnType<string[], string | undefined, string>;
  supervising_physician_id: Editable<string>;
  image_guidance: Editable<boolean>;
  notes: Editable<string>;
  rescreening: JsonNullable<StoredEvaluation>;
  library_version_id: Editable<string>;
  status: ColumnType<SessionStatus, SessionStatus | undefined, SessionStatus>;
  signed_by: Editable<string>;
  signed_at: Editable<Date>;
  created_by: Fixed<string>;
  created_at: Fixed<Date>;
  updated_at: ColumnType<Date, Date, Date>;
}

export interface SessionAmendmentTable {
  id: Fixed<string>;
  session_id: Fixed<string>;
  patient_id: Fixed<string>;
  field: Fixed<string>;
  old_value: ColumnType<unknown, string, never>;
  new_value: ColumnType<unknown, string, never>;
  reason: Fixed<string>;
  amended_by: Fixed<string>;
  amended_at: Fixed<Date>;
}

export interface AdverseEventTable {
  id: Fixed<string>;
  session_id: Fixed<string>;
  patient_id: Fixed<string>;
  /** CTCAE-style grade 1-5. */
  grade: Fixed<number>;
  description: Fixed<string>;
  onset_at: FixedNullable<Date>;
  reported_by: Fixed<string>;
  reported_at: Fixed<Date>;
  reviewed_by: SetOnce<string>;
  reviewed_at: SetOnce<Date>;
  review_note: SetOnce<string>;
}
