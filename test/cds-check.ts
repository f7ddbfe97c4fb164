// Test helper: `o3care check --json --library template` run in-process on a record (and an order), exactly as a user
// would run it on files, so that a test can hold CDS cards to what the command says about the same data.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { checkCommand } from '../src/cli/check-command.ts';
import type { CheckOutput } from '../src/cli/check-output.ts';
import { checkOutputSchema } from '../src/cli/check-output.ts';
import { summaryOf } from '../src/fhir/cds/cards.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function runCheck(record: unknown, order: unknown, asOf: Date): Promise<CheckOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'o3care-cds-check-'));
  try {
    const recordFile = join(dir, 'record.json');
    writeFileSync(recordFile, JSON.stringify(record));
    const args = ['--record', recordFile, '--as-of', asOf.toISOString(), '--library', 'template', '--json'];
    if (order !== undefined) {
      const orderFile = join(dir, 'order.json');
      writeFileSync(orderFile, JSON.stringify(order));
      args.push('--order', orderFile);
    }
    const stdout = new Capture();
    const stderr = new Capture();
    const status = await checkCommand.run(args, { stdout, stderr, env: { NO_COLOR: '1' }, now: () => asOf });
    if (status !== 0) throw new Error(`o3care check exited ${status}: ${stderr.text}`);
    return checkOutputSchema.parse(JSON.parse(stdout.text));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a finding and a card share: rule, severity (as the card's indicator), the sentence (whole as the detail's first
 * line, shortened as the summary) and the techniques.
 */
export interface ComparableFinding {
  readonly ruleId: string;
  readonly indicator: string;
  readonly summary: string;
  readonly message: string;
  readonly techniques: string;
}

const INDICATOR: Readonly<Record<string, string>> = {
  'hard-stop': 'critical',
  warning: 'warning',
  info: 'info',
};

export function comparableFindings(output: CheckOutput): ComparableFinding[] {
  return output.findings.map((f) => ({
    ruleId: f.ruleId,
    indicator: INDICATOR[f.severity]!,
    summary: summaryOf(f.message),
    message: f.message,
    techniques: f.techniques.join(', '),
  }));
}

interface CardLike {
  readonly indicator?: unknown;
  readonly summary?: unknown;
  readonly detail?: unknown;
  readonly source?: { readonly topic?: { readonly code?: unknown } };
}

export function comparableCards(cards: readonly CardLike[]): ComparableFinding[] {
  return cards.map((card) => ({
    ruleId: String(card.source?.topic?.code),
    indicator: String(card.indicator),
    summary: String(card.summary),
    message: String(card.detail).split('\n')[0] ?? '',
    techniques: /^Techniques: (.*)$/m.exec(String(card.detail))?.[1] ?? '',
  }));
}
