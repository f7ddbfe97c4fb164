// One synthetic patient record (a FHIR Bundle of about 50 resources) drawn from a seeded generator: the same seed
// always gives the same record. Mixes are chosen so that every eligibility status occurs across a file: most
// patients are ordinary, a few carry each contraindication, and only those with a full intake can be "eligible".

import type { Json } from './fhir-builders.ts';
import {
  allergy,
  bundle,
  condition,
  consent,
  hcgTest,
  intake,
  labObservation,
  medicationStatement,
  otherProcedure,
  outcome,
  ozoneSession,
  patient,
  SYSTEM,
} from './fhir-builders.ts';

/** A small, fast, seedable PRNG (sfc32, seeded through splitmix32): reproducible, unlike Math.random. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number): boolean => random() < p;
const between = (random: Random, min: number, max: number): number => min + random() * (max - min);
const round1 = (value: number): number => Math.round(value * 10) / 10;

const DAY_MS = 86_400_000;

const ORDINARY_CONDITIONS = [
  { system: SYSTEM.icd10cm, code: 'I10', display: 'Essential (primary) hypertension' },
  { system: SYSTEM.icd10cm, code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  { system: SYSTEM.icd10cm, code: 'M17.11', display: 'Unilateral primary osteoarthritis, right knee' },
  { system: SYSTEM.icd10cm, code: 'M54.50', display: 'Low back pain, unspecified' },
  { system: SYSTEM.icd10cm, code: 'J45.909', display: 'Unspecified asthma, uncomplicated' },
  { system: SYSTEM.icd10cm, code: 'K21.9', display: 'Gastro-esophageal reflux disease without esophagitis' },
  { system: SYSTEM.icd10cm, code: 'E78.5', display: 'Hyperlipidemia, unspecified' },
  { system: SYSTEM.icd10cm, code: 'F41.1', display: 'Generalized anxiety disorder' },
  { system: SYSTEM.icd10cm, code: 'G47.33', display: 'Obstructive sleep apnea' },
  { system: SYSTEM.snomed, code: '44054006', display: 'Diabetes mellitus type 2' },
];

/** Conditions behind contraindications, each with the share of patients who carry it. */
const RISK_CONDITIONS = [
  { p: 0.03, code: { system: SYSTEM.icd10cm, code: 'D55.0', display: 'Anemia due to G6PD deficiency' } },
  { p: 0.03, code: { system: SYSTEM.icd10cm, code: 'E05.90', display: 'Thyrotoxicosis, unspecified' } },
  { p: 0.02, code: { system: SYSTEM.icd10cm, code: 'D69.6', display: 'Thrombocytopenia, unspecified' } },
  { p: 0.02, code: { system: SYSTEM.icd10cm, code: 'D68.9', display: 'Coagulation defect, unspecified' } },
  { p: 0.02, code: { system: SYSTEM.icd10cm, code: 'I21.4', display: 'NSTEMI myocardial infarction' } },
  { p: 0.01, code: { system: SYSTEM.icd10cm, code: 'I20.0', display: 'Unstable angina' } },
  { p: 0.03, code: { system: SYSTEM.icd10cm, code: 'G40.909', display: 'Epilepsy, unspecified' } },
];

const ORDINARY_MEDICATIONS = [
  { atc: 'A10BA02', name: 'metformin' },
  { atc: 'C10AA05', name: 'atorvastatin' },
  { atc: 'C08CA01', name: 'amlodipine' },
  { atc: 'A02BC01', name: 'omeprazole' },
  { atc: 'H03AA01', name: 'levothyroxine sodium' },
  { atc: 'N06AB06', name: 'sertraline' },
  { atc: 'M01AE01', name: 'ibuprofen' },
  { atc: 'R03AC02', name: 'salbutamol' },
];

const RISK_MEDICATIONS = [
  { p: 0.03, atc: 'B01AA03', name: 'warfarin' },
  { p: 0.04, atc: 'B01AF02', name: 'apixaban' },
  { p: 0.08, atc: 'B01AC06', name: 'acetylsalicylic acid' },
  { p: 0.1, atc: 'C09AA05', name: 'ramipril' },
  { p: 0.05, atc: 'A10AE04', name: 'insulin glargine' },
  { p: 0.04, atc: 'A10BB09', name: 'gliclazide' },
];

/** Labs the engine does not read: real records are mostly these. */
const OTHER_LABS = [
  { loinc: '2345-7', display: 'Glucose [Mass/volume] in Serum or Plasma', unit: 'mg/dL', min: 70, max: 160 },
  {
    loinc: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    min: 0.6,
    max: 1.3,
  },
  {
    loinc: '1742-6',
    display: 'Alanine aminotransferase [Enzymatic activity/volume]',
    unit: 'U/L',
    min: 10,
    max: 60,
  },
  { loinc: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', min: 4.8, max: 8.5 },
  {
    loinc: '13457-7',
    display: 'Cholesterol in LDL [Mass/volume] by calculation',
    unit: 'mg/dL',
    min: 60,
    max: 190,
  },
  {
    loinc: '1988-5',
    display: 'C reactive protein [Mass/volume] in Serum or Plasma',
    unit: 'mg/L',
    min: 0.2,
    max: 20,
  },
  { loinc: '6690-2', display: 'Leukocytes [#/volume] in Blood', unit: '10*3/uL', min: 4, max: 11 },
  { loinc: '8867-4', display: 'Heart rate', unit: '/min', min: 55, max: 95 },
  { loinc: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', min: 105, max: 165 },
  { loinc: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2', min: 19, max: 36 },
];

const GOALS = [
  'knee-osteoarthritis',
  'low-back-pain',
  'musculoskeletal-pain',
  'diabetic-foot-ulcer',
  'recovery-support',
];
const FUNDAMENTALS = [
  'sleep',
  'metabolic-health',
  'movement',
  'diagnostics',
  'rehabilitation',
  'inflammatory-drivers',
];
const SESSION_TECHNIQUES = [
  { technique: 'mah', conc: [20, 40], gas: [100, 200], blood: [100, 200] },
  { technique: 'intra-articular', conc: [10, 20], gas: [5, 20] },
  { technique: 'paravertebral-im', conc: [10, 20], gas: [5, 20] },
  { technique: 'rectal-insufflation', conc: [10, 25], gas: [100, 300] },
] as const;

/** Builds record `index` as of `asOfMs`. Resources are dated relative to it so that freshness windows matter. */
export function syntheticRecord(random: Random, index: number, asOfMs: number): Json {
  const id = `syn-${index}`;
  const resources: Json[] = [];
  let serial = 0;
  const nextId = (prefix: string) => `${id}-${prefix}${serial++}`;
  const daysAgo = (days: number): string => new Date(asOfMs - days * DAY_MS).toISOString().slice(0, 10);
  const female = chance(random, 0.55);
  const age = Math.floor(between(random, 22, 84));
  resources.push(patient(id, female ? 'female' : 'male', daysAgo(age * 365.25 + between(random, 0, 300))));

  // Intake: about half the patients have o3care's intake; most of those assessed every fundamental.
  if (chance(random, 0.5)) {
    const complete = chance(random, 0.7);
    resources.push(
      intake(
        nextId('qr'),
        id,
        {
          goal: pick(random, GOALS),
          fundamentals: complete ? FUNDAMENTALS : FUNDAMENTALS.filter(() => chance(random, 0.5)),
          expectsCure: chance(random, 0.08),
          oxidativeBurden: chance(random, 0.05) ? 'high' : pick(random, ['low', 'moderate'] as const),
          unstableMedicalIssues: chance(random, 0.03),
        },
        daysAgo(between(random, 1, 60)),
      ),
    );
  }

  for (let i = 0; i < 6; i++) {
    resources.push(
      condition(nextId('c'), id, pick(random, ORDINARY_CONDITIONS), daysAgo(between(random, 100, 5000))),
    );
  }
  for (const risk of RISK_CONDITIONS) {
    if (chance(random, risk.p))
      resources.push(condition(nextId('c'), id, risk.code, daysAgo(between(random, 10, 150))));
  }
  if (female && age <= 55 && chance(random, 0.03)) {
    resources.push(
      condition(
        nextId('c'),
        id,
        { system: SYSTEM.icd10cm, code: 'Z33.1', display: 'Pregnant state, incidental' },
        daysAgo(40),
      ),
    );
  }

  // Labs the engine reads: G6PD known for most, recent blood counts, thyroid, coagulation, body size.
  if (chance(random, 0.75)) {
    const deficient = chance(random, 0.03);
    resources.push(
      labObservation(
        nextId('o'),
        id,
        {
          loinc: '2357-2',
          display: 'G6PD [Enzymatic activity/mass] in Red Blood Cells',
          value: deficient ? round1(between(random, 0.5, 3)) : round1(between(random, 7, 14)),
          unit: 'U/g{Hb}',
          interpretation: deficient ? 'L' : 'N',
        },
        daysAgo(between(random, 30, 2000)),
      ),
    );
  }
  const lowPlatelets = chance(random, 0.02);
  const labs = [
    {
      loinc: '777-3',
      display: 'Platelets [#/volume] in Blood',
      value: lowPlatelets ? 35 : Math.round(between(random, 150, 400)),
      unit: '10*3/uL',
    },
    {
      loinc: '718-7',
      display: 'Hemoglobin [Mass/volume] in Blood',
      value: chance(random, 0.04) ? 9.1 : round1(between(random, 11.5, 16.5)),
      unit: 'g/dL',
    },
    {
      loinc: '3016-3',
      display: 'Thyrotropin [Units/volume] in Serum or Plasma',
      value: round1(between(random, 0.5, 4)),
      unit: 'm[IU]/L',
    },
    {
      loinc: '6301-6',
      display: 'INR in Platelet poor plasma by Coagulation assay',
      value: chance(random, 0.02) ? 3.4 : round1(between(random, 0.9, 1.2)),
      unit: '{INR}',
    },
    { loinc: '29463-7', display: 'Body weight', value: Math.round(between(random, 50, 110)), unit: 'kg' },
    { loinc: '8302-2', display: 'Body height', value: Math.round(between(random, 150, 195)), unit: 'cm' },
  ];
  for (const lab of labs)
    resources.push(labObservation(nextId('o'), id, lab, daysAgo(between(random, 2, 80))));
  if (female && age <= 55 && chance(random, 0.6)) {
    resources.push(hcgTest(nextId('o'), id, chance(random, 0.02), daysAgo(between(random, 0, 5))));
  }
  while (resources.length < 36) {
    const lab = pick(random, OTHER_LABS);
    resources.push(
      labObservation(
        nextId('o'),
        id,
        {
          loinc: lab.loinc,
          display: lab.display,
          value: round1(between(random, lab.min, lab.max)),
          unit: lab.unit,
        },
        daysAgo(between(random, 1, 900)),
      ),
    );
  }

  for (let i = 0; i < 4; i++) {
    const med = pick(random, ORDINARY_MEDICATIONS);
    resources.push(
      medicationStatement(nextId('m'), id, med.atc, med.name, daysAgo(between(random, 30, 3000))),
    );
  }
  for (const med of RISK_MEDICATIONS) {
    if (chance(random, med.p)) {
      resources.push(
        medicationStatement(nextId('m'), id, med.atc, med.name, daysAgo(between(random, 30, 2000))),
      );
    }
  }
  if (chance(random, 0.3)) resources.push(allergy(nextId('a'), id, 'Penicillin', daysAgo(3000)));
  if (chance(random, 0.01)) resources.push(allergy(nextId('a'), id, 'Ozone', daysAgo(400)));

  // Earlier ozone sessions for a third of the patients, some with an adverse event; other procedures for the rest.
  if (chance(random, 0.33)) {
    const spec = pick(random, SESSION_TECHNIQUES);
    const count = 1 + Math.floor(random() * 5);
    for (let s = 0; s < count; s++) {
      const withAe = chance(random, 0.02);
      resources.push(
        ozoneSession(nextId('s'), id, {
          technique: spec.technique,
          performed: new Date(asOfMs - (count - s) * 7 * DAY_MS).toISOString(),
          concentration: Math.round(between(random, spec.conc[0], spec.conc[1])),
          gasVolume: Math.round(between(random, spec.gas[0], spec.gas[1])),
          ...('blood' in spec
            ? { bloodVolume: Math.round(between(random, spec.blood[0], spec.blood[1])) }
            : {}),
          ...(withAe
            ? {
                adverseEvent: {
                  text: 'Vasovagal reaction',
                  grade: chance(random, 0.3) ? 3 : 1,
                  reviewed: true,
                },
              }
            : {}),
        }),
      );
    }
    resources.push(
      outcome(nextId('o'), id, 'pain-nrs', Math.round(between(random, 3, 9)), daysAgo(count * 7 + 1)),
      consent(nextId('k'), id, [spec.technique], 'active', daysAgo(count * 7 + 2)),
    );
  }
  while (resources.length < 50) {
    resources.push(
      otherProcedure(nextId('p'), id, '73761001', 'Colonoscopy', daysAgo(between(random, 100, 4000))),
    );
  }
  return bundle(resources);
}
