// In-process latency of screening one patient: extract + screen a typical 50-resource record, and screen alone,
// each of ≥ 20,000 iterations timed one by one with process.hrtime.bigint(). JSON.parse of the same record is the
// baseline, measured in the same run, so the figures also read as ratios. Budget (DESIGN.md): p50 < 0.2 ms,
// p99 < 1 ms. Usage: node bench/screening-latency.ts [--iterations 20000] [--json]

import { parseArgs } from 'node:util';
import { screenPatient } from '../src/clinical/engine.ts';
import type { EvaluationContext } from '../src/clinical/engine.ts';
import { TEMPLATE_LIBRARY } from '../src/clinical/library.ts';
import { extractRecord } from '../src/fhir/extract-record.ts';
import { DEFAULT_AS_OF } from '../scripts/generate-bulk.ts';
import { seededRandom, syntheticRecord } from '../scripts/synthetic-record.ts';
import type { Latency } from './stats.ts';
import { fixed, summarise } from './stats.ts';

export interface LatencyResult {
  readonly iterations: number;
  readonly resources: number;
  readonly recordBytes: number;
  readonly parse: Latency;
  readonly extractAndScreen: Latency;
  readonly screenOnly: Latency;
}

/** Times `work` once per iteration; the returned number is kept so the work cannot be optimised away. */
function time(iterations: number, work: () => number): { samples: Float64Array; sink: number } {
  const samples = new Float64Array(iterations);
  let sink = 0;
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    sink += work();
    samples[i] = Number(process.hrtime.bigint() - start);
  }
  return { samples, sink };
}

export function measureLatency(iterations: number): LatencyResult {
  const asOf = new Date(DEFAULT_AS_OF);
  // Record 1 of the bulk file's seed: 50 resources (patient, conditions, labs and vitals, medications, procedures).
  const record = syntheticRecord(seededRandom(1), 1, asOf.getTime());
  const text = JSON.stringify(record);
  const parsed: unknown = JSON.parse(text);
  const context: EvaluationContext = { library: TEMPLATE_LIBRARY, asOf };
  const extracted = extractRecord(parsed);
  if (!extracted.ok) throw new Error(`the benchmark record does not extract: ${extracted.error.message}`);
  const { facts, history } = extracted;

  const parse = () => (JSON.parse(text) as { entry: unknown[] }).entry.length;
  const extractAndScreen = () => {
    const result = extractRecord(parsed);
    return result.ok ? screenPatient(result.facts, result.history, context).findings.length : -1;
  };
  const screenOnly = () => screenPatient(facts, history, context).findings.length;

  const warmUp = Math.max(2_000, iterations / 10);
  for (const work of [parse, extractAndScreen, screenOnly]) time(warmUp, work);
  const runs = {
    parse: time(iterations, parse),
    both: time(iterations, extractAndScreen),
    screen: time(iterations, screenOnly),
  };
  return {
    iterations,
    resources: (record.entry as unknown[]).length,
    recordBytes: Buffer.byteLength(text),
    parse: summarise(runs.parse.samples),
    extractAndScreen: summarise(runs.both.samples),
    screenOnly: summarise(runs.screen.samples),
  };
}

export function latencyTable(result: LatencyResult): string {
  const row = (name: string, l: Latency) =>
    `| ${name} | ${fixed(l.p50Ms)} | ${fixed(l.p95Ms)} | ${fixed(l.p99Ms)} | ${fixed(l.meanMs)} | ${fixed(l.p50Ms / result.parse.p50Ms, 2)}× |`;
  return [
    `Screening latency: ${result.iterations.toLocaleString('en-US')} iterations each, one record of ` +
      `${result.resources} resources (${result.recordBytes.toLocaleString('en-US')} bytes of JSON)`,
    '',
    '| measure | p50 ms | p95 ms | p99 ms | mean ms | p50 vs JSON.parse |',
    '|---|---|---|---|---|---|',
    row('JSON.parse of the record (baseline)', result.parse),
    row('extract + screen (parsed record in)', result.extractAndScreen),
    row('screen only (facts in)', result.screenOnly),
    '',
    `Budget p50 < 0.2 ms, p99 < 1 ms (extract + screen): ${
      result.extractAndScreen.p50Ms < 0.2 && result.extractAndScreen.p99Ms < 1 ? 'met' : 'MISSED'
    }`,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { iterations: { type: 'string', default: '20000' }, json: { type: 'boolean' } },
  });
  const result = measureLatency(Math.max(20_000, Number(values.iterations)));
  console.log(values.json === true ? JSON.stringify(result) : latencyTable(result));
}
