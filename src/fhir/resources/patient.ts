// o3care patient → R4 Patient. The patient's own o3care id is added as an identifier, so that an IPS document taken
// home and brought back (SPEC-INTEROP §5) can be matched to the record by identifier first.

import type { ContactPoint, HumanName, Patient } from '@medplum/fhirtypes';
import { API } from '../urls.ts';
import type { DeceasedEntry, PatientInput } from './record.ts';

function nameOf(patient: PatientInput): HumanName[] {
  if (patient.givenName === undefined && patient.familyName === undefined) return [];
  return [
    {
      use: 'official',
      ...(patient.familyName === undefined ? {} : { family: patient.familyName }),
      ...(patient.givenName === undefined ? {} : { given: [patient.givenName] }),
    },
  ];
}

function telecomOf(patient: PatientInput): ContactPoint[] {
  const telecom: ContactPoint[] = [];
  if (patient.phone !== undefined) telecom.push({ system: 'phone', value: patient.phone });
  if (patient.email !== undefined) telecom.push({ system: 'email', value: patient.email });
  return telecom;
}

export function patientResource(patient: PatientInput, deceased?: DeceasedEntry): Patient {
  const name = nameOf(patient);
  const telecom = telecomOf(patient);
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: patient.updatedAt },
    identifier: [
      { use: 'usual', system: API.patientIdentifier, value: patient.id },
      ...patient.identifiers.map((identifier) => ({ system: identifier.system, value: identifier.value })),
    ],
    ...(name.length > 0 ? { name } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: patient.sex,
    ...(patient.birthDate === undefined ? {} : { birthDate: patient.birthDate }),
    ...(deceased === undefined
      ? {}
      : deceased.effective === undefined
        ? { deceasedBoolean: true }
        : { deceasedDateTime: deceased.effective }),
    ...(patient.preferredLanguage === undefined
      ? {}
      : {
          communication: [
            {
              language: { coding: [{ system: 'urn:ietf:bcp:47', code: patient.preferredLanguage }] },
              preferred: true,
            },
          ],
        }),
  };
}
