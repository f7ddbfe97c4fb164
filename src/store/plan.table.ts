// Row type of plan: the ozone course inside the wider programme. Frozen once checked; it can only be closed once.

import type { OzoneOrder } from '../clinical/care.ts';
import type { Finding } from '../clinical/findings.ts';
import type { GoalCode, ReviewPoint } from '../clinical/goals.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import type { Fixed, FixedJson, FixedNullable, SetOnce } from './column-types.ts';

/** The values of one session of the course. */
export type DoseValues = Pick<
  OzoneOrder,
  'concentrationUgPerMl' | 'gasVolumeMl' | 'bloodVolumeMl' | 'durationMin'
>;

export const PROGRAMME_COMPONENTS = [
  'rehabilitation',
  'hyperbaric-oxygen',
  'peptide-protocol',
  'regenerative-care',
] as const;

export type ProgrammeComponentCode = (typeof PROGRAMME_COMPONENTS)[number];

export const PROGRAMME_TIMINGS = ['before', 'alongside', 'after'] as const;

/** When a programme component runs relative to the ozone course. */
export type ProgrammeTiming = (typeof PROGRAMME_TIMINGS)[number];

export interface ProgrammeComponent {
  readonly component: ProgrammeComponentCode;
  readonly timing: ProgrammeTiming;
  readonly note?: string;
}

/** The engine's findings for one step of the escalation schedule, as checked when the plan was made. */
export interface StepFindings {
  readonly step: number;
  readonly findings: readonly Finding[];
}

export type PlanCloseReason = 'completed' | 'stopped';

export interface PlanTable {
  id: Fixed<string>;
  patient_id: Fixed<string>;
  decision_id: Fixed<string>;
  goal_code: Fixed<GoalCode>;
  goal_text: FixedNullable<string>;
  technique: Fixed<TechniqueCode>;
  library_version_id: Fixed<string>;
  /** Values per session: step 1 is session 1; the last step holds for the rest of the course. */
  escalation_schedule: FixedJson<DoseValues[]>;
  course_sessions: Fixed<number>;
  review_point: FixedJson<ReviewPoint | null>;
  programme: FixedJson<ProgrammeComponent[]>;
  step_findings: FixedJson<StepFindings[]>;
  checked_at: Fixed<Date>;
  created_by: Fixed<string>;
  created_at: Fixed<Date>;
  closed_by: SetOnce<string>;
  closed_at: SetOnce<Date>;
  close_reason: SetOnce<PlanCloseReason>;
  close_note: SetOnce<string>;
}
