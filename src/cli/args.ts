// Argument parsing shared by the commands: node:util parseArgs with its errors turned into usage errors, and the
// options that several commands take (--as-of, --library).

import { parseArgs } from 'node:util';
import type { ParseArgsOptionsConfig } from 'node:util';
import type { EvaluationContext } from '../clinical/engine.ts';
import { TEMPLATE_LIBRARY } from '../clinical/library.ts';
import { CliError } from './cli-error.ts';

export const wantsHelp = (argv: readonly string[]): boolean =>
  argv.some((arg) => arg === '--help' || arg === '-h');

interface StrictConfig<O extends ParseArgsOptionsConfig> {
  args: string[];
  options: O;
  strict: true;
  allowPositionals: true;
  tokens: true;
}

interface ParsedArgs<O extends ParseArgsOptionsConfig> {
  readonly values: ReturnType<typeof parseArgs<StrictConfig<O>>>['values'];
  readonly positionals: readonly string[];
}

/**
 * Strict parsing: an unknown flag, a flag without its value, or a flag given twice is a usage error naming the
 * command, so the message says where to look (`o3care check --help`).
 */
export function parseCommandArgs<O extends ParseArgsOptionsConfig>(
  command: string,
  argv: readonly string[],
  options: O,
  maxPositionals: number,
): ParsedArgs<O> {
  let parsed;
  try {
    parsed = parseArgs<StrictConfig<O>>({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('. To specify')[0] : String(error);
    throw new CliError(`o3care ${command}: ${message} (see o3care ${command} --help)`);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) {
      throw new CliError(`o3care ${command}: --${token.name} is given more than once`);
    }
    seen.add(token.name);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals] ?? '';
    throw new CliError(`o3care ${command}: unexpected argument "${extra}" (see o3care ${command} --help)`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

// ISO 8601 date, or date-time with seconds optional and a time zone required: a bare local time would be read in
// the machine's zone, and the same command would then judge freshness windows differently on another machine.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `--as-of`: the moment the evaluation is for. Absent → now; a date alone means its midnight UTC. */
export function parseAsOf(command: string, value: string | undefined, now: () => Date): Date {
  if (value === undefined) return now();
  const match = ISO_DATE_TIME.exec(value) ?? ISO_DATE.exec(value);
  const ms = match ? Date.parse(ISO_DATE.test(value) ? `${value}T00:00:00Z` : value) : NaN;
  // Date.parse rolls 2026-02-30 over to March; a calendar date that does not exist is a typo, not a moment.
  const [, year, month, day] = match ?? [];
  const calendarOk =
    !Number.isNaN(ms) &&
    new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDate() === Number(day);
  if (!calendarOk) {
    throw new CliError(
      `o3care ${command}: --as-of "${value}" is not an ISO 8601 date-time with a time zone (e.g. 2026-11-27T09:00:00Z)`,
    );
  }
  return new Date(ms);
}

export interface LibraryChoice {
  readonly context: Omit<EvaluationContext, 'asOf'>;
  /** What the output says about the library: evaluation only, or no approved library. */
  readonly note: string;
  readonly evaluationOnly: boolean;
}

/**
 * `--library template` evaluates the shipped template as if approved (evaluation only, and the output says so).
 * Without it the clinic's approved library would be used; there is no clinic database yet, so the template is used
 * unapproved and `library.unapproved` fires for orders, as SPEC-INTEROP §6 says it must when there is none.
 */
export function chooseLibrary(command: string, value: string | undefined): LibraryChoice {
  if (value === 'template') {
    return {
      context: { library: TEMPLATE_LIBRARY, evaluateTemplateAsApproved: true },
      note: `evaluation only: ${TEMPLATE_LIBRARY.version} treated as approved`,
      evaluationOnly: true,
    };
  }
  if (value !== undefined) {
    throw new CliError(
      `o3care ${command}: --library "${value}" is not known; the only value is "template" (the shipped template, evaluation only)`,
    );
  }
  return {
    context: { library: TEMPLATE_LIBRARY },
    note: `no approved library (${TEMPLATE_LIBRARY.version} is an unapproved template)`,
    evaluationOnly: false,
  };
}
