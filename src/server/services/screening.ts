// The latest screening as a clinician reads it: the stored findings and eligibility, the library version they were
// found against, and the goal's evidence grade with its citations (SPEC-CLINICAL §4: a grade is always shown with
// its sources and never as proof of efficacy). Reference data is looked up, nothing is decided here.

import type { Transaction } from 'kysely';
import type { EvidenceGrade, GoalCode } from '../../clinical/goals.ts';
import { GOALS } from '../../clinical/goals.ts';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import type { Confidence } from '../../clinical/sources.ts';
import { sourceOf } from '../../clinical/sources.ts';
import { findCurrentIntake } from '../../store/intake.repository.ts';
import { patientExists } from '../../store/patient.repository.ts';
import type { Database } from '../../store/schema.ts';
import { findLatestScreeningResult } from '../../store/screening.repository.ts';
import type { CareContext } from './care-context.ts';
import { RecordNotFoundError } from './errors.ts';
import { getLibraryVersion } from './protocol-library.ts';
import { screeningFromRow } from './record-mapping.ts';
import type { ScreeningResult } from './record-types.ts';

export interface Citation {
  readonly id: string;
  readonly citation: string;
  readonly confidence: readonly Confidence[];
  readonly reference: string;
}

export interface GoalEvidence {
  readonly code: GoalCode;
  readonly name: string;
  readonly evidenceGrade: EvidenceGrade;
  readonly evidenceSummary: string;
  readonly citations: readonly Citation[];
}

export interface LatestScreening {
  readonly screening: ScreeningResult;
  readonly library: {
    readonly id: string;
    readonly version: string;
    readonly status: ProtocolLibrary['status'];
  };
  /** The current intake's goal; absent while no goal code is recorded. */
  readonly goal?: GoalEvidence;
}

export function goalEvidence(code: GoalCode): GoalEvidence {
  const goal = GOALS[code];
  return {
    code,
    name: goal.name,
    evidenceGrade: goal.evidenceGrade,
    evidenceSummary: goal.evidenceSummary,
    citations: goal.sources.map((id) => {
      const source = sourceOf(id);
      return { id, citation: source.citation, confidence: source.confidence, reference: source.reference };
    }),
  };
}

export async function latestScreening(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
): Promise<LatestScreening> {
  if (!(await patientExists(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  const row = await findLatestScreeningResult(trx, context, patientId);
  if (!row) throw new RecordNotFoundError('screening', patientId);
  const library = await getLibraryVersion(trx, row.library_version_id);
  const goalCode = (await findCurrentIntake(trx, context, patientId))?.goal_code ?? undefined;
  return {
    screening: screeningFromRow(row),
    library: { id: library.id, version: library.library.version, status: library.library.status },
    ...(goalCode !== undefined ? { goal: goalEvidence(goalCode) } : {}),
  };
}
