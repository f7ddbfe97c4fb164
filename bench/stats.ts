// Percentiles and formatting shared by the benchmarks.

/** Nearest-rank percentile of sorted samples (p in 0–100). */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export interface Latency {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

export function summarise(samplesNs: Float64Array): Latency {
  const sorted = Float64Array.from(samplesNs).sort();
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  const ms = (ns: number) => ns / 1e6;
  return {
    p50Ms: ms(percentile(sorted, 50)),
    p95Ms: ms(percentile(sorted, 95)),
    p99Ms: ms(percentile(sorted, 99)),
    meanMs: ms(mean),
  };
}

export const fixed = (value: number, digits = 3): string => value.toFixed(digits);
export const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
