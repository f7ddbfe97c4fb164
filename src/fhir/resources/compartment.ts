// Everything the API serves from one patient's compartment, by resource type: the one place that decides which
// o3care record becomes which FHIR resource. Search, read, $everything and $summary all start from here.

import type { Resource } from '@medplum/fhirtypes';
import { adverseEventResource } from './adverse-event.ts';
import { carePlanResource } from './care-plan.ts';
import { consentResource } from './consent.ts';
import { orderAlertResources, overrideIssueResource } from './detected-issue.ts';
import { factResource } from './facts.ts';
import { medicationRequestResource } from './medication-request.ts';
import { outcomeObservationResource } from './outcome-observation.ts';
import { patientResource } from './patient.ts';
import { procedureResource } from './procedure.ts';
import { intakeResponseResource, outcomeResponseResource } from './questionnaire-response.ts';
import type { PatientRecord } from './record.ts';

/** The resource types of a patient's compartment that the API serves (AuditEvent is served apart). */
export const COMPARTMENT_TYPES = [
  'Patient',
  'Condition',
  'Observation',
  'MedicationStatement',
  'AllergyIntolerance',
  'MedicationRequest',
  'Procedure',
  'CarePlan',
  'Consent',
  'AdverseEvent',
  'DetectedIssue',
  'QuestionnaireResponse',
] as const;

export type CompartmentType = (typeof COMPARTMENT_TYPES)[number];

export const isCompartmentType = (value: string): value is CompartmentType =>
  (COMPARTMENT_TYPES as readonly string[]).includes(value);

/** Every resource of the record, the Patient first, then each type in COMPARTMENT_TYPES order. */
export function compartmentResources(record: PatientRecord): Resource[] {
  const patientId = record.patient.id;
  const facts = record.facts.map((fact) => factResource(patientId, fact));
  const byType = (type: string) => facts.filter((resource) => resource.resourceType === type);
  return [
    patientResource(record.patient, record.deceased),
    ...byType('Condition'),
    ...byType('Observation'),
    ...record.outcomes.map((outcome) => outcomeObservationResource(patientId, outcome)),
    ...byType('MedicationStatement'),
    ...byType('AllergyIntolerance'),
    ...record.orders.map((order) => medicationRequestResource(patientId, order)),
    ...record.sessions.map((session) => procedureResource(patientId, session, record.adverseEvents)),
    ...record.plans.map((plan) => carePlanResource(patientId, plan, record.orders)),
    ...record.consents.map((consent) => consentResource(patientId, consent)),
    ...record.adverseEvents.map((event) => adverseEventResource(patientId, event)),
    ...record.detectedIssues.map((issue) => overrideIssueResource(patientId, issue)),
    ...record.orders.flatMap((order) => orderAlertResources(patientId, order, record.detectedIssues)),
    ...record.intakes.map((intake) => intakeResponseResource(patientId, intake)),
    ...record.outcomes.map((outcome) => outcomeResponseResource(patientId, outcome)),
  ];
}
