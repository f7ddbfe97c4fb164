// GET /fhir/R4/metadata: what this server implements, exactly (R4 CapabilityStatement, kind `instance`): read and
// search-type per served type with their search parameters, Patient $everything and $summary, JSON only.

import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
  ResourceType,
} from '@medplum/fhirtypes';
import { COMPARTMENT_TYPES } from './compartment.ts';
import { SEARCH_PARAMS } from './search.ts';

export interface CapabilityOptions {
  readonly base: string;
  readonly softwareVersion: string;
  /** When the statement was generated (R4 requires `date`). */
  readonly date: string;
}

const COMMON_PARAMS: CapabilityStatementRestResourceSearchParam[] = [
  { name: '_id', type: 'token', documentation: 'the resource id' },
  { name: '_count', type: 'number', documentation: 'page size, 1–200 (default 50)' },
  {
    name: '_offset',
    type: 'number',
    documentation: 'where the page starts, for the next and previous links',
  },
  { name: '_sort', type: 'special', documentation: 'date, -date, _id or -_id (default -date)' },
];

function resourceOf(type: ResourceType): CapabilityStatementRestResource {
  const searchParam = [
    ...COMMON_PARAMS,
    ...(SEARCH_PARAMS[type] ?? []).map((definition): CapabilityStatementRestResourceSearchParam => ({
      name: definition.name,
      type: definition.type,
      documentation: definition.documentation,
    })),
  ];
  return {
    type,
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    searchParam,
    ...(type === 'Patient'
      ? {
          operation: [
            {
              name: 'everything',
              definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
              documentation: 'every resource of the patient compartment this server serves, one searchset',
            },
            {
              name: 'summary',
              definition: 'http://hl7.org/fhir/uv/ips/OperationDefinition/summary',
              documentation: 'an International Patient Summary document (IPS 1.1)',
            },
          ],
        }
      : {}),
  };
}

export function capabilityStatement(options: CapabilityOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date,
    publisher: 'o3care',
    kind: 'instance',
    software: { name: 'o3care', version: options.softwareVersion },
    implementation: { description: 'o3care FHIR R4 API', url: options.base },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Read-only access to the ozone-care record; every access is audited.',
        security: {
          cors: false,
          description:
            'A signed-in session (patients see only their own compartment), or `Authorization: Bearer <token>` ' +
            'for a system client created with `o3care client create`; the token’s role decides what it may read.',
        },
        resource: [...COMPARTMENT_TYPES, 'AuditEvent' as const].map(resourceOf),
      },
    ],
  };
}
