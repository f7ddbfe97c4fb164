// Where a measure's minimal clinically important difference lies for one baseline: the value the patient must reach,
// drawn as a line on the chart. Whether the patient met it is the engine's answer (the course review), not this one.
import type { Mcid } from '../../../../clinical/goals.ts';

/**
 * The first value that meets the MCID from `baseline`: the absolute or the relative threshold, whichever is nearer to
 * the baseline (the engine counts either as met, src/clinical/outcomes.ts).
 */
export function mcidTarget(mcid: Mcid, baseline: number): number | undefined {
  const sign = mcid.direction === 'decrease' ? -1 : 1;
  const steps: number[] = [];
  if (mcid.absolute !== undefined) steps.push(mcid.absolute);
  if (mcid.relativePercent !== undefined && baseline !== 0)
    steps.push((Math.abs(baseline) * mcid.relativePercent) / 100);
  if (steps.length === 0) return undefined;
  return Math.round((baseline + sign * Math.min(...steps)) * 100) / 100;
}
