// Fixtures for service tests: actors, an approved library, and a well-screened patient recorded through the
// services themselves. Test-only.

import type { Kysely, Transaction } from 'kysely';
import type { GoalCode } from '../../../clinical/goals.ts';
import { FUNDAMENTALS } from '../../../clinical/facts.ts';
import type { Sex } from '../../../clinical/facts.ts';
import type { Database } from '../../../store/schema.ts';
import type { CareContext } from '../care-context.ts';
import { saveIntake } from '../intake.ts';
import { registerPatient } from '../patients.ts';
import type { LibraryEdits } from '../protocol-library.ts';
import { approve, createDraftFrom, loadTemplate } from '../protocol-library.ts';
import type { FactInput, LibraryVersion } from '../record-types.ts';

export const AT = new Date('2026-11-27T09:00:00Z');
export const DAY_MS = 86_400_000;

export const daysBefore = (days: number, from: Date = AT): Date => new Date(from.getTime() - days * DAY_MS);
export const daysAfter = (days: number, from: Date = AT): Date => new Date(from.getTime() + days * DAY_MS);

const actor =
  (actorId: string, actorRole: string) =>
  (at: Date = AT): CareContext => ({
    actorId,
    actorRole,
    at,
    requestId: `req-${actorId}`,
  });

export const physician = actor('dr-ana', 'physician');
export const director = actor('md-luis', 'medical-director');
export const nurse = actor('rn-sofia', 'nurse');
export const coordinator = actor('co-marta', 'coordinator');

export const inTransaction = <T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>) =>
  db.transaction().execute(work);

/** The template, copied into a draft with `edits` and approved by the medical director. */
export async function approvedLibrary(
  db: Kysely<Database>,
  edits: LibraryEdits = {},
  at: Date = daysBefore(30),
): Promise<LibraryVersion> {
  return inTransaction(db, async (trx) => {
    const template = await loadTemplate(trx, director(at));
    const draft = await createDraftFrom(trx, director(at), template.id, edits, {
      note: 'reviewed for our clinic',
    });
    return approve(trx, director(at), draft.id);
  });
}

export interface PatientSetup {
  readonly sex?: Sex;
  readonly goal?: GoalCode;
  readonly extraFacts?: readonly FactInput[];
  readonly at?: Date;
}

/**
 * A well-screened adult (G6PD normal, weight, height, haemoglobin, a fresh negative pregnancy test for a woman, every
 * fundamental assessed, no expectation of cure): rules fire only for what a test adds.
 */
export async function screenedPatient(db: Kysely<Database>, setup: PatientSetup = {}): Promise<string> {
  const at = setup.at ?? AT;
  const sex = setup.sex ?? 'male';
  return inTransaction(db, async (trx) => {
    const patient = await registerPatient(trx, coordinator(at), {
      givenName: 'Test',
      familyName: `Patient ${crypto.randomUUID().slice(0, 8)}`,
      birthDate: '1976-03-14',
      sex,
      preferredLanguage: 'en',
    });
    const dated = (days: number) => daysBefore(days, at).toISOString();
    const facts: FactInput[] = [
      {
        kind: 'g6pd',
        value: 'normal',
        effective: dated(400),
        source: 'import',
        provenance: { resource: 'Observation/g6pd' },
      },
      { kind: 'weightKg', value: 80, effective: dated(10) },
      { kind: 'heightCm', value: 180, effective: dated(10) },
      { kind: 'haemoglobinGPerDl', value: 14, effective: dated(10) },
      ...(sex === 'female'
        ? [{ kind: 'pregnancy', value: { pregnant: false, basis: 'test' }, effective: dated(2) } as const]
        : []),
      ...(setup.extraFacts ?? []),
    ];
    await saveIntake(trx, physician(at), {
      patientId: patient.id,
      intake: {
        goal: { code: setup.goal ?? 'knee-osteoarthritis', text: 'I want to climb stairs without pain' },
        fundamentalsAssessed: [...FUNDAMENTALS],
        expectsCure: false,
        oxidativeBurden: 'low',
        unstableMedicalIssues: false,
      },
      facts,
    });
    return patient.id;
  });
}
