// `o3care screen-bulk`: screens every patient of an NDJSON file (one FHIR Bundle per line) and writes one result
// line per input line, in constant memory: input is read a chunk at a time, output waits for the writer to drain,
// and the summary keeps counters, never results (SPEC-INTEROP §6, DESIGN.md performance budgets).

import { once } from 'node:events';
import type { Stats } from 'node:fs';
import { createWriteStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { EvaluationContext } from '../clinical/engine.ts';
import { screenPatient } from '../clinical/engine.ts';
import { extractRecord } from '../fhir/extract-record.ts';
import { chooseLibrary, parseAsOf, parseCommandArgs } from './args.ts';
import { BulkTally, renderSummary } from './bulk-summary.ts';
import { CliError, reasonOf } from './cli-error.ts';
import type { Command, CommandIo } from './command.ts';
import { ndjsonLines, TOO_LONG } from './ndjson-lines.ts';
import { progressBar } from './progress-bar.ts';

const NAME = 'screen-bulk';

const HELP = `Usage: o3care screen-bulk FILE.ndjson [--out FILE] [--as-of ISO-DATETIME] [--library template]

Screens every patient in FILE.ndjson (one FHIR R4 Bundle per line) and writes one JSON result per input line:
  {"line":N,"patientId":"…","eligibility":{…},"findings":[{"ruleId","severity","techniques"}]}
or {"line":N,"error":"…"} for a malformed line (invalid JSON, not a Bundle, a record that cannot be read).
Blank lines are skipped. Memory stays constant whatever the size of the file.

Options:
  --out FILE        write the results to FILE instead of standard output
  --as-of TIME      the moment to screen for, ISO 8601 with a time zone (default: now)
  --library NAME    "template": the shipped template as if approved (evaluation only)
  -h, --help        show this help

On standard error: a progress bar when it is a terminal, then a summary (records, malformed lines, and per
technique how many records are eligible, caution, needs-data or contraindicated).
Exit status: 0 when the file was read (even with malformed lines), 2 when it cannot be opened or on bad options.
`;

const OPTIONS = {
  out: { type: 'string' },
  'as-of': { type: 'string' },
  library: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Results are written in blocks of about this many characters: one write per line would dominate the cost. */
const FLUSH_CHARS = 256 * 1024;
/** 1 MiB reads measured fastest for records of ~20 kB (BENCHMARKS.md, "Line splitting"). */
const READ_CHUNK_BYTES = 1024 * 1024;
const MAX_REASON_CHARS = 200;
const TOO_LONG_REASON = 'line too long to be one record';

/** Buffers result lines into blocks and waits for the stream to drain when it asks to (backpressure). */
class OutputSink {
  private pending = '';
  private failure: Error | undefined;
  private readonly stream: Writable;

  constructor(stream: Writable) {
    this.stream = stream;
    stream.on('error', (error: Error) => {
      this.failure = error;
    });
  }

  add(text: string): void {
    this.pending += text;
  }

  async flush(force = false): Promise<void> {
    if (this.failure)
      throw new CliError(`o3care ${NAME}: cannot write the results: ${reasonOf(this.failure)}`, 1);
    if (this.pending.length === 0 || (!force && this.pending.length < FLUSH_CHARS)) return;
    const block = this.pending;
    this.pending = '';
    if (!this.stream.write(block)) await once(this.stream, 'drain');
  }
}

const isBlank = (text: string): boolean =>
  text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '');

/** The error line for a malformed input line, tallied with its (shortened, one-line) reason. */
function malformed(line: number, reason: string, tally: BulkTally): string {
  const oneLine = reason.replace(/\s+/g, ' ');
  const short = oneLine.length > MAX_REASON_CHARS ? `${oneLine.slice(0, MAX_REASON_CHARS)}…` : oneLine;
  tally.addMalformed(line, short);
  return `${JSON.stringify({ line, error: short })}\n`;
}

/** One input line to one output line. */
function screenLine(text: string, line: number, context: EvaluationContext, tally: BulkTally): string {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return malformed(line, `invalid JSON: ${reasonOf(error)}`, tally);
  }
  const extracted = extractRecord(record);
  if (!extracted.ok) {
    const { path, message } = extracted.error;
    return malformed(line, message.includes(path) ? message : `${path}: ${message}`, tally);
  }
  const { facts, history } = extracted;
  const evaluation = screenPatient(facts, history, context);
  tally.addRecord(evaluation.eligibility);
  return `${JSON.stringify({
    line,
    patientId: facts.patientId,
    eligibility: evaluation.eligibility,
    findings: evaluation.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      techniques: f.techniques,
    })),
  })}\n`;
}

async function openInput(path: string): Promise<{ handle: FileHandle; info: Stats }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return { handle, info };
  } catch (error) {
    await handle?.close();
    throw new CliError(`o3care ${NAME}: cannot open ${path}: ${reasonOf(error)}`);
  }
}

/** The results file, refusing to overwrite the input (which would destroy the data being read). */
async function openOutput(path: string, input: Stats): Promise<Writable> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && existing.dev === input.dev && existing.ino === input.ino) {
    throw new CliError(`o3care ${NAME}: --out ${path} is the input file; choose another file`);
  }
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new CliError(`o3care ${NAME}: cannot write ${path}: ${reasonOf(error)}`);
  }
  return stream;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, argv, OPTIONS, 1);
  const file = positionals[0];
  if (file === undefined)
    throw new CliError(`o3care ${NAME}: FILE.ndjson is required (see o3care ${NAME} --help)`);
  const asOf = parseAsOf(NAME, values['as-of'], io.now);
  const context: EvaluationContext = { ...chooseLibrary(NAME, values.library).context, asOf };

  const { handle, info } = await openInput(file);
  const output =
    values.out === undefined
      ? io.stdout
      : await openOutput(values.out, info).catch(async (error: unknown) => {
          await handle.close();
          throw error;
        });
  const sink = new OutputSink(output);
  const tally = new BulkTally();
  const progress = progressBar(io.stderr, info.isFile() ? info.size : 0);
  const started = performance.now();
  let lineNumber = 0;
  let bytesRead = 0;
  try {
    const input = handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES, autoClose: false });
    for await (const batch of ndjsonLines(input)) {
      for (const text of batch.lines) {
        lineNumber++;
        if (text === TOO_LONG) sink.add(malformed(lineNumber, TOO_LONG_REASON, tally));
        else if (!isBlank(text)) sink.add(screenLine(text, lineNumber, context, tally));
      }
      bytesRead += batch.bytes;
      await sink.flush();
      progress.update(bytesRead, tally.records);
    }
    await sink.flush(true);
  } catch (error) {
    if (error instanceof CliError) throw error;
    // An engine or I/O failure, not bad input: one line naming where it stopped, exit 1.
    throw new CliError(`o3care ${NAME}: stopped at line ${lineNumber} of ${file}: ${reasonOf(error)}`, 1);
  } finally {
    progress.finish();
    await handle.close();
    if (output !== io.stdout) {
      output.end();
      await once(output, 'close').catch(() => undefined);
    }
  }
  io.stderr.write(renderSummary(tally, file, (performance.now() - started) / 1000));
  return 0;
}

export const screenBulkCommand: Command = {
  name: NAME,
  summary: 'screen every patient of an NDJSON file of Bundles',
  help: HELP,
  run,
};
