// Estimated blood volume and the blood-withdrawal ceiling for autohaemotherapy.

import type { Sex } from './facts.ts';

/**
 * Nadler's formula (Nadler, Hidalgo & Bloch, Surgery 1962;51:224-232), in mL. Without height it falls back to
 * 70 mL/kg (men) and 65 mL/kg (women) as SPEC-CLINICAL §6 says. Sex other than male uses the female constants,
 * which give the smaller volume and so the more cautious ceiling. Undefined without weight.
 */
export function estimatedBloodVolumeMl(
  sex: Sex | undefined,
  weightKg: number | undefined,
  heightCm: number | undefined,
): number | undefined {
  if (weightKg === undefined || !(weightKg > 0)) return undefined;
  const male = sex === 'male';
  if (heightCm === undefined || !(heightCm > 0)) return weightKg * (male ? 70 : 65);
  const heightM = heightCm / 100;
  const litres = male
    ? 0.3669 * heightM ** 3 + 0.03219 * weightKg + 0.6041
    : 0.3561 * heightM ** 3 + 0.03308 * weightKg + 0.1833;
  return litres * 1000;
}

/** The most blood one session may draw: min(entry hard max, fraction × estimated blood volume) (ISS 2020, 13%). */
export function bloodWithdrawalLimitMl(
  entryHardMaxMl: number | undefined,
  ebvMl: number | undefined,
  fraction: number,
): number | undefined {
  const byEbv = ebvMl === undefined ? undefined : ebvMl * fraction;
  if (entryHardMaxMl === undefined) return byEbv;
  return byEbv === undefined ? entryHardMaxMl : Math.min(entryHardMaxMl, byEbv);
}
