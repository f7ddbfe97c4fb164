// Alerts and overrides → DetectedIssue (SPEC-INTEROP §4). A dose finding above or below its limit is coded with the
// v3 ActCode DOSEH / DOSEL (R4 DetectedIssue.code, example binding DetectedIssueCategory); every issue also carries
// the rule id in o3care's rule system. An overridden warning records its coded reason (SPEC-INTEROP §1) as the
// mitigation. `detected_issue` rows are the overrides; findings stored with an order that nobody had to override
// (info findings) are the alerts.

import type { CodeableConcept, Coding, DetectedIssue, Reference } from '@medplum/fhirtypes';
import type { Severity } from '../../clinical/findings.ts';
import { OVERRIDE_REASON_SYSTEM, RULE_SYSTEM } from '../urls.ts';
import { coding, derivedId, patientReference, userReference } from './common.ts';
import type { DetectedIssueEntry, OrderEntry } from './record.ts';

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** R4 detectedissue-severity (required binding). */
const SEVERITY: Readonly<Record<Severity, 'high' | 'moderate' | 'low'>> = {
  'hard-stop': 'high',
  warning: 'moderate',
  info: 'low',
};

/** DOSEH for `dose.*-above-*`, DOSEL for `dose.*-below-*`: the v3 ActCode dose-limit findings. */
export function doseActCode(ruleId: string): Coding | undefined {
  if (!ruleId.startsWith('dose.')) return undefined;
  if (ruleId.includes('-above-')) return coding(ACT_CODE, 'DOSEH', 'High Dose Alert');
  if (ruleId.includes('-below-')) return coding(ACT_CODE, 'DOSEL', 'Low Dose Alert');
  return undefined;
}

function issueCode(ruleId: string): CodeableConcept {
  const act = doseActCode(ruleId);
  const rule = coding(RULE_SYSTEM, ruleId);
  return { coding: act === undefined ? [rule] : [act, rule] };
}

function implicated(issue: { readonly orderId?: string; readonly sessionId?: string }): Reference[] {
  if (issue.orderId !== undefined) return [{ reference: `MedicationRequest/${issue.orderId}` }];
  if (issue.sessionId !== undefined) return [{ reference: `Procedure/${issue.sessionId}` }];
  return [];
}

/** An overridden warning (or a stored finding of a session or order) as a DetectedIssue. */
export function overrideIssueResource(patientId: string, issue: DetectedIssueEntry): DetectedIssue {
  const refs = implicated(issue);
  return {
    resourceType: 'DetectedIssue',
    id: issue.id,
    status: 'final',
    code: issueCode(issue.ruleId),
    severity: SEVERITY[issue.severity],
    patient: patientReference(patientId),
    identifiedDateTime: issue.overriddenAt,
    ...(refs.length > 0 ? { implicated: refs } : {}),
    ...(issue.overrideReason === undefined
      ? {}
      : {
          mitigation: [
            {
              action: { coding: [coding(OVERRIDE_REASON_SYSTEM, issue.overrideReason)] },
              date: issue.overriddenAt,
              author: userReference(issue.overriddenBy),
            },
          ],
        }),
    ...(issue.comment === undefined ? {} : { detail: issue.comment }),
  };
}

/**
 * The findings an order was signed with that no override row covers (info findings, and warnings whose override
 * lives in `detected_issue`): alerts shown to the prescriber. Ids are `<order id>-finding-<n>`.
 */
export function orderAlertResources(
  patientId: string,
  order: OrderEntry,
  overrides: readonly DetectedIssueEntry[],
): DetectedIssue[] {
  const overridden = new Set(overrides.filter((o) => o.orderId === order.id).map((o) => o.ruleId));
  return order.findings.flatMap((finding, index) =>
    overridden.has(finding.ruleId)
      ? []
      : [
          {
            resourceType: 'DetectedIssue',
            id: derivedId(`${order.id}-finding`, String(index)),
            status: 'final',
            code: issueCode(finding.ruleId),
            severity: SEVERITY[finding.severity],
            patient: patientReference(patientId),
            identifiedDateTime: order.signedAt,
            implicated: [{ reference: `MedicationRequest/${order.id}` }],
            detail: finding.message,
          } satisfies DetectedIssue,
        ],
  );
}
