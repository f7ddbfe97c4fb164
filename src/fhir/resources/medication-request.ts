// A signed ozone order → MedicationRequest in the profile of SPEC-INTEROP §2 (medication code, ozone-goal extension,
// dosage with the technique as method, concentration and blood-volume extensions, doseQuantity = gas volume), with
// the gas-bath exposure time as Dosage.timing.repeat.duration (docs/decisions/0003). A discontinued order is
// `stopped` (R4 medicationrequest-status).

import type { Dosage, MedicationRequest } from '@medplum/fhirtypes';
import { EXT, GOAL_SYSTEM, MEDICAL_OZONE_CODE, MEDICATION_SYSTEM, TECHNIQUE_SYSTEM } from '../urls.ts';
import { coding, concept, patientReference, quantityExtension, ucum, userReference } from './common.ts';
import type { OrderEntry } from './record.ts';

function dosageOf(order: OrderEntry): Dosage {
  const extension = [
    ...quantityExtension(EXT.ozoneConcentration, order.concentrationUgPerMl, 'ug/mL'),
    ...quantityExtension(EXT.bloodVolume, order.bloodVolumeMl, 'mL'),
  ];
  return {
    ...(extension.length > 0 ? { extension } : {}),
    method: concept(TECHNIQUE_SYSTEM, order.technique),
    ...(order.durationMin === undefined
      ? {}
      : { timing: { repeat: { duration: order.durationMin, durationUnit: 'min' } } }),
    ...(order.gasVolumeMl === undefined
      ? {}
      : { doseAndRate: [{ doseQuantity: ucum(order.gasVolumeMl, 'mL') }] }),
  };
}

export function medicationRequestResource(patientId: string, order: OrderEntry): MedicationRequest {
  const goalCode = order.goal?.code;
  return {
    resourceType: 'MedicationRequest',
    id: order.id,
    ...(goalCode === undefined
      ? {}
      : { extension: [{ url: EXT.ozoneGoal, valueCoding: coding(GOAL_SYSTEM, goalCode) }] }),
    status: order.status === 'signed' ? 'active' : 'stopped',
    ...(order.discontinued?.reason === undefined
      ? {}
      : { statusReason: { text: order.discontinued.reason } }),
    intent: 'order',
    medicationCodeableConcept: concept(MEDICATION_SYSTEM, MEDICAL_OZONE_CODE, 'Medical ozone'),
    subject: patientReference(patientId),
    authoredOn: order.signedAt,
    requester: userReference(order.signedBy),
    ...(order.goal?.text === undefined ? {} : { reasonCode: [{ text: order.goal.text }] }),
    basedOn: [{ reference: `CarePlan/${order.planId}` }],
    dosageInstruction: [dosageOf(order)],
  };
}
