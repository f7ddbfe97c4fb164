// The R4 (4.0.1) required bindings of the elements o3care's FHIR API writes, checked by our own tests: the
// @medplum/core validator checks structure and invariants but skips terminology (SPEC-INTEROP §4). Each path is
// `Type.element.element` with arrays passed through; a resource inside a Bundle entry starts its own path.

const set = (...codes: string[]): ReadonlySet<string> => new Set(codes);

export const REQUIRED_BINDINGS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Patient.gender', set('male', 'female', 'other', 'unknown')],
  ['Patient.name.use', set('usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden')],
  ['Patient.telecom.system', set('phone', 'fax', 'email', 'pager', 'url', 'sms', 'other')],
  ['Patient.identifier.use', set('usual', 'official', 'temp', 'secondary', 'old')],
  [
    'Condition.clinicalStatus.coding.code',
    set('active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'),
  ],
  [
    'Condition.verificationStatus.coding.code',
    set('unconfirmed', 'provisional', 'differential', 'confirmed', 'refuted', 'entered-in-error'),
  ],
  [
    'Observation.status',
    set(
      'registered',
      'preliminary',
      'final',
      'amended',
      'corrected',
      'cancelled',
      'entered-in-error',
      'unknown',
    ),
  ],
  [
    'MedicationStatement.status',
    set('active', 'completed', 'entered-in-error', 'intended', 'stopped', 'on-hold', 'unknown', 'not-taken'),
  ],
  ['AllergyIntolerance.clinicalStatus.coding.code', set('active', 'inactive', 'resolved')],
  [
    'AllergyIntolerance.verificationStatus.coding.code',
    set('unconfirmed', 'confirmed', 'refuted', 'entered-in-error'),
  ],
  ['AllergyIntolerance.type', set('allergy', 'intolerance')],
  [
    'MedicationRequest.status',
    set('active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'),
  ],
  [
    'MedicationRequest.intent',
    set(
      'proposal',
      'plan',
      'order',
      'original-order',
      'reflex-order',
      'filler-order',
      'instance-order',
      'option',
    ),
  ],
  [
    'MedicationRequest.dosageInstruction.timing.repeat.durationUnit',
    set('s', 'min', 'h', 'd', 'wk', 'mo', 'a'),
  ],
  [
    'Procedure.status',
    set(
      'preparation',
      'in-progress',
      'not-done',
      'on-hold',
      'stopped',
      'completed',
      'entered-in-error',
      'unknown',
    ),
  ],
  [
    'CarePlan.status',
    set('draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'),
  ],
  ['CarePlan.intent', set('proposal', 'plan', 'order', 'option')],
  [
    'CarePlan.activity.detail.status',
    set(
      'not-started',
      'scheduled',
      'in-progress',
      'on-hold',
      'completed',
      'cancelled',
      'stopped',
      'unknown',
      'entered-in-error',
    ),
  ],
  [
    'CarePlan.activity.detail.kind',
    set(
      'Appointment',
      'CommunicationRequest',
      'DeviceRequest',
      'MedicationRequest',
      'NutritionOrder',
      'Task',
      'ServiceRequest',
      'VisionPrescription',
    ),
  ],
  ['Consent.status', set('draft', 'proposed', 'active', 'rejected', 'inactive', 'entered-in-error')],
  ['Consent.provision.type', set('deny', 'permit')],
  ['AdverseEvent.actuality', set('actual', 'potential')],
  ['AdverseEvent.severity.coding.code', set('mild', 'moderate', 'severe')],
  [
    'DetectedIssue.status',
    set(
      'registered',
      'preliminary',
      'final',
      'amended',
      'corrected',
      'cancelled',
      'entered-in-error',
      'unknown',
    ),
  ],
  ['DetectedIssue.severity', set('high', 'moderate', 'low')],
  ['QuestionnaireResponse.status', set('in-progress', 'completed', 'amended', 'entered-in-error', 'stopped')],
  ['AuditEvent.action', set('C', 'R', 'U', 'D', 'E')],
  ['AuditEvent.outcome', set('0', '4', '8', '12')],
  ['AuditEvent.agent.network.type', set('1', '2', '3', '4', '5')],
  [
    'Bundle.type',
    set(
      'document',
      'message',
      'transaction',
      'transaction-response',
      'batch',
      'batch-response',
      'history',
      'searchset',
      'collection',
    ),
  ],
  ['Bundle.entry.search.mode', set('match', 'include', 'outcome')],
  ['Composition.status', set('preliminary', 'final', 'amended', 'entered-in-error')],
  ['Composition.confidentiality', set('U', 'L', 'M', 'N', 'R', 'V')],
  [
    'Device.deviceName.type',
    set(
      'udi-label-name',
      'user-friendly-name',
      'patient-reported-name',
      'manufacturer-name',
      'model-name',
      'other',
    ),
  ],
  ['CapabilityStatement.status', set('draft', 'active', 'retired', 'unknown')],
  ['CapabilityStatement.kind', set('instance', 'capability', 'requirements')],
  ['CapabilityStatement.fhirVersion', set('4.0.1')],
  ['CapabilityStatement.rest.mode', set('client', 'server')],
  [
    'CapabilityStatement.rest.resource.interaction.code',
    set(
      'read',
      'vread',
      'update',
      'patch',
      'delete',
      'history-instance',
      'history-type',
      'create',
      'search-type',
    ),
  ],
  ['CapabilityStatement.rest.resource.versioning', set('no-version', 'versioned', 'versioned-update')],
  [
    'CapabilityStatement.rest.resource.searchParam.type',
    set('number', 'date', 'string', 'token', 'reference', 'composite', 'quantity', 'uri', 'special'),
  ],
  ['OperationOutcome.issue.severity', set('fatal', 'error', 'warning', 'information')],
  [
    'OperationOutcome.issue.code',
    set(
      'invalid',
      'structure',
      'required',
      'value',
      'invariant',
      'security',
      'login',
      'unknown',
      'expired',
      'forbidden',
      'suppressed',
      'processing',
      'not-supported',
      'duplicate',
      'multiple-matches',
      'not-found',
      'deleted',
      'too-long',
      'code-invalid',
      'extension',
      'too-costly',
      'business-rule',
      'conflict',
      'transient',
      'lock-error',
      'no-store',
      'exception',
      'timeout',
      'incomplete',
      'throttled',
      'informational',
    ),
  ],
]);

/** Narrative.status, wherever a narrative appears. */
const NARRATIVE_STATUS = set('generated', 'extensions', 'additional', 'empty');

export interface BindingReport {
  /** `path = value` for each coded value outside its required value set. */
  readonly violations: string[];
  /** The binding paths seen, so a test can prove it looked. */
  readonly checked: Set<string>;
}

/** Walks a resource (and the resources inside Bundle entries) and checks every required binding it meets. */
export function checkRequiredBindings(
  resource: unknown,
  report: BindingReport = { violations: [], checked: new Set() },
): BindingReport {
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, path);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (typeof record.resourceType === 'string' && path.endsWith('.resource')) {
        checkRequiredBindings(record, report);
        return;
      }
      for (const [key, child] of Object.entries(record)) {
        if (key === 'status' && path.endsWith('.text')) {
          if (!NARRATIVE_STATUS.has(String(child)))
            report.violations.push(`${path}.status = ${String(child)}`);
          continue;
        }
        walk(child, `${path}.${key}`);
      }
      return;
    }
    const allowed = REQUIRED_BINDINGS.get(path);
    if (allowed === undefined) return;
    report.checked.add(path);
    if (!allowed.has(String(value))) report.violations.push(`${path} = ${String(value)}`);
  };
  const type = (resource as { resourceType?: unknown }).resourceType;
  walk(resource, typeof type === 'string' ? type : '?');
  return report;
}
