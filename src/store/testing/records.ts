// Minimal rows for store tests: each helper inserts one record through its repository, with defaults a test
// overrides only where it matters. Test-only.

import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { DEFAULT_SETTINGS } from '../../clinical/library.ts';
import type { AuditContext } from '../audit-context.ts';
import { jsonb } from '../column-types.ts';
import { insertConsent, insertConsentTemplate } from '../consent.repository.ts';
import { REQUIRED_DISCUSSION_ITEMS } from '../consent.table.ts';
import { insertDecision } from '../decision.repository.ts';
import type { NewOrderRow } from '../order.repository.ts';
import { insertOrder } from '../order.repository.ts';
import type { NewSessionRow } from '../ozone-session.repository.ts';
import { insertSession } from '../ozone-session.repository.ts';
import type { NewPatientRow } from '../patient.repository.ts';
import { insertPatient } from '../patient.repository.ts';
import type { NewPlanRow } from '../plan.repository.ts';
import { insertPlan } from '../plan.repository.ts';
import { insertLibraryVersion } from '../protocol-library.repository.ts';
import type { LibraryDocument } from '../protocol-library.table.ts';
import type { Database } from '../schema.ts';

export const AT = new Date('2026-11-27T09:00:00Z');

export const CLINICIAN: AuditContext = { actorId: 'user-dr-a', actorRole: 'physician', requestId: 'req-1' };

/** A library document small enough for store tests (the store never reads its content). */
export const TINY_LIBRARY: LibraryDocument = {
  enabledTechniques: ['intra-articular'],
  entries: { 'intra-articular': { technique: 'intra-articular', sources: [], confidence: [] } },
  settings: DEFAULT_SETTINGS,
};

/** Runs `work` in a transaction and returns its result (the store's usual shape for a test step). */
export const inTransaction = <T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>) =>
  db.transaction().execute(work);

export function addPatient(trx: Transaction<Database>, overrides: Partial<NewPatientRow> = {}) {
  return insertPatient(trx, CLINICIAN, {
    id: randomUUID(),
    given_name: 'Ana',
    family_name: 'Test',
    birth_date: '1970-05-01',
    sex: 'female',
    created_by: CLINICIAN.actorId,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  });
}

export function addLibraryVersion(
  trx: Transaction<Database>,
  status: 'template' | 'draft' = 'draft',
  version = `test-${randomUUID().slice(0, 8)}`,
) {
  return insertLibraryVersion(trx, CLINICIAN, {
    id: randomUUID(),
    version,
    status,
    library: jsonb(TINY_LIBRARY),
    created_by: CLINICIAN.actorId,
    created_at: AT,
  });
}

export async function addPlan(
  trx: Transaction<Database>,
  patientId: string,
  libraryVersionId: string,
  overrides: Partial<NewPlanRow> = {},
) {
  const decision = await insertDecision(trx, CLINICIAN, {
    id: randomUUID(),
    patient_id: patientId,
    kind: 'plan',
    decided_by: CLINICIAN.actorId,
    decided_at: AT,
  });
  return insertPlan(trx, CLINICIAN, {
    id: randomUUID(),
    patient_id: patientId,
    decision_id: decision.id,
    goal_code: 'knee-osteoarthritis',
    technique: 'intra-articular',
    library_version_id: libraryVersionId,
    escalation_schedule: jsonb([{ concentrationUgPerMl: 15, gasVolumeMl: 10 }]),
    course_sessions: 6,
    review_point: jsonb({ kind: 'after-sessions', sessions: 6 }),
    programme: jsonb([{ component: 'rehabilitation', timing: 'alongside' }]),
    step_findings: jsonb([{ step: 1, findings: [] }]),
    checked_at: AT,
    created_by: CLINICIAN.actorId,
    created_at: AT,
    ...overrides,
  });
}

export function addOrder(
  trx: Transaction<Database>,
  plan: { readonly id: string; readonly patient_id: string; readonly library_version_id: string },
  overrides: Partial<NewOrderRow> = {},
) {
  return insertOrder(trx, CLINICIAN, {
    id: randomUUID(),
    patient_id: plan.patient_id,
    plan_id: plan.id,
    technique: 'intra-articular',
    goal_code: 'knee-osteoarthritis',
    concentration_ug_per_ml: 15,
    gas_volume_ml: 10,
    library_version_id: plan.library_version_id,
    findings: jsonb([]),
    checked_at: AT,
    signed_by: CLINICIAN.actorId,
    signed_at: AT,
    ...overrides,
  });
}

export function addSession(
  trx: Transaction<Database>,
  order: { readonly id: string; readonly patient_id: string },
  overrides: Partial<NewSessionRow> = {},
) {
  return insertSession(trx, CLINICIAN, {
    id: randomUUID(),
    patient_id: order.patient_id,
    order_id: order.id,
    technique: 'intra-articular',
    scheduled_at: AT,
    concentration_ug_per_ml: 15,
    gas_volume_ml: 10,
    created_by: CLINICIAN.actorId,
    created_at: AT,
    updated_at: AT,
    ...overrides,
  });
}

export async function addConsent(trx: Transaction<Database>, patientId: string) {
  const template = await insertConsentTemplate(trx, CLINICIAN, {
    id: randomUUID(),
    key: 'intra-articular',
    language: 'en',
    title: 'Intra-articular ozone',
    body: 'What we discussed.',
    techniques: jsonb(['intra-articular']),
    discussion_items: jsonb(REQUIRED_DISCUSSION_ITEMS),
    created_by: CLINICIAN.actorId,
    created_at: AT,
  });
  const consent = await insertConsent(trx, CLINICIAN, {
    id: randomUUID(),
    patient_id: patientId,
    template_id: template.id,
    techniques: jsonb(['intra-articular']),
    patient_signed_name: 'Ana Test',
    patient_signed_at: AT,
    patient_signature_method: 'electronic',
    valid_until: new Date('2027-11-27T09:00:00Z'),
    recorded_by: CLINICIAN.actorId,
  });
  return { template, consent };
}

/** The audit actions appended after sequence number `afterSeq`, in order. */
export async function auditActionsSince(db: Kysely<Database>, afterSeq: number): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_event')
    .select('action')
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

export async function auditHead(db: Kysely<Database>): Promise<number> {
  const head = await db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
  return Number(head.seq);
}
