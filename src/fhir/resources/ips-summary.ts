// Patient/$summary: the record as an International Patient Summary document (HL7 IPS 1.1, R4): a Bundle of type
// document, Composition first (LOINC 60591-5), every entry with its fullUrl. The three required sections (problems
// 11450-4, medications 10160-0, allergies 48765-2) always have an entry: when o3care knows nothing, an IPS "no
// information" resource coded from absent-unknown-uv-ips. Procedures (47519-4), results (30954-2) and plan of care
// (18776-5) appear when there is something to say. A last section, coded in o3care's document-section system, holds
// what the ozone-care rules read besides (intake, consents, adverse events), so that extractRecord on the document
// gives back the record's facts and history. The author is o3care itself, as a Device entry.

import type {
  AllergyIntolerance,
  Bundle,
  Composition,
  CompositionSection,
  Condition,
  Device,
  Element,
  MedicationStatement,
  Resource,
} from '@medplum/fhirtypes';
import { SYSTEMS } from '../../clinical/value-sets.ts';
import { API, INTAKE_QUESTIONNAIRE } from '../urls.ts';
import { concept, derivedId, narrative, patientReference } from './common.ts';
import { compartmentResources } from './compartment.ts';
import { fullUrlOf } from './bundles.ts';
import type { PatientRecord } from './record.ts';

const ABSENT = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
export const IPS_SECTIONS = {
  problems: { code: '11450-4', display: 'Problem list - Reported', title: 'Problems' },
  medications: { code: '10160-0', display: 'History of Medication use Narrative', title: 'Medications' },
  allergies: {
    code: '48765-2',
    display: 'Allergies and adverse reactions Document',
    title: 'Allergies and Intolerances',
  },
  procedures: { code: '47519-4', display: 'History of Procedures Document', title: 'History of Procedures' },
  results: {
    code: '30954-2',
    display: 'Relevant diagnostic tests/laboratory data Narrative',
    title: 'Results',
  },
  plans: { code: '18776-5', display: 'Plan of care note', title: 'Plan of Care' },
} as const;

const AUTHOR_DEVICE_ID = 'o3care';

function authorDevice(softwareVersion: string): Device {
  return {
    resourceType: 'Device',
    id: AUTHOR_DEVICE_ID,
    deviceName: [{ name: 'o3care', type: 'model-name' }],
    version: [{ value: softwareVersion }],
  };
}

function noProblemInfo(patientId: string): Condition {
  return {
    resourceType: 'Condition',
    id: derivedId('no-problem-info', patientId),
    code: concept(ABSENT, 'no-problem-info', 'No information about problems'),
    subject: patientReference(patientId),
  };
}

function noMedicationInfo(patientId: string): MedicationStatement {
  // @medplum/fhirtypes has no primitive-extension (`_element`) properties; R4 JSON does (json.html#primitive).
  const statement: MedicationStatement & { readonly _effectiveDateTime: Element } = {
    resourceType: 'MedicationStatement',
    id: derivedId('no-medication-info', patientId),
    status: 'unknown',
    medicationCodeableConcept: concept(ABSENT, 'no-medication-info', 'No information about medications'),
    subject: patientReference(patientId),
    // IPS requires effective[x]; nothing is known, which R4 says with the data-absent-reason extension.
    _effectiveDateTime: {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' },
      ],
    },
  };
  return statement;
}

function noAllergyInfo(patientId: string): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id: derivedId('no-allergy-info', patientId),
    code: concept(ABSENT, 'no-allergy-info', 'No information about allergies'),
    patient: patientReference(patientId),
  };
}

/** One line of a section's narrative per entry: enough for a reader, never the whole resource. */
function describe(resource: Resource): string {
  const text = (value: { text?: string; coding?: { display?: string; code?: string }[] } | undefined) =>
    value?.text ?? value?.coding?.[0]?.display ?? value?.coding?.[0]?.code ?? '';
  switch (resource.resourceType) {
    case 'Condition':
      return `${text(resource.code)}${resource.onsetDateTime === undefined ? '' : ` (since ${resource.onsetDateTime})`}`;
    case 'MedicationStatement':
      return text(resource.medicationCodeableConcept);
    case 'MedicationRequest':
      return `Medical ozone order (${text(resource.dosageInstruction?.[0]?.method)}), ${resource.status}`;
    case 'AllergyIntolerance':
      return text(resource.code);
    case 'Procedure':
      return `${text(resource.code)} ozone session${resource.performedDateTime === undefined ? '' : ` on ${resource.performedDateTime}`}`;
    case 'Observation': {
      const value = resource.valueQuantity;
      const shown =
        value === undefined
          ? text(resource.interpretation?.[0])
          : `${value.value ?? ''} ${value.unit ?? ''}`.trim();
      return `${text(resource.code)}: ${shown}`;
    }
    case 'CarePlan':
      return resource.title ?? 'Care plan';
    case 'Consent':
      return `Consent (${resource.status}) to ${(resource.provision?.code ?? []).map(text).join(', ')}`;
    case 'AdverseEvent':
      return `Adverse event: ${text(resource.event)}`;
    case 'QuestionnaireResponse':
      return 'Ozone-care intake questionnaire';
    default:
      return resource.resourceType;
  }
}

function section(
  title: string,
  code: { system: string; code: string; display: string },
  entries: readonly Resource[],
): CompositionSection {
  return {
    title,
    code: concept(code.system, code.code, code.display),
    text: narrative(entries.map(describe)),
    entry: entries.map((resource) => ({ reference: `${resource.resourceType}/${resource.id ?? ''}` })),
  };
}

const loincSection = (key: keyof typeof IPS_SECTIONS, entries: readonly Resource[]) =>
  section(IPS_SECTIONS[key].title, { system: SYSTEMS.loinc, ...IPS_SECTIONS[key] }, entries);

export interface SummaryOptions {
  /** The server's FHIR base URL: entries' fullUrls. */
  readonly base: string;
  /** A fresh UUID for this document (Bundle.identifier and Composition id). */
  readonly documentId: string;
  readonly timestamp: string;
  readonly softwareVersion: string;
}

export function ipsDocument(record: PatientRecord, options: SummaryOptions): Bundle {
  const patientId = record.patient.id;
  const all = compartmentResources(record);
  const [patient] = all;
  const of = <T extends Resource['resourceType']>(type: T, keep: (r: Resource) => boolean = () => true) =>
    all.filter((r) => r.resourceType === type && keep(r));
  const orElse = (list: Resource[], fallback: Resource): Resource[] => (list.length > 0 ? list : [fallback]);

  const problems = orElse(of('Condition'), noProblemInfo(patientId));
  const medications = orElse(
    [...of('MedicationStatement'), ...of('MedicationRequest')],
    noMedicationInfo(patientId),
  );
  const allergies = orElse(of('AllergyIntolerance'), noAllergyInfo(patientId));
  const procedures = of('Procedure', (r) => r.resourceType === 'Procedure' && r.status === 'completed');
  const results = of('Observation');
  const plans = of('CarePlan');
  const ozoneCare = [
    ...of(
      'QuestionnaireResponse',
      (r) => r.resourceType === 'QuestionnaireResponse' && r.questionnaire === INTAKE_QUESTIONNAIRE,
    ),
    ...of('Consent'),
    ...of('AdverseEvent'),
  ];

  const sections: CompositionSection[] = [
    loincSection('problems', problems),
    loincSection('medications', medications),
    loincSection('allergies', allergies),
    ...(procedures.length > 0 ? [loincSection('procedures', procedures)] : []),
    ...(results.length > 0 ? [loincSection('results', results)] : []),
    ...(plans.length > 0 ? [loincSection('plans', plans)] : []),
    ...(ozoneCare.length > 0
      ? [
          section(
            'Ozone care: intake, consents and adverse events',
            { system: API.documentSectionSystem, code: 'ozone-care', display: 'Ozone care record' },
            ozoneCare,
          ),
        ]
      : []),
  ];
  const composition: Composition = {
    resourceType: 'Composition',
    id: options.documentId,
    identifier: { system: API.documentIdentifier, value: options.documentId },
    status: 'final',
    type: concept(SYSTEMS.loinc, '60591-5', 'Patient summary Document'),
    subject: patientReference(patientId),
    date: options.timestamp,
    author: [{ reference: `Device/${AUTHOR_DEVICE_ID}` }],
    title: 'International Patient Summary',
    confidentiality: 'N',
    section: sections,
  };
  const entries: Resource[] = [
    composition,
    ...(patient === undefined ? [] : [patient]),
    authorDevice(options.softwareVersion),
    ...problems,
    ...medications,
    ...allergies,
    ...procedures,
    ...results,
    ...plans,
    ...ozoneCare,
  ];
  return {
    resourceType: 'Bundle',
    identifier: { system: API.documentIdentifier, value: options.documentId },
    type: 'document',
    timestamp: options.timestamp,
    entry: entries.map((resource) => ({ fullUrl: fullUrlOf(options.base, resource), resource })),
  };
}
