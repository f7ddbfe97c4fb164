// A plan → CarePlan: the ozone course as one activity (the technique, the course length, the escalation schedule in
// words), each signed order as an activity referencing its MedicationRequest, and the wider programme
// (rehabilitation, hyperbaric oxygen, …) as activities of their own. R4 cpl-3: an activity has a reference or a
// detail, never both. Status (required binding request-status): active, or completed / revoked once closed.

import type { CarePlan, CarePlanActivity } from '@medplum/fhirtypes';
import { API, EXT, GOAL_SYSTEM, TECHNIQUE_SYSTEM } from '../urls.ts';
import { coding, concept, narrative, patientReference, userReference } from './common.ts';
import type { DoseValuesInput, OrderEntry, PlanEntry } from './record.ts';

const STATUS: Readonly<Record<PlanEntry['status'], CarePlan['status']>> = {
  active: 'active',
  completed: 'completed',
  stopped: 'revoked',
};

function describeStep(step: DoseValuesInput, index: number): string {
  const parts = [
    step.concentrationUgPerMl === undefined ? undefined : `${step.concentrationUgPerMl} ug/mL`,
    step.gasVolumeMl === undefined ? undefined : `${step.gasVolumeMl} mL gas`,
    step.bloodVolumeMl === undefined ? undefined : `${step.bloodVolumeMl} mL blood`,
    step.durationMin === undefined ? undefined : `${step.durationMin} min`,
  ].filter((part) => part !== undefined);
  return `session ${index + 1}: ${parts.length > 0 ? parts.join(', ') : 'no values'}`;
}

function courseActivity(plan: PlanEntry): CarePlanActivity {
  const closed = plan.status !== 'active';
  return {
    detail: {
      kind: 'MedicationRequest',
      code: concept(TECHNIQUE_SYSTEM, plan.technique),
      status: closed ? (plan.status === 'completed' ? 'completed' : 'stopped') : 'in-progress',
      scheduledTiming: { repeat: { count: plan.courseSessions } },
      description: `Escalation: ${plan.escalationSchedule.map(describeStep).join('; ')}; the last step holds for the rest of the course`,
    },
  };
}

function programmeActivities(plan: PlanEntry): CarePlanActivity[] {
  return plan.programme.map((component) => ({
    detail: {
      code: concept(API.programmeComponentSystem, component.component),
      status: plan.status === 'active' ? 'not-started' : 'unknown',
      description: `${component.timing} the ozone course${component.note === undefined ? '' : `: ${component.note}`}`,
    },
  }));
}

export function carePlanResource(
  patientId: string,
  plan: PlanEntry,
  orders: readonly OrderEntry[],
): CarePlan {
  const own = orders.filter((order) => order.planId === plan.id);
  return {
    resourceType: 'CarePlan',
    id: plan.id,
    text: narrative([
      `Ozone course (${plan.technique}) for ${plan.goal.code}: ${plan.courseSessions} sessions`,
      ...(plan.goal.text === undefined ? [] : [`Goal in the patient's words: ${plan.goal.text}`]),
    ]),
    extension: [{ url: EXT.ozoneGoal, valueCoding: coding(GOAL_SYSTEM, plan.goal.code) }],
    status: STATUS[plan.status],
    intent: 'plan',
    title: `Ozone course: ${plan.technique}`,
    ...(plan.goal.text === undefined ? {} : { description: plan.goal.text }),
    subject: patientReference(patientId),
    period: { start: plan.createdAt, ...(plan.closed === undefined ? {} : { end: plan.closed.at }) },
    created: plan.createdAt,
    author: userReference(plan.createdBy),
    activity: [
      courseActivity(plan),
      ...own.map((order) => ({ reference: { reference: `MedicationRequest/${order.id}` } })),
      ...programmeActivities(plan),
    ],
    ...(plan.closed?.note === undefined ? {} : { note: [{ text: plan.closed.note }] }),
  };
}
