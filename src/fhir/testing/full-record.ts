// A patient record with something of every kind the FHIR API serves: every fact list, intake, plans (active and
// stopped), orders (signed and discontinued, with findings), overrides (dose above and below a limit, and a rule
// that is not a dose rule), consents in each state, sessions (signed, draft, started draft), graded adverse events
// and outcomes with and without units. The resource mappers' tests and the IPS round trip start from it.

import type { Finding } from '../../clinical/findings.ts';
import type { FactEntry, PatientRecord } from '../resources/record.ts';

export const AS_OF = '2026-11-27T09:00:00.000Z';
export const PATIENT_ID = '0b0b5d4e-3c4e-4f4a-9a57-1d2e3f4a5b6c';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const fact = (
  n: number,
  entry: Omit<FactEntry, 'id' | 'source' | 'provenance' | 'recordedAt'> & {
    readonly source?: 'clinic' | 'import';
    readonly code?: string;
  },
): FactEntry =>
  ({
    id: id(n),
    source: entry.source ?? 'clinic',
    provenance: { resource: `intake/${id(900)}`, ...(entry.code === undefined ? {} : { code: entry.code }) },
    recordedAt: '2026-11-20T10:00:00.000Z',
    kind: entry.kind,
    value: entry.value,
    ...(entry.effective === undefined ? {} : { effective: entry.effective }),
  }) as FactEntry;

export const FACTS: readonly FactEntry[] = [
  fact(1, { kind: 'weightKg', value: 80, effective: '2026-11-01' }),
  fact(2, { kind: 'heightCm', value: 180, effective: '2026-11-01' }),
  fact(3, {
    kind: 'haemoglobinGPerDl',
    value: 13.5,
    effective: '2026-11-02T08:30:00Z',
    code: 'http://loinc.org|718-7',
  }),
  fact(4, {
    kind: 'g6pd',
    value: 'deficient',
    effective: '2025-06',
    source: 'import',
    code: 'http://loinc.org|32546-4',
  }),
  fact(5, { kind: 'pregnancy', value: { pregnant: false, basis: 'status' }, effective: '2026-11-20' }),
  fact(6, { kind: 'pregnancy', value: { pregnant: false, basis: 'test' }, effective: '2026-11-19' }),
  fact(7, { kind: 'pregnancy', value: { pregnant: true, basis: 'diagnosis' }, effective: '2024-02-01' }),
  fact(8, {
    kind: 'hyperthyroidism',
    value: { crisis: true },
    effective: '2023',
    code: 'http://hl7.org/fhir/sid/icd-10-cm|E05.01',
  }),
  fact(9, { kind: 'hyperthyroidism', value: { crisis: false }, effective: '2022-03-04' }),
  fact(10, { kind: 'tshMiuPerL', value: 0.2, effective: '2026-11-02' }),
  fact(11, { kind: 'freeT4AboveRange', value: true, effective: '2026-11-02' }),
  fact(12, { kind: 'plateletsE9PerL', value: 250, effective: '2026-11-02' }),
  // Imported without a date: it must stay undated on the way back.
  fact(13, { kind: 'thrombocytopenia', value: true, source: 'import' }),
  fact(14, { kind: 'coagulationDisorder', value: true, effective: '2020' }),
  fact(15, { kind: 'inr', value: 1.1, effective: '2026-11-02' }),
  fact(16, {
    kind: 'medications',
    value: { drugClass: 'vka', name: 'Warfarin 5 mg tablet' },
    effective: '2026-01-10',
    code: 'http://www.whocc.no/atc|B01AA03',
  }),
  fact(17, {
    kind: 'medications',
    value: { drugClass: 'anticoagulant', name: 'apixaban' },
    code: 'text:apixaban',
  }),
  fact(18, { kind: 'cardiovascularInstability', value: true, effective: '2026-10-30' }),
  fact(19, { kind: 'myocardialInfarction', value: true, effective: '2026-09' }),
  fact(20, { kind: 'seizureDisorder', value: true, effective: '2019' }),
  fact(21, { kind: 'alcoholIntoxication', value: true, effective: '2026-11-26T22:00:00Z' }),
  fact(22, { kind: 'ozoneIntolerance', value: true, effective: '2025-05-05' }),
];

const finding = (ruleId: Finding['ruleId'], severity: Finding['severity']): Finding => ({
  ruleId,
  severity,
  techniques: ['intra-articular'],
  messageKey: `rules.${ruleId}`,
  params: {},
  message: `${ruleId} fired`,
  evidence: [],
  source: 'governance',
});

const PHYSICIAN = id(800);
const NURSE = id(801);

export function fullRecord(): PatientRecord {
  return {
    patient: {
      id: PATIENT_ID,
      givenName: 'Ana',
      familyName: 'Lindqvist',
      birthDate: '1968-04-02',
      sex: 'female',
      identifiers: [{ system: 'urn:oid:2.16.840.1.113883.2.9.4.3.2', value: 'LNDANA68D42' }],
      email: 'ana@example.org',
      phone: '+46 70 123 45 67',
      preferredLanguage: 'sv',
      updatedAt: '2026-11-20T10:00:00.000Z',
    },
    facts: FACTS,
    intakes: [
      {
        id: id(900),
        version: 1,
        recordedAt: '2026-11-20T10:00:00.000Z',
        intake: {
          goal: { code: 'knee-osteoarthritis', text: 'walk the dog again' },
          fundamentalsAssessed: ['sleep', 'movement'],
          expectsCure: false,
          oxidativeBurden: 'moderate',
          unstableMedicalIssues: false,
        },
      },
    ],
    plans: [
      {
        id: id(100),
        goal: { code: 'knee-osteoarthritis', text: 'walk the dog again' },
        technique: 'intra-articular',
        escalationSchedule: [
          { concentrationUgPerMl: 10, gasVolumeMl: 10 },
          { concentrationUgPerMl: 20, gasVolumeMl: 10 },
        ],
        courseSessions: 6,
        programme: [{ component: 'rehabilitation', timing: 'alongside', note: 'physiotherapy twice a week' }],
        status: 'active',
        createdBy: PHYSICIAN,
        createdAt: '2026-11-20T11:00:00.000Z',
      },
      {
        id: id(101),
        goal: { code: 'knee-osteoarthritis' },
        technique: 'intra-articular',
        escalationSchedule: [{ concentrationUgPerMl: 10 }],
        courseSessions: 3,
        programme: [],
        status: 'stopped',
        createdBy: PHYSICIAN,
        createdAt: '2025-01-10T11:00:00.000Z',
        closed: { by: PHYSICIAN, at: '2025-02-01T09:00:00.000Z', note: 'no response' },
      },
    ],
    orders: [
      {
        id: id(200),
        planId: id(100),
        technique: 'intra-articular',
        goal: { code: 'knee-osteoarthritis', text: 'walk the dog again' },
        concentrationUgPerMl: 25,
        gasVolumeMl: 10,
        findings: [
          finding('dose.concentration-above-soft-max', 'warning'),
          finding('course.reassessment-due', 'info'),
        ],
        status: 'signed',
        signedBy: PHYSICIAN,
        signedAt: '2026-11-20T11:05:00.000Z',
      },
      {
        id: id(201),
        planId: id(101),
        technique: 'intra-articular',
        concentrationUgPerMl: 10,
        gasVolumeMl: 5,
        bloodVolumeMl: 0,
        durationMin: 2,
        findings: [],
        status: 'discontinued',
        signedBy: PHYSICIAN,
        signedAt: '2025-01-10T11:05:00.000Z',
        discontinued: { by: PHYSICIAN, at: '2025-02-01T09:00:00.000Z', reason: 'no response' },
      },
    ],
    detectedIssues: [
      {
        id: id(300),
        orderId: id(200),
        ruleId: 'dose.concentration-above-soft-max',
        severity: 'warning',
        overrideReason: 'titration-plan',
        overriddenBy: PHYSICIAN,
        overriddenAt: '2026-11-20T11:05:00.000Z',
      },
      {
        id: id(301),
        sessionId: id(400),
        ruleId: 'dose.volume-below-soft-min',
        severity: 'warning',
        overrideReason: 'other',
        comment: 'small knee',
        overriddenBy: PHYSICIAN,
        overriddenAt: '2026-11-21T09:30:00.000Z',
      },
      {
        id: id(302),
        sessionId: id(400),
        ruleId: 'consent.expired',
        severity: 'warning',
        overrideReason: 'data-error-corrected',
        overriddenBy: PHYSICIAN,
        overriddenAt: '2026-11-21T09:30:00.000Z',
      },
    ],
    consents: [
      {
        id: id(500),
        templateId: id(510),
        techniques: ['intra-articular'],
        patientSignature: { name: 'Ana Lindqvist', signedAt: '2026-11-20T10:30:00.000Z', method: 'wet-ink' },
        countersignature: { by: PHYSICIAN, at: '2026-11-20T10:40:00.000Z' },
        validUntil: '2027-11-20T10:30:00.000Z',
      },
      {
        id: id(501),
        templateId: id(510),
        techniques: ['intra-articular', 'paravertebral-im'],
        patientSignature: { name: 'Ana Lindqvist', signedAt: '2026-11-25T10:30:00.000Z', method: 'portal' },
        validUntil: '2027-11-25T10:30:00.000Z',
      },
      {
        id: id(502),
        templateId: id(510),
        techniques: ['mah'],
        patientSignature: {
          name: 'Ana Lindqvist',
          signedAt: '2025-01-05T10:30:00.000Z',
          method: 'electronic',
        },
        countersignature: { by: PHYSICIAN, at: '2025-01-05T10:40:00.000Z' },
        validUntil: '2026-01-05T10:30:00.000Z',
        withdrawn: { at: '2025-03-01T08:00:00.000Z', recordedBy: NURSE, reason: 'changed her mind' },
      },
    ],
    sessions: [
      {
        id: id(400),
        orderId: id(200),
        technique: 'intra-articular',
        status: 'signed',
        startedAt: '2026-11-21T09:00:00.000Z',
        administered: { concentrationUgPerMl: 20, gasVolumeMl: 8, durationMin: 1 },
        operator: { id: NURSE, credentials: ['ozone-therapy', 'rn'] },
        supervisingPhysicianId: PHYSICIAN,
        imageGuidance: true,
        notes: 'tolerated well',
        signedBy: PHYSICIAN,
        signedAt: '2026-11-21T09:40:00.000Z',
        createdAt: '2026-11-21T08:50:00.000Z',
        updatedAt: '2026-11-21T09:40:00.000Z',
      },
      {
        id: id(401),
        orderId: id(200),
        technique: 'intra-articular',
        status: 'draft',
        scheduledAt: '2026-11-28T09:00:00.000Z',
        administered: {},
        createdAt: '2026-11-21T09:45:00.000Z',
        updatedAt: '2026-11-21T09:45:00.000Z',
      },
      {
        id: id(402),
        orderId: id(200),
        technique: 'intra-articular',
        status: 'draft',
        startedAt: '2026-11-27T08:55:00.000Z',
        administered: { concentrationUgPerMl: 20 },
        createdAt: '2026-11-27T08:50:00.000Z',
        updatedAt: '2026-11-27T08:55:00.000Z',
      },
    ],
    adverseEvents: [
      {
        id: id(600),
        sessionId: id(400),
        grade: 1,
        description: 'mild knee ache',
        reportedBy: NURSE,
        reportedAt: '2026-11-21T10:00:00.000Z',
        review: { by: PHYSICIAN, at: '2026-11-21T12:00:00.000Z', note: 'expected' },
      },
      {
        id: id(601),
        sessionId: id(400),
        grade: 3,
        description: 'vasovagal syncope',
        onsetAt: '2026-11-21T09:20:00.000Z',
        reportedBy: NURSE,
        reportedAt: '2026-11-21T09:25:00.000Z',
      },
    ],
    outcomes: [
      {
        id: id(700),
        planId: id(100),
        measure: 'pain-nrs',
        value: 6,
        phase: 'baseline',
        recordedAt: '2026-11-20T10:50:00.000Z',
        recordedBy: NURSE,
      },
      {
        id: id(701),
        measure: 'wound-area',
        value: 12.5,
        phase: 'baseline',
        recordedAt: '2026-11-20T10:51:00.000Z',
        recordedBy: NURSE,
      },
      {
        id: id(702),
        planId: id(100),
        measure: 'pain-free-walking-time',
        value: 120,
        phase: 'review',
        recordedAt: '2026-11-26T10:51:00.000Z',
        recordedBy: NURSE,
      },
    ],
  };
}
