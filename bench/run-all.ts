// `npm run bench`: runs every benchmark in its own process (so one's heap and JIT state cannot colour another's)
// and prints their markdown tables, with the machine they ran on. Extra arguments go to the throughput benchmark.

import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { LatencyResult } from './screening-latency.ts';
import { latencyTable } from './screening-latency.ts';
import { postgresAvailable } from '../test/postgres-server.ts';
import type { ThroughputResult } from './screen-bulk-throughput.ts';
import { throughputTable } from './screen-bulk-throughput.ts';
import type { TimelineResult } from './timeline-latency.ts';
import { timelineTable } from './timeline-latency.ts';
import type { ApiLoadResult } from './api-load.ts';
import { apiLoadTable } from './api-load.ts';
import type { CdsBenchResult } from './cds-order-check.ts';
import { cdsTable } from './cds-order-check.ts';
import type { ColdStartResult } from './cold-start.ts';
import type { WebLoadResult } from './web-load.ts';
import { webLoadTable } from './web-load.ts';
import { coldStartTable } from './cold-start.ts';

const here = import.meta.dirname;

function runJson<T>(script: string, args: readonly string[] = []): T {
  const output = execFileSync(process.execPath, [join(here, script), '--json', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as T;
}

const cpu = cpus();
console.log(
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; ` +
    `Node.js ${process.version}; ${new Date().toISOString().slice(0, 10)}\n`,
);
console.log(latencyTable(runJson<LatencyResult>('screening-latency.ts')));
console.log('');
console.log(throughputTable(runJson<ThroughputResult>('screen-bulk-throughput.ts', process.argv.slice(2))));
console.log('');
console.log(
  timelineTable(runJson<TimelineResult[]>('timeline-latency.ts', postgresAvailable() ? ['--postgres'] : [])),
);
console.log('');
console.log(apiLoadTable(runJson<ApiLoadResult[]>('api-load.ts', postgresAvailable() ? ['--postgres'] : [])));
console.log('');
console.log(cdsTable(runJson<CdsBenchResult>('cds-order-check.ts')));
console.log('');
console.log(coldStartTable(runJson<ColdStartResult>('cold-start.ts')));
console.log('');
console.log(webLoadTable(runJson<WebLoadResult>('web-load.ts')));
