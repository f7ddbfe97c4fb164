// Row type of screening_result: what screenPatient returned after an intake change, never updated.

import type { Eligibility, Finding } from '../clinical/findings.ts';
import type { Fixed, FixedJson, FixedNullable } from './column-types.ts';

export interface ScreeningResultTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  intake_id: FixedNullable<string>;
  library_version_id: Fixed<string>;
  as_of: Fixed<Date>;
  findings: FixedJson<Finding[]>;
  eligibility: FixedJson<Eligibility>;
  recorded_by: Fixed<string>;
}
