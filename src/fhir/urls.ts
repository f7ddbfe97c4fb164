// Every canonical URL the FHIR edge reads or writes (SPEC-INTEROP §1), in one place. o3care's own URLs are stable
// identifiers: other systems depend on them. The technique and goal systems live beside their codes in clinical/.

export { GOAL_SYSTEM } from '../clinical/goals.ts';
export { TECHNIQUE_SYSTEM } from '../clinical/techniques.ts';

const BASE = 'https://o3care.org/fhir';

export const RULE_SYSTEM = `${BASE}/CodeSystem/rule`;
export const OVERRIDE_REASON_SYSTEM = `${BASE}/CodeSystem/override-reason`;
export const MEDICATION_SYSTEM = `${BASE}/CodeSystem/medication`;
export const MEDICAL_OZONE_CODE = 'medical-ozone';
export const OUTCOME_MEASURE_SYSTEM = `${BASE}/CodeSystem/outcome-measure`;
export const SESSION_ROLE_SYSTEM = `${BASE}/CodeSystem/session-role`;
export const INTAKE_QUESTIONNAIRE = `${BASE}/Questionnaire/intake`;

/** o3care extensions (StructureDefinition URLs). */
export const EXT = {
  /** On Dosage and Procedure: valueQuantity, UCUM ug/mL (mg/L is the same quantity). */
  ozoneConcentration: `${BASE}/StructureDefinition/ozone-concentration`,
  /** On Procedure: valueQuantity, UCUM mL. */
  gasVolume: `${BASE}/StructureDefinition/gas-volume`,
  /** On Dosage and Procedure: valueQuantity, UCUM mL. */
  bloodVolume: `${BASE}/StructureDefinition/blood-volume`,
  /** On MedicationRequest and Procedure: valueCoding from the goal system. */
  ozoneGoal: `${BASE}/StructureDefinition/ozone-goal`,
  /** On Procedure: valueQuantity, UCUM min. */
  duration: `${BASE}/StructureDefinition/duration`,
  /** On Procedure.complication: valueInteger 1–5. */
  adverseEventGrade: `${BASE}/StructureDefinition/adverse-event-grade`,
  /** On Procedure.complication: valueBoolean. */
  adverseEventReviewed: `${BASE}/StructureDefinition/adverse-event-reviewed`,
  /** On Procedure.performer: valueCode, repeatable. */
  operatorCredential: `${BASE}/StructureDefinition/operator-credential`,
  /** On Procedure: valueBoolean. */
  imageGuidance: `${BASE}/StructureDefinition/image-guidance`,
} as const;

/** HL7 code systems the edge reads statuses and flags from. */
export const HL7 = {
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  observationInterpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
} as const;

/** Canonicals and identifier systems the FHIR API writes (docs/decisions/0011-fhir-api.md). */
export const API = {
  /** Patient.identifier: the patient's o3care id, so an IPS taken elsewhere can be matched back. */
  patientIdentifier: `${BASE}/sid/patient`,
  /** Reference.identifier of a staff member or system client (o3care serves no Practitioner resources). */
  userIdentifier: `${BASE}/sid/user`,
  /** Bundle.identifier / Composition.identifier of an IPS document. */
  documentIdentifier: `${BASE}/sid/document`,
  /** QuestionnaireResponse.questionnaire of an outcome measure (one item per measure, linkId = measure code). */
  outcomeQuestionnaire: `${BASE}/Questionnaire/outcome-measure`,
  outcomePhaseSystem: `${BASE}/CodeSystem/outcome-phase`,
  /** Intake answers: the fundamentals assessed and the oxidative burden. */
  fundamentalSystem: `${BASE}/CodeSystem/fundamental`,
  oxidativeBurdenSystem: `${BASE}/CodeSystem/oxidative-burden`,
  programmeComponentSystem: `${BASE}/CodeSystem/programme-component`,
  /** Composition.section.code of the document section holding o3care's ozone-care record (intake, consents). */
  documentSectionSystem: `${BASE}/CodeSystem/document-section`,
  /** AuditEvent.subtype: the o3care audit action (`patient.read`, `session.sign`, …). */
  auditActionSystem: `${BASE}/CodeSystem/audit-action`,
  /** AuditEvent.entity.detail types: the hash-chain link of the audit row. */
  auditChainSystem: `${BASE}/CodeSystem/audit-chain`,
} as const;
