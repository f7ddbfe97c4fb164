// A treatment consent → Consent as docs/decisions/0003 reads it back: `active` once countersigned, `proposed` while
// the countersignature is missing, `inactive` after withdrawal (R4 consent-state-codes); dateTime = the patient's
// signature; provision.code = the techniques; provision.period.end = valid until. The physician's countersignature
// is a verification. R4 requires scope and category (1..*) and a policy or policyRule (ppc-1).

import type { Consent } from '@medplum/fhirtypes';
import { SYSTEMS } from '../../clinical/value-sets.ts';
import { TECHNIQUE_SYSTEM } from '../urls.ts';
import { concept, patientReference } from './common.ts';
import type { ConsentEntry } from './record.ts';

export function consentResource(patientId: string, consent: ConsentEntry): Consent {
  const status: Consent['status'] =
    consent.withdrawn !== undefined
      ? 'inactive'
      : consent.countersignature !== undefined
        ? 'active'
        : 'proposed';
  return {
    resourceType: 'Consent',
    id: consent.id,
    status,
    scope: concept('http://terminology.hl7.org/CodeSystem/consentscope', 'treatment', 'Treatment'),
    category: [concept(SYSTEMS.loinc, '59284-0', 'Consent Document')],
    patient: patientReference(patientId),
    dateTime: consent.patientSignature.signedAt,
    performer: [{ reference: `Patient/${patientId}`, display: consent.patientSignature.name }],
    // The consent template the patient signed (its text and the required discussion), by id.
    policy: [{ uri: `urn:uuid:${consent.templateId}` }],
    ...(consent.countersignature === undefined
      ? {}
      : {
          verification: [
            {
              verified: true,
              verificationDate: consent.countersignature.at,
            },
          ],
        }),
    provision: {
      type: 'permit',
      period: {
        start: consent.patientSignature.signedAt,
        end: consent.validUntil,
      },
      code: consent.techniques.map((technique) => concept(TECHNIQUE_SYSTEM, technique)),
    },
  };
}
