// What a demo patient scenario is: a patient introduced as a clinician would, the rules the record shows, and the
// story written into the record through the chart.

import type { RuleId } from '../../clinical/rule-catalog.ts';
import type { Chart, DemoPatient } from './chart.ts';

export interface PatientScenario {
  /** How a clinician would introduce the patient: "María, 34, knee osteoarthritis, no recent pregnancy test". */
  readonly summary: string;
  readonly patient: DemoPatient;
  /** Days before today the coordinator registered the patient. */
  readonly registeredDaysAgo: number;
  /**
   * The rule ids this record shows. The demo checks each against what was actually stored, and fails to build
   * rather than claim a rule it does not show.
   */
  readonly shows: readonly RuleId[];
  /** The demo's patient portal account (`demo-patient`) belongs to this patient. */
  readonly portalAccount?: boolean;
  /** The part of the story that happened before the medical director approved the clinic's library. */
  readonly beforeLibraryApproval?: (chart: Chart) => Promise<void>;
  readonly story: (chart: Chart) => Promise<void>;
}
