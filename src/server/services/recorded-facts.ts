// A patient's current clinical facts (labs, vitals, medications, conditions) with their source and provenance, for
// the chart's records page. Unlike the intake read, it answers for a patient whose facts came only from an imported
// document and who has no intake version yet.

import type { Transaction } from 'kysely';
import { listCurrentFacts } from '../../store/clinical-fact.repository.ts';
import { patientExists } from '../../store/patient.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { CareContext } from './care-context.ts';
import { RecordNotFoundError } from './errors.ts';
import { factFromRow } from './record-mapping.ts';
import type { RecordedFact } from './record-types.ts';

/** The facts screening reads now (those entered in error left out), oldest first. */
export async function currentFacts(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
): Promise<RecordedFact[]> {
  if (!(await patientExists(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  return (await listCurrentFacts(trx, context, patientId)).map(factFromRow);
}
