// Small builders for the FHIR R4 resources o3care reads (SPEC-INTEROP §1–§2, the mapping conventions of src/fhir/):
// used by the synthetic bulk generator. They build plain JSON values, exactly what a sender would put on the wire.

const O3 = 'https://o3care.org/fhir';
export const SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  technique: `${O3}/CodeSystem/ozone-technique`,
  goal: `${O3}/CodeSystem/ozone-goal`,
  outcome: `${O3}/CodeSystem/outcome-measure`,
  sessionRole: `${O3}/CodeSystem/session-role`,
  medication: `${O3}/CodeSystem/medication`,
} as const;
export const EXTENSION = {
  concentration: `${O3}/StructureDefinition/ozone-concentration`,
  gasVolume: `${O3}/StructureDefinition/gas-volume`,
  bloodVolume: `${O3}/StructureDefinition/blood-volume`,
  goal: `${O3}/StructureDefinition/ozone-goal`,
  aeGrade: `${O3}/StructureDefinition/adverse-event-grade`,
  aeReviewed: `${O3}/StructureDefinition/adverse-event-reviewed`,
  credential: `${O3}/StructureDefinition/operator-credential`,
  imageGuidance: `${O3}/StructureDefinition/image-guidance`,
} as const;
export const INTAKE_QUESTIONNAIRE = `${O3}/Questionnaire/intake`;

export type Json = Record<string, unknown>;

const coding = (system: string, code: string, display?: string): Json =>
  display === undefined ? { system, code } : { system, code, display };
const ucum = (value: number, code: string): Json => ({ value, unit: code, system: SYSTEM.ucum, code });
const subject = (patientId: string): Json => ({ reference: `Patient/${patientId}` });

export function bundle(resources: readonly Json[], type = 'collection'): Json {
  return {
    resourceType: 'Bundle',
    type,
    entry: resources.map((resource) => ({
      fullUrl: `urn:uuid:${String(resource.id)}`,
      resource,
    })),
  };
}

export function patient(id: string, gender: string, birthDate: string, extra: Json = {}): Json {
  return { resourceType: 'Patient', id, gender, birthDate, ...extra };
}

export function condition(
  id: string,
  patientId: string,
  code: { system: string; code: string; display: string },
  onset: string,
  clinicalStatus = 'active',
): Json {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [coding(SYSTEM.conditionClinical, clinicalStatus)] },
    verificationStatus: { coding: [coding(SYSTEM.conditionVerification, 'confirmed')] },
    code: { coding: [coding(code.system, code.code, code.display)], text: code.display },
    subject: subject(patientId),
    onsetDateTime: onset,
  };
}

export interface LabSpec {
  readonly loinc: string;
  readonly display: string;
  readonly value: number;
  readonly unit: string;
  readonly interpretation?: string;
}

export function labObservation(id: string, patientId: string, lab: LabSpec, effective: string): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [coding(SYSTEM.loinc, lab.loinc, lab.display)], text: lab.display },
    subject: subject(patientId),
    effectiveDateTime: effective,
    valueQuantity: ucum(lab.value, lab.unit),
    ...(lab.interpretation === undefined
      ? {}
      : { interpretation: [{ coding: [coding(SYSTEM.interpretation, lab.interpretation)] }] }),
  };
}

/** Pregnancy status (LOINC 82810-3) answered with SNOMED pregnant / not pregnant. */
export function pregnancyStatus(id: string, patientId: string, pregnant: boolean, effective: string): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [coding(SYSTEM.loinc, '82810-3', 'Pregnancy status')] },
    subject: subject(patientId),
    effectiveDateTime: effective,
    valueCodeableConcept: {
      coding: [
        pregnant
          ? coding(SYSTEM.snomed, '77386006', 'Pregnant')
          : coding(SYSTEM.snomed, '60001007', 'Not pregnant'),
      ],
    },
  };
}

/** Serum hCG (LOINC 2106-3), positive or negative. */
export function hcgTest(id: string, patientId: string, positive: boolean, effective: string): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: {
      coding: [coding(SYSTEM.loinc, '2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine')],
    },
    subject: subject(patientId),
    effectiveDateTime: effective,
    valueCodeableConcept: {
      coding: [
        positive
          ? coding(SYSTEM.snomed, '10828004', 'Positive')
          : coding(SYSTEM.snomed, '260385009', 'Negative'),
      ],
    },
  };
}

export function outcome(
  id: string,
  patientId: string,
  measure: string,
  value: number,
  effective: string,
): Json {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [coding(SYSTEM.outcome, measure)] },
    subject: subject(patientId),
    effectiveDateTime: effective,
    valueQuantity: { value },
  };
}

export function medicationStatement(
  id: string,
  patientId: string,
  atc: string,
  name: string,
  start: string,
  status = 'active',
): Json {
  return {
    resourceType: 'MedicationStatement',
    id,
    status,
    medicationCodeableConcept: { coding: [coding(SYSTEM.atc, atc, name)], text: name },
    subject: subject(patientId),
    effectivePeriod: { start },
  };
}

export function allergy(id: string, patientId: string, text: string, recorded: string): Json {
  return {
    resourceType: 'AllergyIntolerance',
    id,
    clinicalStatus: {
      coding: [coding('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active')],
    },
    code: { text },
    patient: subject(patientId),
    recordedDate: recorded,
  };
}

export interface SessionSpec {
  readonly technique: string;
  readonly performed: string;
  readonly concentration?: number;
  readonly gasVolume?: number;
  readonly bloodVolume?: number;
  readonly adverseEvent?: { readonly text: string; readonly grade: number; readonly reviewed: boolean };
}

const quantityExtension = (url: string, value: number, unit: string): Json => ({
  url,
  valueQuantity: ucum(value, unit),
});

/** An earlier ozone session: a completed Procedure with the technique code and dose extensions. */
export function ozoneSession(id: string, patientId: string, session: SessionSpec): Json {
  const extension = [
    ...(session.concentration === undefined
      ? []
      : [quantityExtension(EXTENSION.concentration, session.concentration, 'ug/mL')]),
    ...(session.gasVolume === undefined
      ? []
      : [quantityExtension(EXTENSION.gasVolume, session.gasVolume, 'mL')]),
    ...(session.bloodVolume === undefined
      ? []
      : [quantityExtension(EXTENSION.bloodVolume, session.bloodVolume, 'mL')]),
  ];
  const ae = session.adverseEvent;
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    code: { coding: [coding(SYSTEM.technique, session.technique)] },
    subject: subject(patientId),
    performedDateTime: session.performed,
    ...(extension.length > 0 ? { extension } : {}),
    ...(ae === undefined
      ? {}
      : {
          complication: [
            {
              text: ae.text,
              extension: [
                { url: EXTENSION.aeGrade, valueInteger: ae.grade },
                { url: EXTENSION.aeReviewed, valueBoolean: ae.reviewed },
              ],
            },
          ],
        }),
  };
}

/** A procedure that is not ozone therapy (SNOMED coded): records carry many of these. */
export function otherProcedure(
  id: string,
  patientId: string,
  snomed: string,
  display: string,
  date: string,
): Json {
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    code: { coding: [coding(SYSTEM.snomed, snomed, display)], text: display },
    subject: subject(patientId),
    performedDateTime: date,
  };
}

export function consent(
  id: string,
  patientId: string,
  techniques: readonly string[],
  status: string,
  dateTime: string,
  periodEnd?: string,
): Json {
  return {
    resourceType: 'Consent',
    id,
    status,
    scope: { coding: [coding('http://terminology.hl7.org/CodeSystem/consentscope', 'treatment')] },
    category: [{ coding: [coding(SYSTEM.loinc, '59284-0', 'Patient Consent')] }],
    patient: subject(patientId),
    dateTime,
    provision: {
      ...(periodEnd === undefined ? {} : { period: { end: periodEnd } }),
      code: techniques.map((technique) => ({ coding: [coding(SYSTEM.technique, technique)] })),
    },
  };
}

export interface IntakeSpec {
  readonly goal?: string;
  readonly goalText?: string;
  readonly fundamentals: readonly string[];
  readonly expectsCure?: boolean;
  readonly oxidativeBurden?: 'low' | 'moderate' | 'high';
  readonly unstableMedicalIssues?: boolean;
}

export function intake(id: string, patientId: string, spec: IntakeSpec, authored: string): Json {
  const item = (linkId: string, answer: Json[]): Json => ({ linkId, answer });
  const items: Json[] = [];
  if (spec.goal !== undefined) items.push(item('goal', [{ valueCoding: coding(SYSTEM.goal, spec.goal) }]));
  if (spec.goalText !== undefined) items.push(item('goal-text', [{ valueString: spec.goalText }]));
  if (spec.fundamentals.length > 0) {
    items.push(
      item(
        'fundamentals-assessed',
        spec.fundamentals.map((code) => ({ valueCoding: { code } })),
      ),
    );
  }
  if (spec.expectsCure !== undefined) items.push(item('expects-cure', [{ valueBoolean: spec.expectsCure }]));
  if (spec.oxidativeBurden !== undefined) {
    items.push(item('oxidative-burden', [{ valueCoding: { code: spec.oxidativeBurden } }]));
  }
  if (spec.unstableMedicalIssues !== undefined) {
    items.push(item('unstable-medical-issues', [{ valueBoolean: spec.unstableMedicalIssues }]));
  }
  return {
    resourceType: 'QuestionnaireResponse',
    id,
    questionnaire: INTAKE_QUESTIONNAIRE,
    status: 'completed',
    subject: subject(patientId),
    authored,
    item: items,
  };
}
