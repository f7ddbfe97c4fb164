// Stored clinical facts → R4 resources, so that extractRecord reads each back as the same fact (SPEC-CLINICAL §5):
// conditions as Condition, labs and vital signs as Observation, medication classes as MedicationStatement, ozone
// intolerance as AllergyIntolerance. A fact keeps the code it was read from when that code still names it
// (provenance `system|code`); otherwise the first code of its value set is written. Dates are written only where
// the fact has one: extractRecord falls back to recordedDate, issued or dateAsserted, so writing those for an
// undated fact would date it on the way back.

import type {
  AllergyIntolerance,
  CodeableConcept,
  Coding,
  Condition,
  MedicationStatement,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import type { ConditionFact, DrugClass } from '../../clinical/value-sets.ts';
import {
  ATC_CLASSES,
  CONDITION_CODES,
  LOINC,
  PREGNANCY_STATUS_VALUES,
  SYSTEMS,
} from '../../clinical/value-sets.ts';
import { CodeTable } from '../code-table.ts';
import { HL7 } from '../urls.ts';
import { coding, concept, patientReference, ucum } from './common.ts';
import type { FactEntry } from './record.ts';

const CONDITION_TABLE = new CodeTable(CONDITION_CODES);
const ATC_TABLE = new CodeTable(ATC_CLASSES);
const CONDITION_SYSTEMS: ReadonlySet<string> = new Set([SYSTEMS.icd10cm, SYSTEMS.icd10, SYSTEMS.snomed]);

/** The coding of a provenance `system|code`, when there is one. */
function provenanceCoding(fact: FactEntry): Coding | undefined {
  const key = fact.provenance.code;
  const bar = key?.indexOf('|') ?? -1;
  if (key === undefined || bar <= 0 || bar === key.length - 1) return undefined;
  return { system: key.slice(0, bar), code: key.slice(bar + 1) };
}

// ---------------------------------------------------------------- Condition

/** Codes written when a fact's own code is not kept (SNOMED CT, or ICD-10-CM where SNOMED has none listed). */
const DEFAULT_CONDITION: Readonly<Record<ConditionFact, Coding>> = {
  'g6pd-deficiency': coding(
    SYSTEMS.snomed,
    '62403005',
    'Glucose-6-phosphate dehydrogenase deficiency anemia',
  ),
  pregnancy: coding(SYSTEMS.snomed, '77386006', 'Pregnant'),
  hyperthyroidism: coding(SYSTEMS.snomed, '34486009', 'Hyperthyroidism'),
  'thyrotoxic-crisis': coding(
    SYSTEMS.icd10cm,
    'E05.91',
    'Thyrotoxicosis, unspecified with thyrotoxic crisis or storm',
  ),
  thrombocytopenia: coding(SYSTEMS.snomed, '302215000', 'Thrombocytopenic disorder'),
  'coagulation-disorder': coding(SYSTEMS.snomed, '64779008', 'Blood coagulation disorder'),
  'cardiovascular-instability': coding(SYSTEMS.snomed, '4557003', 'Preinfarction syndrome'),
  'myocardial-infarction': coding(SYSTEMS.snomed, '22298006', 'Myocardial infarction'),
  'seizure-disorder': coding(SYSTEMS.snomed, '84757009', 'Epilepsy'),
  'alcohol-intoxication': coding(SYSTEMS.snomed, '25702006', 'Alcohol intoxication'),
};

/** The recorded coding when it still names exactly this condition fact, else the default. */
function conditionCoding(fact: FactEntry, name: ConditionFact, alsoCrisis = false): Coding {
  const recorded = provenanceCoding(fact);
  if (
    recorded?.system !== undefined &&
    recorded.code !== undefined &&
    CONDITION_SYSTEMS.has(recorded.system)
  ) {
    const matched = CONDITION_TABLE.match(recorded.system, recorded.code);
    const crisis = matched.includes('thyrotoxic-crisis');
    if (matched.includes(name) && (name !== 'hyperthyroidism' || crisis === alsoCrisis)) return recorded;
  }
  return DEFAULT_CONDITION[alsoCrisis ? 'thyrotoxic-crisis' : name];
}

function conditionResource(patientId: string, fact: FactEntry, code: Coding): Condition {
  return {
    resourceType: 'Condition',
    id: fact.id,
    clinicalStatus: concept(HL7.conditionClinical, 'active'),
    verificationStatus: concept(HL7.conditionVerification, 'confirmed'),
    category: [
      concept(
        'http://terminology.hl7.org/CodeSystem/condition-category',
        'problem-list-item',
        'Problem List Item',
      ),
    ],
    code: { coding: [code] },
    subject: patientReference(patientId),
    ...(fact.effective === undefined ? {} : { onsetDateTime: fact.effective }),
  };
}

// ---------------------------------------------------------------- Observation

type LabKind = keyof typeof LOINC;

const LOINC_DISPLAY: Readonly<Record<LabKind, string>> = {
  g6pd: 'Glucose-6-Phosphate dehydrogenase [Enzymatic activity/volume] in Red Blood Cells',
  pregnancyStatus: 'Pregnancy status',
  hcg: 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma',
  tsh: 'Thyrotropin [Units/volume] in Serum or Plasma',
  freeT4: 'Thyroxine (T4) free [Mass/volume] in Serum or Plasma',
  platelets: 'Platelets [#/volume] in Blood by Automated count',
  inr: 'INR in Platelet poor plasma by Coagulation assay',
  haemoglobin: 'Hemoglobin [Mass/volume] in Blood',
  weight: 'Body weight',
  height: 'Body height',
};

/** The recorded LOINC code when it is one of the kind's codes, else the kind's first code. */
function loincCoding(fact: FactEntry, kind: LabKind): Coding {
  const recorded = provenanceCoding(fact);
  const codes: readonly string[] = LOINC[kind];
  const code =
    recorded?.system === SYSTEMS.loinc && recorded.code !== undefined && codes.includes(recorded.code)
      ? recorded.code
      : (codes[0] ?? '');
  return coding(SYSTEMS.loinc, code, code === codes[0] ? LOINC_DISPLAY[kind] : undefined);
}

const interpretation = (code: 'L' | 'N' | 'H', display: string): CodeableConcept[] => [
  concept(HL7.observationInterpretation, code, display),
];

function observation(
  patientId: string,
  fact: FactEntry,
  code: Coding,
  category: 'laboratory' | 'vital-signs',
  value: Partial<Observation>,
): Observation {
  return {
    resourceType: 'Observation',
    id: fact.id,
    status: 'final',
    category: [concept('http://terminology.hl7.org/CodeSystem/observation-category', category)],
    code: { coding: [code] },
    subject: patientReference(patientId),
    ...(fact.effective === undefined ? {} : { effectiveDateTime: fact.effective }),
    ...value,
  };
}

const NUMERIC: Readonly<
  Record<
    'weightKg' | 'heightCm' | 'haemoglobinGPerDl' | 'tshMiuPerL' | 'plateletsE9PerL' | 'inr',
    { readonly kind: LabKind; readonly unit: string; readonly category: 'laboratory' | 'vital-signs' }
  >
> = {
  weightKg: { kind: 'weight', unit: 'kg', category: 'vital-signs' },
  heightCm: { kind: 'height', unit: 'cm', category: 'vital-signs' },
  haemoglobinGPerDl: { kind: 'haemoglobin', unit: 'g/dL', category: 'laboratory' },
  tshMiuPerL: { kind: 'tsh', unit: 'm[IU]/L', category: 'laboratory' },
  plateletsE9PerL: { kind: 'platelets', unit: '10*9/L', category: 'laboratory' },
  // UCUM writes a unitless ratio as 1; the {INR} annotation only names it (quantity.ts reads both).
  inr: { kind: 'inr', unit: '{INR}', category: 'laboratory' },
};

const SNOMED_RESULT = {
  positive: coding(SYSTEMS.snomed, '10828004', 'Positive'),
  negative: coding(SYSTEMS.snomed, '260385009', 'Negative'),
};

function pregnancyResource(patientId: string, fact: Extract<FactEntry, { kind: 'pregnancy' }>): Resource {
  const { pregnant, basis } = fact.value;
  if (basis === 'diagnosis' && pregnant) {
    return conditionResource(patientId, fact, conditionCoding(fact, 'pregnancy'));
  }
  if (basis === 'test') {
    return observation(patientId, fact, loincCoding(fact, 'hcg'), 'laboratory', {
      valueCodeableConcept: { coding: [pregnant ? SNOMED_RESULT.positive : SNOMED_RESULT.negative] },
    });
  }
  // A status (or a diagnosis that says "not pregnant", which only a status can say).
  const answer = pregnant
    ? coding(SYSTEMS.snomed, PREGNANCY_STATUS_VALUES.pregnant, 'Pregnant')
    : coding(SYSTEMS.snomed, PREGNANCY_STATUS_VALUES.notPregnant, 'Not pregnant');
  return observation(patientId, fact, loincCoding(fact, 'pregnancyStatus'), 'laboratory', {
    valueCodeableConcept: { coding: [answer] },
  });
}

// ---------------------------------------------------------------- MedicationStatement, AllergyIntolerance

/** ATC codes written for a class when the fact's own code is not kept: the class's own ATC group. */
const DEFAULT_ATC: Readonly<Record<DrugClass, Coding>> = {
  vka: coding(SYSTEMS.atc, 'B01AA', 'Vitamin K antagonists'),
  anticoagulant: coding(SYSTEMS.atc, 'B01AF', 'Direct factor Xa inhibitors'),
  antiplatelet: coding(SYSTEMS.atc, 'B01AC', 'Platelet aggregation inhibitors excl. heparin'),
  'ace-inhibitor': coding(SYSTEMS.atc, 'C09A', 'ACE inhibitors, plain'),
  insulin: coding(SYSTEMS.atc, 'A10A', 'Insulins and analogues'),
  sulfonylurea: coding(SYSTEMS.atc, 'A10BB', 'Sulfonylureas'),
};

function medicationResource(
  patientId: string,
  fact: Extract<FactEntry, { kind: 'medications' }>,
): MedicationStatement {
  const recorded = provenanceCoding(fact);
  const keep =
    recorded?.system === SYSTEMS.atc &&
    recorded.code !== undefined &&
    ATC_TABLE.match(SYSTEMS.atc, recorded.code)[0] === fact.value.drugClass;
  return {
    resourceType: 'MedicationStatement',
    id: fact.id,
    status: 'active',
    medicationCodeableConcept: {
      coding: [keep ? recorded : DEFAULT_ATC[fact.value.drugClass]],
      text: fact.value.name,
    },
    subject: patientReference(patientId),
    ...(fact.effective === undefined ? {} : { effectiveDateTime: fact.effective }),
  };
}

function ozoneIntoleranceResource(patientId: string, fact: FactEntry): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id: fact.id,
    clinicalStatus: concept(HL7.allergyClinical, 'active'),
    verificationStatus: concept(HL7.allergyVerification, 'confirmed'),
    type: 'intolerance',
    // SPEC-CLINICAL §5 reads ozone intolerance from the words of the allergy: no terminology codes it.
    code: { text: 'Ozone intolerance' },
    patient: patientReference(patientId),
    ...(fact.effective === undefined ? {} : { onsetDateTime: fact.effective }),
  };
}

// ---------------------------------------------------------------- dispatch

/** The resource one fact is served as. */
export function factResource(patientId: string, fact: FactEntry): Resource {
  switch (fact.kind) {
    case 'weightKg':
    case 'heightCm':
    case 'haemoglobinGPerDl':
    case 'tshMiuPerL':
    case 'plateletsE9PerL':
    case 'inr': {
      const { kind, unit, category } = NUMERIC[fact.kind];
      return observation(patientId, fact, loincCoding(fact, kind), category, {
        valueQuantity: ucum(fact.value, unit),
      });
    }
    case 'g6pd':
      return observation(patientId, fact, loincCoding(fact, 'g6pd'), 'laboratory', {
        interpretation:
          fact.value === 'deficient' ? interpretation('L', 'Low') : interpretation('N', 'Normal'),
      });
    case 'freeT4AboveRange':
      return observation(patientId, fact, loincCoding(fact, 'freeT4'), 'laboratory', {
        interpretation: fact.value ? interpretation('H', 'High') : interpretation('N', 'Normal'),
      });
    case 'pregnancy':
      return pregnancyResource(patientId, fact);
    case 'hyperthyroidism':
      return conditionResource(patientId, fact, conditionCoding(fact, 'hyperthyroidism', fact.value.crisis));
    case 'thrombocytopenia':
      return conditionResource(patientId, fact, conditionCoding(fact, 'thrombocytopenia'));
    case 'coagulationDisorder':
      return conditionResource(patientId, fact, conditionCoding(fact, 'coagulation-disorder'));
    case 'cardiovascularInstability':
      return conditionResource(patientId, fact, conditionCoding(fact, 'cardiovascular-instability'));
    case 'myocardialInfarction':
      return conditionResource(patientId, fact, conditionCoding(fact, 'myocardial-infarction'));
    case 'seizureDisorder':
      return conditionResource(patientId, fact, conditionCoding(fact, 'seizure-disorder'));
    case 'alcoholIntoxication':
      return conditionResource(patientId, fact, conditionCoding(fact, 'alcohol-intoxication'));
    case 'medications':
      return medicationResource(patientId, fact);
    case 'ozoneIntolerance':
      return ozoneIntoleranceResource(patientId, fact);
  }
}
