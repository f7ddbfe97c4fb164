// An adverse event of a session → AdverseEvent referencing the session's Procedure (SPEC-INTEROP §2: "in o3care's own
// record, an AdverseEvent resource referencing it"). R4 AdverseEvent.severity (required binding mild | moderate |
// severe) is derived from the CTCAE grade: 1 mild, 2 moderate, 3–5 severe; the grade itself travels in the
// adverse-event-grade extension.

import type { AdverseEvent } from '@medplum/fhirtypes';
import { EXT } from '../urls.ts';
import { concept, patientReference, userReference } from './common.ts';
import type { AdverseEventEntry } from './record.ts';

const SEVERITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/adverse-event-severity';

function severityOf(grade: number): 'mild' | 'moderate' | 'severe' {
  if (grade <= 1) return 'mild';
  return grade === 2 ? 'moderate' : 'severe';
}

export function adverseEventResource(patientId: string, event: AdverseEventEntry): AdverseEvent {
  const severity = severityOf(event.grade);
  return {
    resourceType: 'AdverseEvent',
    id: event.id,
    extension: [
      { url: EXT.adverseEventGrade, valueInteger: event.grade },
      { url: EXT.adverseEventReviewed, valueBoolean: event.review !== undefined },
    ],
    actuality: 'actual',
    event: { text: event.description },
    subject: patientReference(patientId),
    date: event.onsetAt ?? event.reportedAt,
    recordedDate: event.reportedAt,
    recorder: userReference(event.reportedBy),
    severity: concept(SEVERITY_SYSTEM, severity),
    suspectEntity: [{ instance: { reference: `Procedure/${event.sessionId}` } }],
  };
}
