// Rules that compare an order with the patient's earlier sessions of the same technique: escalation, interval and
// course length ("start low, go slow": Viebahn-Hänsler 2012 [V]; step-up only after an uneventful session [U]).

import type { SessionRecord } from '../care.ts';
import { toEpochMs } from '../facts.ts';
import type { Finding } from '../findings.ts';
import { MS_PER_HOUR } from '../units.ts';
import { entryFor } from './dose.ts';
import type { Rule, RuleInput } from './rule.ts';
import { finding } from './rule.ts';

/** Sessions of the ordered technique performed before `asOf`, oldest first. */
export function earlierSessions({
  history,
  order,
  asOf,
}: Pick<RuleInput, 'history' | 'order' | 'asOf'>): SessionRecord[] {
  const now = asOf.getTime();
  return history.sessions
    .filter((s) => s.technique === order?.technique && (toEpochMs(s.performedAt) ?? Infinity) <= now)
    .sort((a, b) => (toEpochMs(a.performedAt) ?? 0) - (toEpochMs(b.performedAt) ?? 0));
}

const sessionRef = (s: SessionRecord) => `session/${s.id}`;

/** `dose.escalation-too-fast` and `dose.escalation-after-adverse-event`. */
export const escalation: Rule = (input) => {
  const entry = entryFor(input);
  const conc = input.order?.concentrationUgPerMl;
  const technique = input.order?.technique;
  const last = earlierSessions(input).at(-1);
  if (!entry || conc === undefined || technique === undefined || last?.concentrationUgPerMl === undefined)
    return [];
  // Compare the exact rise; round only for the message, so any rise after an adverse event stops.
  const exactRise = conc - last.concentrationUgPerMl;
  if (!(exactRise > 0)) return [];
  const rise = Math.round(exactRise * 100) / 100;
  const evidence = [
    {
      fact: 'last-concentration',
      value: last.concentrationUgPerMl,
      unit: 'µg/mL',
      date: last.performedAt,
      resource: sessionRef(last),
    },
    { fact: 'ordered-concentration', value: conc, unit: 'µg/mL' },
  ];
  const findings: Finding[] = [];
  if (last.adverseEvents.length > 0) {
    findings.push(
      finding('dose.escalation-after-adverse-event', 'hard-stop', {
        techniques: [technique],
        message: `Concentration rises by ${rise} µg/mL after a session with an adverse event (${last.performedAt.slice(0, 10)}).`,
        params: { rise, previous: last.concentrationUgPerMl },
        evidence,
        suggestion: { field: 'concentrationUgPerMl', value: last.concentrationUgPerMl },
      }),
    );
  }
  const maxStep = entry.maxStepUgPerMl;
  if (maxStep !== undefined && exactRise > maxStep) {
    findings.push(
      finding('dose.escalation-too-fast', 'warning', {
        techniques: [technique],
        message: `Concentration rises by ${rise} µg/mL over the last session; the library allows ${maxStep} µg/mL per step.`,
        params: { rise, maxStep, previous: last.concentrationUgPerMl },
        evidence,
        suggestion: { field: 'concentrationUgPerMl', value: last.concentrationUgPerMl + maxStep },
      }),
    );
  }
  return findings;
};

/** `dose.interval-too-short` — less than the entry's minimum interval since the last session of this technique. */
export const intervalTooShort: Rule = (input) => {
  const entry = entryFor(input);
  const technique = input.order?.technique;
  const last = earlierSessions(input).at(-1);
  const lastMs = toEpochMs(last?.performedAt);
  if (!entry?.minIntervalHours || technique === undefined || !last || lastMs === undefined) return [];
  const elapsedHours = (input.asOf.getTime() - lastMs) / MS_PER_HOUR;
  if (elapsedHours >= entry.minIntervalHours) return [];
  return [
    finding('dose.interval-too-short', 'warning', {
      techniques: [technique],
      message: `Only ${Math.floor(elapsedHours)} h since the last session; the library asks for at least ${entry.minIntervalHours} h.`,
      params: { elapsedHours: Math.floor(elapsedHours), minHours: entry.minIntervalHours },
      evidence: [{ fact: 'last-session', date: last.performedAt, resource: sessionRef(last) }],
    }),
  ];
};

/** `course.sessions-exceeded` — this session would go past the entry's course maximum. */
export const sessionsExceeded: Rule = (input) => {
  const entry = entryFor(input);
  const technique = input.order?.technique;
  if (!entry?.courseMaxSessions || technique === undefined) return [];
  const done = earlierSessions(input).length;
  if (done + 1 <= entry.courseMaxSessions) return [];
  return [
    finding('course.sessions-exceeded', 'warning', {
      techniques: [technique],
      message: `This would be session ${done + 1}; the course maximum is ${entry.courseMaxSessions}.`,
      params: { session: done + 1, max: entry.courseMaxSessions },
      evidence: [{ fact: 'sessions-completed', value: done }],
    }),
  ];
};
