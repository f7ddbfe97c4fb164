// What `o3care screen-bulk` tells at the end: how many records, which lines were malformed (the first few, by line
// number), and per technique how many patients came out eligible, caution, needs-data or contraindicated.
// Fixed-size counters only: the summary never grows with the file.

import type { Eligibility, EligibilityStatus } from '../clinical/findings.ts';
import type { TechniqueCode } from '../clinical/techniques.ts';
import { TECHNIQUE_CODES } from '../clinical/techniques.ts';
import { ELIGIBILITY_STATUSES } from './check-output.ts';

/** Malformed lines listed by number; the rest are only counted. */
export const MALFORMED_LISTED = 20;

const STATUS_INDEX = new Map<EligibilityStatus, number>(ELIGIBILITY_STATUSES.map((status, i) => [status, i]));
const TABLE_STATUSES = ['eligible', 'caution', 'needs-data', 'contraindicated'] as const;

export class BulkTally {
  records = 0;
  malformed = 0;
  readonly firstMalformed: { line: number; reason: string }[] = [];
  private readonly counts = new Map<TechniqueCode, number[]>(
    TECHNIQUE_CODES.map((t) => [t, ELIGIBILITY_STATUSES.map(() => 0)]),
  );

  addRecord(eligibility: Eligibility): void {
    this.records++;
    for (const [technique, row] of this.counts) {
      const status = eligibility[technique];
      const index = status === undefined ? undefined : STATUS_INDEX.get(status);
      if (index !== undefined) row[index] = (row[index] ?? 0) + 1;
    }
  }

  addMalformed(line: number, reason: string): void {
    this.malformed++;
    if (this.firstMalformed.length < MALFORMED_LISTED) this.firstMalformed.push({ line, reason });
  }

  count(technique: TechniqueCode, status: EligibilityStatus): number {
    return this.counts.get(technique)?.[STATUS_INDEX.get(status) ?? -1] ?? 0;
  }
}

const n = (value: number): string => value.toLocaleString('en-US');

export function renderSummary(tally: BulkTally, file: string, seconds: number): string {
  const rate = seconds > 0 ? Math.round(tally.records / seconds) : 0;
  const lines = [
    `screen-bulk ${file}: ${n(tally.records)} records screened, ${n(tally.malformed)} malformed line${tally.malformed === 1 ? '' : 's'} ` +
      `in ${seconds.toFixed(1)} s (${n(rate)} records/s)`,
  ];
  if (tally.malformed > 0) {
    lines.push('', 'Malformed lines:');
    for (const { line, reason } of tally.firstMalformed) lines.push(`  line ${line}: ${reason}`);
    const rest = tally.malformed - tally.firstMalformed.length;
    if (rest > 0) lines.push(`  … and ${n(rest)} more`);
  }
  const offered = TECHNIQUE_CODES.filter((t) => TABLE_STATUSES.some((s) => tally.count(t, s) > 0));
  if (offered.length > 0) {
    lines.push('', `${'technique'.padEnd(22)}${TABLE_STATUSES.map((s) => s.padStart(17)).join('')}`);
    for (const technique of offered) {
      lines.push(
        `${technique.padEnd(22)}${TABLE_STATUSES.map((s) => n(tally.count(technique, s)).padStart(17)).join('')}`,
      );
    }
    const notOffered = (status: EligibilityStatus) =>
      TECHNIQUE_CODES.filter((t) => !offered.includes(t) && tally.count(t, status) > 0).join(', ');
    const prohibited = notOffered('prohibited');
    const disabled = notOffered('disabled');
    if (prohibited) lines.push(`prohibited for every record: ${prohibited}`);
    if (disabled) lines.push(`disabled in the library: ${disabled}`);
  }
  return lines.join('\n') + '\n';
}
