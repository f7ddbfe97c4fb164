// Codes that screening recognises (SPEC-CLINICAL §5, CLINICAL-REFERENCE §9). Data, not logic: extend freely, and
// re-validate against the official releases for the code year in use before go-live (CLINICAL-REFERENCE §11.5).

export const SYSTEMS = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
} as const;

/**
 * A code, or a code family when `prefix` is set (ICD-10 E05.* is `{ code: 'E05', prefix: true }`). Codes compare
 * trimmed and case-insensitively; src/fhir/code-table.ts compiles these tables for lookup.
 */
export interface CodeMatch {
  readonly systems: readonly string[];
  readonly code: string;
  readonly prefix?: boolean;
}

const ICD = [SYSTEMS.icd10cm, SYSTEMS.icd10];
const icd = (code: string, prefix = false): CodeMatch => ({ systems: ICD, code, prefix });
const sct = (code: string): CodeMatch => ({ systems: [SYSTEMS.snomed], code });
const atc = (code: string): CodeMatch => ({ systems: [SYSTEMS.atc], code, prefix: true });

export type ConditionFact =
  | 'g6pd-deficiency'
  | 'pregnancy'
  | 'hyperthyroidism'
  | 'thyrotoxic-crisis'
  | 'thrombocytopenia'
  | 'coagulation-disorder'
  | 'cardiovascular-instability'
  | 'myocardial-infarction'
  | 'seizure-disorder'
  | 'alcohol-intoxication';

/** Condition codes per fact. ICD-10-CM families are prefixes; the ICD-10 (WHO) system is accepted for the same codes. */
export const CONDITION_CODES: Readonly<Record<ConditionFact, readonly CodeMatch[]>> = {
  'g6pd-deficiency': [icd('D55.0'), icd('D75.A'), sct('62403005')],
  // O00–O9A is the whole obstetric chapter: every ICD-10-CM code starting with O.
  pregnancy: [icd('Z33.1'), icd('O', true), sct('77386006')],
  hyperthyroidism: [icd('E05', true), sct('34486009'), sct('90739004')],
  // E05.x1: thyrotoxicosis with thyrotoxic crisis or storm — "marked uncontrolled" (ICD-10-CM; verify the year).
  'thyrotoxic-crisis': [
    icd('E05.01'),
    icd('E05.11'),
    icd('E05.21'),
    icd('E05.31'),
    icd('E05.41'),
    icd('E05.81'),
    icd('E05.91'),
  ],
  thrombocytopenia: [icd('D69.6'), sct('302215000')],
  'coagulation-disorder': [icd('D66'), icd('D67'), icd('D68', true), sct('64779008'), sct('28293008')],
  // Codes marked U in SPEC-CLINICAL §5: verify against the release in use.
  'cardiovascular-instability': [
    icd('I20.0'),
    sct('4557003'),
    icd('I50.21'),
    icd('I50.23'),
    icd('I50.31'),
    icd('I50.33'),
    icd('I50.41'),
    icd('I50.43'),
  ],
  'myocardial-infarction': [icd('I21', true), icd('I22', true), sct('57054005'), sct('22298006')],
  'seizure-disorder': [icd('G40', true), icd('R56.9'), sct('84757009'), sct('91175000')],
  'alcohol-intoxication': [icd('F10.129'), icd('F10.229'), icd('F10.92', true), sct('25702006')],
};

export const LOINC = {
  g6pd: ['2357-2', '32546-4'],
  pregnancyStatus: ['82810-3'],
  hcg: ['2106-3', '2118-8'],
  tsh: ['3016-3'],
  freeT4: ['3024-7'],
  platelets: ['777-3'],
  inr: ['6301-6', '34714-6'],
  haemoglobin: ['718-7'],
  weight: ['29463-7'],
  height: ['8302-2'],
} as const;

/** Pregnancy status values (LOINC 82810-3 answers): SNOMED 77386006 pregnant, 60001007 not pregnant. */
export const PREGNANCY_STATUS_VALUES = { pregnant: '77386006', notPregnant: '60001007' } as const;

export type DrugClass =
  'vka' | 'anticoagulant' | 'antiplatelet' | 'ace-inhibitor' | 'insulin' | 'sulfonylurea';

/** ATC classes (SPEC-CLINICAL §5). B01AA (vitamin K antagonists) is kept apart for the deep-injection INR rule. */
export const ATC_CLASSES: Readonly<Record<DrugClass, readonly CodeMatch[]>> = {
  vka: [atc('B01AA')],
  anticoagulant: [atc('B01AB'), atc('B01AE'), atc('B01AF')],
  antiplatelet: [atc('B01AC')],
  'ace-inhibitor': [atc('C09A'), atc('C09B')],
  insulin: [atc('A10A')],
  sulfonylurea: [atc('A10BB')],
};

/**
 * International non-proprietary names by class, matched as whole words in a medication's text and displays when no
 * ATC code is given (travellers' records carry national drug codes: GTIN, AMT, CCDD). Class membership follows the
 * WHO ATC index [S]; a match raises a finding for the clinician to confirm, it never clears one. See
 * docs/decisions/0004-medication-name-matching.md.
 */
export const DRUG_NAMES: Readonly<Record<DrugClass, readonly string[]>> = {
  vka: ['warfarin', 'acenocoumarol', 'phenprocoumon', 'fluindione'],
  anticoagulant: [
    'heparin',
    'enoxaparin',
    'dalteparin',
    'tinzaparin',
    'nadroparin',
    'fondaparinux',
    'dabigatran',
    'argatroban',
    'bivalirudin',
    'rivaroxaban',
    'apixaban',
    'edoxaban',
  ],
  antiplatelet: [
    'aspirin',
    'acetylsalicylic acid',
    'clopidogrel',
    'prasugrel',
    'ticagrelor',
    'ticlopidine',
    'dipyridamole',
  ],
  'ace-inhibitor': [
    'captopril',
    'enalapril',
    'lisinopril',
    'ramipril',
    'perindopril',
    'quinapril',
    'benazepril',
    'fosinopril',
    'trandolapril',
    'cilazapril',
    'moexipril',
    'zofenopril',
  ],
  insulin: ['insulin'],
  sulfonylurea: [
    'glibenclamide',
    'glyburide',
    'gliclazide',
    'glimepiride',
    'glipizide',
    'tolbutamide',
    'chlorpropamide',
  ],
};

/** Words that name ozone in an allergy or intolerance (several languages travellers' records arrive in). */
export const OZONE_WORDS = [
  'ozone',
  'ozono',
  'ozon',
  'ozônio',
  'ozonio',
  'ozonated',
  'ozonized',
  'ozonised',
  'ozonizado',
  'ozonisiert',
] as const;
