// An ozone session → Procedure (SPEC-INTEROP §2, docs/decisions/0003): the technique as code, the administered values
// as the ozone-concentration, gas-volume, blood-volume and duration extensions, who ran it as performers with the
// session-role function, and each adverse event as a complication with its grade and review state. A signed session
// is `completed`; a draft is `in-progress` once started, else `preparation` (R4 event-status).

import type { CodeableConcept, Extension, Procedure, ProcedurePerformer } from '@medplum/fhirtypes';
import { EXT, SESSION_ROLE_SYSTEM, TECHNIQUE_SYSTEM } from '../urls.ts';
import { concept, patientReference, quantityExtension, userReference } from './common.ts';
import type { AdverseEventEntry, SessionEntry } from './record.ts';

function performersOf(session: SessionEntry): ProcedurePerformer[] {
  const performers: ProcedurePerformer[] = [];
  if (session.operator !== undefined) {
    const credentials: Extension[] = session.operator.credentials.map((credential) => ({
      url: EXT.operatorCredential,
      valueCode: credential,
    }));
    performers.push({
      ...(credentials.length > 0 ? { extension: credentials } : {}),
      function: concept(SESSION_ROLE_SYSTEM, 'operator'),
      actor: userReference(session.operator.id),
    });
  }
  if (session.supervisingPhysicianId !== undefined) {
    performers.push({
      function: concept(SESSION_ROLE_SYSTEM, 'supervising-physician'),
      actor: userReference(session.supervisingPhysicianId),
    });
  }
  return performers;
}

function complicationOf(event: AdverseEventEntry): CodeableConcept {
  return {
    extension: [
      { url: EXT.adverseEventGrade, valueInteger: event.grade },
      { url: EXT.adverseEventReviewed, valueBoolean: event.review !== undefined },
    ],
    text: event.description,
  };
}

function statusOf(session: SessionEntry): Procedure['status'] {
  if (session.status === 'signed') return 'completed';
  return session.startedAt === undefined ? 'preparation' : 'in-progress';
}

export function procedureResource(
  patientId: string,
  session: SessionEntry,
  adverseEvents: readonly AdverseEventEntry[],
): Procedure {
  const { administered } = session;
  const extension: Extension[] = [
    ...quantityExtension(EXT.ozoneConcentration, administered.concentrationUgPerMl, 'ug/mL'),
    ...quantityExtension(EXT.gasVolume, administered.gasVolumeMl, 'mL'),
    ...quantityExtension(EXT.bloodVolume, administered.bloodVolumeMl, 'mL'),
    ...quantityExtension(EXT.duration, administered.durationMin, 'min'),
    ...(session.imageGuidance === undefined
      ? []
      : [{ url: EXT.imageGuidance, valueBoolean: session.imageGuidance }]),
  ];
  const performers = performersOf(session);
  const complications = adverseEvents.filter((e) => e.sessionId === session.id).map(complicationOf);
  return {
    resourceType: 'Procedure',
    id: session.id,
    meta: { lastUpdated: session.updatedAt },
    ...(extension.length > 0 ? { extension } : {}),
    basedOn: [{ reference: `MedicationRequest/${session.orderId}` }],
    status: statusOf(session),
    code: concept(TECHNIQUE_SYSTEM, session.technique),
    subject: patientReference(patientId),
    ...(session.startedAt === undefined ? {} : { performedDateTime: session.startedAt }),
    ...(performers.length > 0 ? { performer: performers } : {}),
    ...(complications.length > 0 ? { complication: complications } : {}),
    ...(session.notes === undefined ? {} : { note: [{ text: session.notes }] }),
  };
}
