// A row of the hash-chained audit trail → AuditEvent following IHE Basic Audit Log Patterns (BALP 1.1): type `rest`
// (audit-event-type) with the RESTful interaction as subtype where the action is one (read, search, create, update),
// plus the o3care action itself; agents for the user (IRCP for reads, AGNT for changes, PAT when the patient acts
// — BALP UserAgentTypesVS), the client (DICOM 110153 Source Role ID, with its network address) and the server
// (110152 Destination Role ID); an entity for the patient (audit-entity-type 1, object-role 1) and one for the data
// (type 2 System Object, role 4 Domain Resource). The row's place in the hash chain travels as entity details, so a
// reader can re-check a link. Deviation: BALP profiles the audit of FHIR REST calls; o3care's trail also records
// sign-ins and clinical actions, which keep the same shape with their action as subtype.

import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding } from '@medplum/fhirtypes';
import { API } from '../urls.ts';
import { coding } from './common.ts';
import type { AuditEntryInput } from './record.ts';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const ROLE_CLASS = 'http://terminology.hl7.org/CodeSystem/v3-RoleClass';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';

/** Which FHIR interaction, and which R4 AuditEvent.action (C R U D E), an o3care action amounts to. */
function interactionOf(action: string): {
  readonly interaction?: string;
  readonly code: AuditEvent['action'];
} {
  const verb = action.slice(action.lastIndexOf('.') + 1);
  if (verb === 'read' || verb.startsWith('read-')) return { interaction: 'read', code: 'R' };
  if (verb === 'list' || verb === 'search') return { interaction: 'search-type', code: 'E' };
  if (verb === 'create' || verb === 'write') return { interaction: 'create', code: 'C' };
  if (verb === 'update' || verb === 'amend' || verb === 'enter-in-error')
    return { interaction: 'update', code: 'U' };
  return { code: 'E' };
}

/** R4 audit-event-outcome: 0 success, 4 minor failure (a refusal), 8 serious failure. */
const OUTCOME: Readonly<Record<AuditEntryInput['outcome'], AuditEvent['outcome']>> = {
  success: '0',
  denied: '4',
  error: '8',
};

/** o3care record types (`ozone_session/…`) → the FHIR resource each is served as. */
const SERVED_AS: Readonly<Record<string, string>> = {
  patient: 'Patient',
  ozone_session: 'Procedure',
  ozone_order: 'MedicationRequest',
  plan: 'CarePlan',
  consent: 'Consent',
  adverse_event: 'AdverseEvent',
  outcome_measure: 'Observation',
  clinical_fact: 'Observation',
};

function userAgent(row: AuditEntryInput, changes: boolean): AuditEventAgent {
  const type: Coding =
    row.actorRole === 'patient'
      ? coding(ROLE_CLASS, 'PAT', 'patient')
      : changes
        ? coding(ROLE_CLASS, 'AGNT', 'agent')
        : coding(PARTICIPATION, 'IRCP', 'information recipient');
  return {
    type: { coding: [type] },
    ...(row.actorRole === null ? {} : { role: [{ text: row.actorRole }] }),
    who: { identifier: { system: API.userIdentifier, value: row.actorId ?? 'anonymous' } },
    requestor: true,
  };
}

function dataEntity(row: AuditEntryInput): AuditEventEntity[] {
  if (row.resource === null) return [];
  const slash = row.resource.indexOf('/');
  const type = slash < 0 ? undefined : SERVED_AS[row.resource.slice(0, slash)];
  const id = row.resource.slice(slash + 1);
  return [
    {
      what:
        type === undefined || type === 'Patient'
          ? { identifier: { system: API.auditActionSystem, value: row.resource } }
          : { reference: `${type}/${id}` },
      type: coding(ENTITY_TYPE, '2', 'System Object'),
      role: coding(OBJECT_ROLE, '4', 'Domain Resource'),
    },
  ];
}

function chainEntity(row: AuditEntryInput): AuditEventEntity {
  const detail = [
    { type: 'seq', valueString: String(row.seq) },
    { type: 'prev-hash', valueString: row.prevHash },
    { type: 'hash', valueString: row.hash },
    ...(row.requestId === null ? [] : [{ type: 'request-id', valueString: row.requestId }]),
    // Ids and counts only (the trail never holds clinical content: store/audit-context.ts).
    ...(row.detail === null ? [] : [{ type: 'detail', valueString: JSON.stringify(row.detail) }]),
  ];
  return {
    what: { identifier: { system: API.auditChainSystem, value: row.id } },
    type: coding(ENTITY_TYPE, '4', 'Other'),
    detail,
  };
}

export function auditEventResource(row: AuditEntryInput): AuditEvent {
  const { interaction, code } = interactionOf(row.action);
  const changes = code === 'C' || code === 'U';
  const agents: AuditEventAgent[] = [
    userAgent(row, changes),
    {
      type: { coding: [coding(DCM, '110153', 'Source Role ID')] },
      who: { display: 'o3care client' },
      requestor: false,
      ...(row.sourceIp === null ? {} : { network: { address: row.sourceIp, type: '2' } }),
    },
    {
      type: { coding: [coding(DCM, '110152', 'Destination Role ID')] },
      who: { display: 'o3care' },
      requestor: false,
    },
  ];
  const entities: AuditEventEntity[] = [
    ...(row.patientId === null
      ? []
      : [
          {
            what: { reference: `Patient/${row.patientId}` },
            type: coding(ENTITY_TYPE, '1', 'Person'),
            role: coding(OBJECT_ROLE, '1', 'Patient'),
          },
        ]),
    ...dataEntity(row),
    chainEntity(row),
  ];
  return {
    resourceType: 'AuditEvent',
    id: row.id,
    type: coding(AUDIT_EVENT_TYPE, 'rest', 'Restful Operation'),
    subtype: [
      ...(interaction === undefined ? [] : [coding(RESTFUL_INTERACTION, interaction)]),
      coding(API.auditActionSystem, row.action),
    ],
    action: code,
    recorded: row.at,
    outcome: OUTCOME[row.outcome],
    ...(row.outcome === 'success' ? {} : { outcomeDesc: row.outcome }),
    agent: agents,
    source: {
      observer: { display: 'o3care' },
      type: [coding(SOURCE_TYPE, '4', 'Application Server')],
    },
    entity: entities,
  };
}
