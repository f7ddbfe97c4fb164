// The intake editor's state and its translation to the two requests it sends: PUT /api/patients/:id/intake (the
// intake as it now stands and the facts learnt with it) and PATCH /api/patients/:id (stay window and language). The
// server validates; this module only shapes what was typed, and maps the server's field paths back to the inputs.
import type { z } from 'zod';
import { FUNDAMENTALS } from '../../../../clinical/facts.ts';
import type {
  intakeVersionView,
  patientView,
  recordedFactView,
} from '../../../../server/schemas/record-views.ts';

export type IntakeVersion = z.infer<typeof intakeVersionView>;
export type RecordedFact = z.infer<typeof recordedFactView>;
export type Patient = z.infer<typeof patientView>;

export { FUNDAMENTALS };

/** The drug classes screening reads (server/schemas/clinical.ts). */
export const DRUG_CLASSES = [
  'vka',
  'anticoagulant',
  'antiplatelet',
  'ace-inhibitor',
  'insulin',
  'sulfonylurea',
] as const;

/** Conditions recorded as present (a `true` fact); the engine reads each as history. */
export const CONDITIONS = [
  'myocardialInfarction',
  'cardiovascularInstability',
  'seizureDisorder',
  'thrombocytopenia',
  'coagulationDisorder',
  'ozoneIntolerance',
  'alcoholIntoxication',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Numeric results, each with the fact kind it records. */
export const LABS = [
  'haemoglobinGPerDl',
  'plateletsE9PerL',
  'inr',
  'tshMiuPerL',
  'weightKg',
  'heightCm',
] as const;
export type Lab = (typeof LABS)[number];

export const PREGNANCY_ANSWERS = ['negative-test', 'positive-test', 'not-pregnant', 'pregnant'] as const;
type PregnancyAnswer = (typeof PREGNANCY_ANSWERS)[number];

export interface Medication {
  readonly drugClass: string;
  readonly name: string;
}

export interface IntakeForm {
  readonly goalCode: string;
  readonly goalText: string;
  readonly expectsCure: '' | 'yes' | 'no';
  readonly fundamentals: readonly string[];
  readonly oxidativeBurden: '' | 'low' | 'moderate' | 'high';
  readonly unstableMedicalIssues: '' | 'yes' | 'no';
  readonly conditions: Readonly<Record<Condition, boolean>>;
  /** When the heart attack happened: the engine blocks systemic ozone for a period after it. */
  readonly myocardialInfarctionDate: string;
  readonly hyperthyroidism: '' | 'controlled' | 'crisis';
  readonly pregnancy: '' | PregnancyAnswer;
  readonly medications: readonly Medication[];
  /** The day the results below were measured (YYYY-MM-DD). */
  readonly measuredOn: string;
  readonly labs: Readonly<Record<Lab, string>>;
  readonly freeT4AboveRange: '' | 'yes' | 'no';
  readonly g6pd: '' | 'normal' | 'deficient';
  readonly preferredLanguage: string;
  readonly arrival: string;
  readonly departure: string;
}

/** A form field's name, as the inputs and the error map use it (`labs.inr`, `conditions.seizureDisorder`…). */
export type FieldName = string;

const yesNo = (value: boolean | undefined): '' | 'yes' | 'no' =>
  value === undefined ? '' : value ? 'yes' : 'no';

export function emptyConditions(): Record<Condition, boolean> {
  return Object.fromEntries(CONDITIONS.map((condition) => [condition, false])) as Record<Condition, boolean>;
}

/** The form as the record stands: the current intake, and the patient's stay and language. New facts start empty. */
export function formOf(
  intake: IntakeVersion | undefined,
  patient: Patient | undefined,
  today: string,
): IntakeForm {
  const current = intake?.intake;
  return {
    goalCode: current?.goal?.code ?? '',
    goalText: current?.goal?.text ?? '',
    expectsCure: yesNo(current?.expectsCure),
    fundamentals: current?.fundamentalsAssessed ?? [],
    oxidativeBurden: current?.oxidativeBurden ?? '',
    unstableMedicalIssues: yesNo(current?.unstableMedicalIssues),
    conditions: emptyConditions(),
    myocardialInfarctionDate: '',
    hyperthyroidism: '',
    pregnancy: '',
    medications: [],
    measuredOn: today,
    labs: Object.fromEntries(LABS.map((lab) => [lab, ''])) as Record<Lab, string>,
    freeT4AboveRange: '',
    g6pd: '',
    preferredLanguage: patient?.preferredLanguage ?? '',
    arrival: patient?.stay?.arrival ?? '',
    departure: patient?.stay?.departure ?? '',
  };
}

interface FactEntry {
  readonly kind: string;
  readonly value: unknown;
  readonly effective?: string;
}

const PREGNANCY: Readonly<Record<PregnancyAnswer, { pregnant: boolean; basis: 'test' | 'status' }>> = {
  'negative-test': { pregnant: false, basis: 'test' },
  'positive-test': { pregnant: true, basis: 'test' },
  'not-pregnant': { pregnant: false, basis: 'status' },
  pregnant: { pregnant: true, basis: 'status' },
};

/** A typed number as the server should see it: a number when it reads as one, else the text (the server names it). */
const numberOrText = (text: string): number | string => {
  const value = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
};

/** The new facts of this save, each with the form field it came from (so a server error finds its input). */
function factsOf(form: IntakeForm, now: string): { facts: FactEntry[]; fields: FieldName[] } {
  const facts: FactEntry[] = [];
  const fields: FieldName[] = [];
  const add = (field: FieldName, fact: FactEntry) => {
    facts.push(fact);
    fields.push(field);
  };
  const measured = form.measuredOn.trim() || now;
  for (const condition of CONDITIONS) {
    if (!form.conditions[condition]) continue;
    const effective =
      condition === 'myocardialInfarction' && form.myocardialInfarctionDate.trim()
        ? form.myocardialInfarctionDate.trim()
        : condition === 'alcoholIntoxication'
          ? now
          : undefined;
    add(`conditions.${condition}`, { kind: condition, value: true, ...(effective ? { effective } : {}) });
  }
  if (form.hyperthyroidism !== '')
    add('hyperthyroidism', {
      kind: 'hyperthyroidism',
      value: { crisis: form.hyperthyroidism === 'crisis' },
      effective: now,
    });
  if (form.pregnancy !== '')
    add('pregnancy', { kind: 'pregnancy', value: PREGNANCY[form.pregnancy], effective: now });
  form.medications.forEach((medication, index) => {
    if (medication.name.trim() === '' && medication.drugClass === '') return;
    add(`medications.${index}`, {
      kind: 'medications',
      value: { drugClass: medication.drugClass, name: medication.name },
    });
  });
  for (const lab of LABS) {
    if (form.labs[lab].trim() === '') continue;
    add(`labs.${lab}`, { kind: lab, value: numberOrText(form.labs[lab]), effective: measured });
  }
  if (form.freeT4AboveRange !== '')
    add('freeT4AboveRange', {
      kind: 'freeT4AboveRange',
      value: form.freeT4AboveRange === 'yes',
      effective: measured,
    });
  if (form.g6pd !== '') add('g6pd', { kind: 'g6pd', value: form.g6pd, effective: measured });
  return { facts, fields };
}

export interface IntakeRequest {
  readonly body: unknown;
  /** `facts[i]` came from `factFields[i]`. */
  readonly factFields: readonly FieldName[];
}

/** The PUT body: the whole intake as it now stands, and the facts learnt with it. */
export function intakeRequestOf(form: IntakeForm, now: string): IntakeRequest {
  const goalText = form.goalText.trim();
  const goal =
    form.goalCode !== '' || goalText !== ''
      ? {
          ...(form.goalCode !== '' ? { code: form.goalCode } : {}),
          ...(goalText !== '' ? { text: goalText } : {}),
        }
      : undefined;
  const { facts, fields } = factsOf(form, now);
  return {
    body: {
      intake: {
        ...(goal ? { goal } : {}),
        fundamentalsAssessed: form.fundamentals,
        ...(form.expectsCure !== '' ? { expectsCure: form.expectsCure === 'yes' } : {}),
        ...(form.oxidativeBurden !== '' ? { oxidativeBurden: form.oxidativeBurden } : {}),
        ...(form.unstableMedicalIssues !== ''
          ? { unstableMedicalIssues: form.unstableMedicalIssues === 'yes' }
          : {}),
      },
      ...(facts.length > 0 ? { facts } : {}),
    },
    factFields: fields,
  };
}

/** The PATCH body for what changed of the stay window and language; undefined when nothing did. */
export function patientChangeOf(
  form: IntakeForm,
  patient: Patient | undefined,
): Record<string, unknown> | undefined {
  const change: Record<string, unknown> = {};
  const language = form.preferredLanguage.trim();
  if (language !== (patient?.preferredLanguage ?? ''))
    change.preferredLanguage = language === '' ? null : language;
  const arrival = form.arrival.trim();
  const departure = form.departure.trim();
  if (arrival !== (patient?.stay?.arrival ?? '') || departure !== (patient?.stay?.departure ?? '')) {
    change.stay =
      arrival === '' && departure === ''
        ? null
        : { ...(arrival !== '' ? { arrival } : {}), ...(departure !== '' ? { departure } : {}) };
  }
  return Object.keys(change).length > 0 ? change : undefined;
}

/** The input a server field error names: `$.body.facts[2].value` → the third new fact's field. */
export function fieldOfIntakeError(path: string, factFields: readonly FieldName[]): FieldName | undefined {
  const fact = /^\$\.body\.facts\[(\d+)\]/.exec(path);
  if (fact) return factFields[Number(fact[1])];
  const intake = /^\$\.body\.intake\.([A-Za-z]+)(?:\.([A-Za-z]+))?/.exec(path);
  if (!intake) return undefined;
  if (intake[1] === 'goal') return intake[2] === 'text' ? 'goalText' : 'goalCode';
  if (intake[1] === 'fundamentalsAssessed') return 'fundamentals';
  return intake[1];
}

export function fieldOfPatientError(path: string): FieldName | undefined {
  if (path.startsWith('$.body.preferredLanguage')) return 'preferredLanguage';
  if (path.startsWith('$.body.stay.arrival')) return 'arrival';
  if (path.startsWith('$.body.stay')) return 'departure';
  return undefined;
}
