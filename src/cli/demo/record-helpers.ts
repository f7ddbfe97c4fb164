// Small builders the scenarios read well with: the facts a clinic records and the coded overrides a physician gives.

import type { MedicationClass } from '../../clinical/facts.ts';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import type { OverrideInput } from '../../server/services/overrides.ts';
import type { FactInput } from '../../server/services/record-types.ts';
import type { OverrideReason } from '../../store/order.table.ts';

const DAY_MS = 86_400_000;
const dateOf = (at: Date): string => at.toISOString().slice(0, 10);
const daysBefore = (at: Date, days: number): Date => new Date(at.getTime() - days * DAY_MS);

export interface Body {
  readonly weightKg?: number;
  readonly heightCm: number;
  readonly haemoglobinGPerDl?: number;
}

/**
 * What a first visit records for a well-worked-up patient: a normal G6PD result from years ago (G6PD status is
 * lifelong), weight, height and a haemoglobin from the pre-visit bloods two days earlier.
 */
export function firstVisitFacts(
  at: Date,
  body: Body,
  g6pd: 'normal' | 'deficient' | 'not tested' = 'normal',
): FactInput[] {
  return [
    ...(g6pd === 'not tested'
      ? []
      : [{ kind: 'g6pd', value: g6pd, effective: dateOf(daysBefore(at, 1100)) } as const]),
    ...(body.weightKg !== undefined ? [weight(at, body.weightKg)] : []),
    { kind: 'heightCm', value: body.heightCm, effective: at.toISOString() },
    ...(body.haemoglobinGPerDl !== undefined
      ? [
          {
            kind: 'haemoglobinGPerDl',
            value: body.haemoglobinGPerDl,
            effective: daysBefore(at, 2).toISOString(),
          } as const,
        ]
      : []),
  ];
}

export const weight = (at: Date, kg: number): FactInput => ({
  kind: 'weightKg',
  value: kg,
  effective: at.toISOString(),
});

export const takes = (drugClass: MedicationClass, name: string, since: Date): FactInput => ({
  kind: 'medications',
  value: { drugClass, name },
  effective: dateOf(since),
});

/** A coded override of one warning (SPEC-INTEROP §1 override reasons); `other` needs the comment. */
export const override = (ruleId: RuleId, reason: OverrideReason, comment: string): OverrideInput => ({
  ruleId,
  reason,
  comment,
});
