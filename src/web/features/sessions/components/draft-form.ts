// The runner's form: what the nurse has typed, kept locally until a step is saved, and its translation to the draft
// body the server takes. Empty fields are left out (or cleared), never sent as zero.
import type { DraftChange, OzoneSession } from '../api/sessions.ts';
import type { DoseField } from './session-format.ts';
import { DOSE_FIELDS } from './session-format.ts';

/** The sterile and ozone-safety checklist as the server lists it (store/ozone-session.table.ts; an item it did not
 * know would be refused with a 400 naming it). */
export const CHECKLIST = [
  'patient-identity-confirmed',
  'sterile-field-prepared',
  'single-use-materials',
  'generator-calibrated',
  'ozone-destructor-active',
  'room-ventilated',
  'oxygen-supply-checked',
  'emergency-equipment-ready',
] as const;
export type ChecklistItem = (typeof CHECKLIST)[number];

export const VITALS = [
  'systolicMmHg',
  'diastolicMmHg',
  'heartRateBpm',
  'spo2Percent',
  'temperatureC',
  'respiratoryRatePerMin',
  'glucoseMgPerDl',
] as const;
export type VitalSign = (typeof VITALS)[number];

/** A number input's value: a number, or '' while empty. */
export type Entry = number | '';

export interface DraftForm {
  readonly vitals: Readonly<Record<VitalSign, Entry>>;
  readonly consentId: string;
  readonly checklist: Readonly<Record<ChecklistItem, boolean>>;
  readonly generatorDeviceId: string;
  readonly generatorConcentration: Entry;
  readonly administered: Readonly<Record<DoseField, Entry>>;
  readonly operatorCredentials: readonly string[];
  readonly supervisingPhysicianId: string;
  readonly imageGuidance: boolean;
  readonly notes: string;
}

const entry = (value: number | undefined): Entry => value ?? '';

export function formFromSession(session: OzoneSession): DraftForm {
  return {
    vitals: Object.fromEntries(VITALS.map((key) => [key, entry(session.vitals[key])])) as Record<
      VitalSign,
      Entry
    >,
    consentId: session.consentId ?? '',
    checklist: Object.fromEntries(
      CHECKLIST.map((item) => [item, session.checklist[item] === true]),
    ) as Record<ChecklistItem, boolean>,
    generatorDeviceId: session.generatorReading?.deviceId ?? '',
    generatorConcentration: entry(session.generatorReading?.concentrationUgPerMl),
    administered: Object.fromEntries(
      DOSE_FIELDS.map((field) => [field, entry(session.administered[field])]),
    ) as Record<DoseField, Entry>,
    operatorCredentials: session.operator?.credentials ?? [],
    supervisingPhysicianId: session.supervisingPhysicianId ?? '',
    imageGuidance: session.imageGuidance === true,
    notes: session.notes ?? '',
  };
}

function numbers<K extends string>(entries: Readonly<Record<K, Entry>>): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const [key, value] of Object.entries(entries) as [K, Entry][]) {
    if (typeof value === 'number') result[key] = value;
  }
  return result;
}

/** The whole form as a draft change; the operator is the person running the runner unless one is recorded. */
export function draftChangeOf(form: DraftForm, operatorId: string, asksImageGuidance: boolean): DraftChange {
  const deviceId = form.generatorDeviceId.trim();
  const notes = form.notes.trim();
  return {
    vitals: numbers(form.vitals),
    consentId: form.consentId || null,
    checklist: { ...form.checklist },
    generatorReading:
      typeof form.generatorConcentration === 'number'
        ? { concentrationUgPerMl: form.generatorConcentration, ...(deviceId ? { deviceId } : {}) }
        : null,
    administered: numbers(form.administered),
    operator: { id: operatorId, credentials: [...form.operatorCredentials] },
    supervisingPhysicianId: form.supervisingPhysicianId || null,
    ...(asksImageGuidance ? { imageGuidance: form.imageGuidance } : {}),
    notes: notes || null,
  };
}
