// The FHIR API's resources, built from a record with something of every kind (testing/full-record.ts): valid R4,
// required bindings honoured, SPEC-INTEROP §2 profiles, IPS document rules, and read back by extractRecord as the
// same facts and history.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Bundle, DetectedIssue, MedicationRequest, Resource } from '@medplum/fhirtypes';
import type { Fact } from '../../clinical/facts.ts';
import { extractRecord } from '../extract-record.ts';
import { parseOrder } from '../parse-order.ts';
import { checkRequiredBindings } from '../testing/required-bindings.ts';
import { AS_OF, fullRecord, PATIENT_ID } from '../testing/full-record.ts';
import { validateR4 } from '../testing/validate-r4.ts';
import { OVERRIDE_REASON_SYSTEM, RULE_SYSTEM } from '../urls.ts';
import { auditEventResource } from './audit-event.ts';
import { searchsetBundle } from './bundles.ts';
import { capabilityStatement } from './capability-statement.ts';
import { COMPARTMENT_TYPES, compartmentResources } from './compartment.ts';
import { ipsDocument } from './ips-summary.ts';
import { patientResource } from './patient.ts';
import type { PatientRecord } from './record.ts';

const BASE = 'https://clinic.example/fhir/R4';
const summaryOf = (record: PatientRecord): Bundle =>
  ipsDocument(record, {
    base: BASE,
    documentId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    timestamp: AS_OF,
    softwareVersion: '0.1.0',
  });

const emptyRecord = (): PatientRecord => ({
  ...fullRecord(),
  facts: [],
  intakes: [],
  plans: [],
  orders: [],
  detectedIssues: [],
  consents: [],
  sessions: [],
  adverseEvents: [],
  outcomes: [],
});

const auditEvent = auditEventResource({
  seq: 42,
  id: '6a3c1f5e-0d1b-4a8e-9f2c-3b4d5e6f7a8b',
  at: AS_OF,
  actorId: '00000000-0000-4000-8000-000000000800',
  actorRole: 'physician',
  action: 'session.read',
  patientId: PATIENT_ID,
  resource: 'ozone_session/00000000-0000-4000-8000-000000000400',
  outcome: 'success',
  sourceIp: '192.0.2.10',
  requestId: 'req-1',
  detail: { count: 1 },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
});

/** Every resource kind the API emits, once or more. */
function everythingEmitted(): Resource[] {
  const resources = compartmentResources(fullRecord());
  return [
    ...resources,
    auditEvent,
    capabilityStatement({ base: BASE, softwareVersion: '0.1.0', date: AS_OF }),
    searchsetBundle(
      { base: BASE, resources, total: resources.length, self: `${BASE}/Observation` },
      'search-1',
    ),
    summaryOf(fullRecord()),
    summaryOf(emptyRecord()),
    patientResource(fullRecord().patient, { effective: '2026-11-26' }),
    patientResource(fullRecord().patient, {}),
  ];
}

describe('the resources the FHIR API emits', () => {
  test('every emitted resource is valid R4, and every served type is emitted', () => {
    const emitted = everythingEmitted();
    for (const resource of emitted) {
      assert.doesNotThrow(() => validateR4(resource), `${resource.resourceType}/${resource.id ?? ''}`);
    }
    const types = new Set(emitted.map((r) => r.resourceType));
    for (const type of [...COMPARTMENT_TYPES, 'AuditEvent', 'Bundle', 'CapabilityStatement']) {
      assert.ok(types.has(type as Resource['resourceType']), `${type} is emitted`);
    }
  });

  test('the validator used here does refuse invalid R4 (so the test above can fail)', () => {
    assert.throws(() => validateR4({ resourceType: 'Observation', status: 'final' } as Resource), /code/);
  });

  test('coded elements with required bindings use codes of their value sets', () => {
    const report = { violations: [] as string[], checked: new Set<string>() };
    for (const resource of everythingEmitted()) checkRequiredBindings(resource, report);
    assert.deepEqual(report.violations, []);
    for (const path of [
      'Bundle.type',
      'Bundle.entry.search.mode',
      'Observation.status',
      'Condition.clinicalStatus.coding.code',
      'MedicationStatement.status',
      'AllergyIntolerance.clinicalStatus.coding.code',
      'MedicationRequest.status',
      'MedicationRequest.intent',
      'Procedure.status',
      'CarePlan.status',
      'CarePlan.activity.detail.status',
      'Consent.status',
      'AdverseEvent.severity.coding.code',
      'DetectedIssue.severity',
      'QuestionnaireResponse.status',
      'AuditEvent.action',
      'AuditEvent.outcome',
      'Composition.status',
      'CapabilityStatement.kind',
    ]) {
      assert.ok(report.checked.has(path), `${path} was checked`);
    }
    assert.deepEqual(
      checkRequiredBindings({ resourceType: 'Procedure', status: 'done' }).violations,
      ['Procedure.status = done'],
      'the check itself refuses a code outside the value set',
    );
  });

  test('statuses follow the record: signed, draft and started sessions; active, unsigned and withdrawn consents', () => {
    const resources = compartmentResources(fullRecord());
    const status = (type: string) =>
      resources.filter((r) => r.resourceType === type).map((r) => (r as { status?: string }).status);
    assert.deepEqual(status('Procedure'), ['completed', 'preparation', 'in-progress']);
    assert.deepEqual(status('Consent'), ['active', 'proposed', 'inactive']);
    assert.deepEqual(status('MedicationRequest'), ['active', 'stopped']);
    assert.deepEqual(status('CarePlan'), ['active', 'revoked']);
  });
});

describe('ozone orders as MedicationRequest (SPEC-INTEROP §2)', () => {
  test('an order reads back through parseOrder with the same technique, goal and values', () => {
    const record = fullRecord();
    const requests = compartmentResources(record).filter(
      (r): r is MedicationRequest => r.resourceType === 'MedicationRequest',
    );
    assert.equal(requests.length, 2);
    const [signed, discontinued] = record.orders;
    const read = parseOrder(requests[0]);
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.order.technique, signed?.technique);
    assert.equal(read.order.goal?.code, 'knee-osteoarthritis');
    assert.equal(read.order.concentrationUgPerMl, 25);
    assert.equal(read.order.gasVolumeMl, 10);
    const second = parseOrder(requests[1]);
    assert.ok(second.ok, JSON.stringify(second));
    assert.equal(second.order.durationMin, discontinued?.durationMin);
    assert.equal(second.order.bloodVolumeMl, 0);
  });
});

describe('alerts and overrides as DetectedIssue', () => {
  const issues = () =>
    compartmentResources(fullRecord()).filter((r): r is DetectedIssue => r.resourceType === 'DetectedIssue');
  const codesOf = (issue: DetectedIssue | undefined) =>
    issue?.code?.coding?.map((c) => `${c.system}|${c.code}`);

  test('a dose above its limit is DOSEH, below is DOSEL, any other rule its rule id; each keeps its rule id', () => {
    const byId = new Map(issues().map((i) => [i.id, i]));
    const act = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
    assert.deepEqual(codesOf(byId.get('00000000-0000-4000-8000-000000000300')), [
      `${act}|DOSEH`,
      `${RULE_SYSTEM}|dose.concentration-above-soft-max`,
    ]);
    assert.deepEqual(codesOf(byId.get('00000000-0000-4000-8000-000000000301')), [
      `${act}|DOSEL`,
      `${RULE_SYSTEM}|dose.volume-below-soft-min`,
    ]);
    assert.deepEqual(codesOf(byId.get('00000000-0000-4000-8000-000000000302')), [
      `${RULE_SYSTEM}|consent.expired`,
    ]);
  });

  test('an override carries its coded reason (SPEC-INTEROP §1) and comment; an alert nobody overrode has none', () => {
    const byId = new Map(issues().map((i) => [i.id, i]));
    const other = byId.get('00000000-0000-4000-8000-000000000301');
    assert.deepEqual(other?.mitigation?.[0]?.action?.coding, [
      { system: OVERRIDE_REASON_SYSTEM, code: 'other' },
    ]);
    assert.equal(other?.detail, 'small knee');
    const alerts = issues().filter((i) => i.id?.includes('-finding-'));
    assert.deepEqual(
      alerts.map((a) => codesOf(a)),
      [[`${RULE_SYSTEM}|course.reassessment-due`]],
      'the overridden warning of the order is not repeated as an alert',
    );
    assert.equal(alerts[0]?.mitigation, undefined);
    assert.equal(alerts[0]?.severity, 'low');
  });
});

describe('Patient/$summary as an IPS document', () => {
  test('a document Bundle: identifier, timestamp, Composition first, every entry with a fullUrl it resolves to', () => {
    const bundle = summaryOf(fullRecord());
    assert.equal(bundle.type, 'document');
    assert.ok(bundle.identifier?.system && bundle.identifier.value);
    assert.equal(bundle.timestamp, AS_OF);
    const entries = bundle.entry ?? [];
    const composition = entries[0]?.resource;
    assert.equal(composition?.resourceType, 'Composition');
    assert.ok(entries.every((e) => e.fullUrl === `${BASE}/${e.resource?.resourceType}/${e.resource?.id}`));
    const urls = new Set(entries.map((e) => e.fullUrl));
    assert.equal(urls.size, entries.length, 'fullUrls are unique');
    assert.equal(
      composition?.resourceType === 'Composition' && composition.type.coding?.[0]?.code,
      '60591-5',
    );
    const references =
      composition?.resourceType === 'Composition'
        ? [
            composition.subject?.reference,
            ...(composition.author ?? []).map((a) => a.reference),
            ...(composition.section ?? []).flatMap((s) => (s.entry ?? []).map((e) => e.reference)),
          ]
        : [];
    for (const reference of references)
      assert.ok(urls.has(`${BASE}/${reference ?? ''}`), `${reference} resolves`);
  });

  test('the required sections are there, with entries: "no information" ones when the record is empty', () => {
    const sections = (bundle: Bundle) => {
      const composition = bundle.entry?.[0]?.resource;
      assert.equal(composition?.resourceType, 'Composition');
      return new Map(
        (composition?.resourceType === 'Composition' ? (composition.section ?? []) : []).map((s) => [
          s.code?.coding?.[0]?.code,
          s.entry?.map((e) => e.reference) ?? [],
        ]),
      );
    };
    const full = sections(summaryOf(fullRecord()));
    for (const code of ['11450-4', '10160-0', '48765-2', '47519-4', '30954-2', '18776-5']) {
      assert.ok((full.get(code) ?? []).length > 0, `section ${code} has entries`);
    }
    assert.deepEqual(
      full.get('47519-4'),
      ['Procedure/00000000-0000-4000-8000-000000000400'],
      'signed sessions only',
    );
    const empty = sections(summaryOf(emptyRecord()));
    assert.deepEqual([...empty.keys()], ['11450-4', '10160-0', '48765-2']);
    assert.deepEqual(empty.get('11450-4'), [`Condition/no-problem-info-${PATIENT_ID}`]);
    assert.deepEqual(empty.get('10160-0'), [`MedicationStatement/no-medication-info-${PATIENT_ID}`]);
    assert.deepEqual(empty.get('48765-2'), [`AllergyIntolerance/no-allergy-info-${PATIENT_ID}`]);
  });

  test('extractRecord reads the document back as the same facts, intake, sessions, outcomes and consents', () => {
    const record = fullRecord();
    const read = extractRecord(summaryOf(record));
    assert.ok(read.ok, JSON.stringify(read));
    assert.deepEqual(read.issues, []);
    const { facts, history } = read;
    assert.equal(facts.patientId, PATIENT_ID);
    assert.equal(facts.sex, 'female');
    assert.equal(facts.birthDate, '1968-04-02');
    const shape = (list: readonly Fact<unknown>[]) =>
      list.map((f) => JSON.stringify([f.value, f.effective ?? null])).sort();
    const kinds = new Set(record.facts.map((f) => f.kind));
    assert.equal(kinds.size, 18, 'every fact list is exercised');
    for (const kind of kinds) {
      const expected = record.facts
        .filter((f) => f.kind === kind)
        .map((f) => ({ value: f.value, effective: f.effective }));
      assert.deepEqual(shape(facts[kind]), shape(expected as Fact<unknown>[]), kind);
    }
    assert.deepEqual(facts.intake, record.intakes[0]?.intake);
    assert.deepEqual(history.sessions, [
      {
        id: '00000000-0000-4000-8000-000000000400',
        technique: 'intra-articular',
        performedAt: '2026-11-21T09:00:00.000Z',
        concentrationUgPerMl: 20,
        gasVolumeMl: 8,
        adverseEvents: [
          { grade: 1, reviewed: true, description: 'mild knee ache' },
          { grade: 3, reviewed: false, description: 'vasovagal syncope' },
        ],
      },
    ]);
    assert.deepEqual(
      history.outcomes.map((o) => [o.measure, o.value, o.recordedAt]),
      record.outcomes.map((o) => [o.measure, o.value, o.recordedAt]),
    );
    assert.deepEqual(
      history.consents?.map((c) => [c.id, c.status, c.techniques, c.signedAt, c.validUntil]),
      record.consents.map((c) => [
        c.id,
        c.withdrawn ? 'withdrawn' : c.countersignature ? 'signed' : 'unsigned',
        c.techniques,
        c.patientSignature.signedAt,
        c.validUntil,
      ]),
    );
  });
});

describe('audit rows as AuditEvent (IHE BALP)', () => {
  test('a read of a session: rest/read, the user as information recipient, the patient and the Procedure as entities', () => {
    assert.equal(auditEvent.type.code, 'rest');
    assert.deepEqual(
      auditEvent.subtype?.map((c) => c.code),
      ['read', 'session.read'],
    );
    assert.equal(auditEvent.action, 'R');
    assert.equal(auditEvent.outcome, '0');
    const [user, client, server] = auditEvent.agent;
    assert.equal(user?.type?.coding?.[0]?.code, 'IRCP');
    assert.equal(user?.requestor, true);
    assert.equal(client?.type?.coding?.[0]?.code, '110153');
    assert.equal(client?.network?.address, '192.0.2.10');
    assert.equal(server?.type?.coding?.[0]?.code, '110152');
    const whats = auditEvent.entity?.map((e) => e.what?.reference ?? e.what?.identifier?.value);
    assert.deepEqual(whats, [
      `Patient/${PATIENT_ID}`,
      'Procedure/00000000-0000-4000-8000-000000000400',
      '6a3c1f5e-0d1b-4a8e-9f2c-3b4d5e6f7a8b',
    ]);
    const chain = auditEvent.entity?.[2]?.detail?.map((d) => [d.type, d.valueString]);
    assert.deepEqual(chain?.slice(0, 3), [
      ['seq', '42'],
      ['prev-hash', 'a'.repeat(64)],
      ['hash', 'b'.repeat(64)],
    ]);
  });
});
