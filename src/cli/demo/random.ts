// A seeded pseudo-random generator (mulberry32, public domain): the demo's vitals, generator readings and birthdays
// vary like real ones, and the same seed gives the same clinic on every run.

export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  integer(min: number, max: number): number;
  /** `value` ± `spread`, rounded to `decimals`. */
  around(value: number, spread: number, decimals?: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    around(value, spread, decimals = 0) {
      const factor = 10 ** decimals;
      return Math.round((value + (next() * 2 - 1) * spread) * factor) / factor;
    },
  };
}
