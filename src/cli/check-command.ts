// `o3care check`: runs the engine on files — screen a record, or check an order or a session about to be signed
// against it (SPEC-INTEROP §6). Exit 0 whenever it evaluated, whatever it found; 2 on bad input.

import type { CareHistory, OzoneOrder, SessionStaff } from '../clinical/care.ts';
import type { Evaluation, EvaluationContext } from '../clinical/engine.ts';
import { checkOrder, checkSession, screenPatient } from '../clinical/engine.ts';
import type { PatientFacts } from '../clinical/facts.ts';
import { ageInYears } from '../clinical/facts.ts';
import { extractRecord } from '../fhir/extract-record.ts';
import { parseOrder } from '../fhir/parse-order.ts';
import { chooseLibrary, parseAsOf, parseCommandArgs } from './args.ts';
import type { CheckOutput } from './check-output.ts';
import { toCheckOutput } from './check-output.ts';
import { renderCheckReport } from './check-report.ts';
import { CliError } from './cli-error.ts';
import type { Command, CommandIo } from './command.ts';
import { readJsonFile } from './read-json-file.ts';
import { colourWanted, palette } from './terminal.ts';

const NAME = 'check';

const HELP = `Usage: o3care check --record BUNDLE.json [--order ORDER.json] [--as-of ISO-DATETIME]
                    [--library template] [--json]

Runs the clinical engine on files. Without --order it screens the patient for every technique; with an
order (a MedicationRequest) it checks the order, and with a Procedure in preparation or in progress it checks
the session about to be signed.

Options:
  --record FILE     the patient's record: a FHIR R4 Bundle (Patient, Condition, Observation, ...)
  --order FILE      a draft ozone order (MedicationRequest) or a session about to be signed (Procedure)
  --as-of TIME      the moment to evaluate for, ISO 8601 with a time zone (default: now)
  --library NAME    "template": evaluate against the shipped template as if approved (evaluation only).
                    Without it there is no approved library, so orders stop on library.unapproved.
  --json            print the machine-readable result instead of the human table
  -h, --help        show this help

Exit status: 0 when it evaluated (whatever it found), 2 on bad input.
`;

const OPTIONS = {
  record: { type: 'string' },
  order: { type: 'string' },
  'as-of': { type: 'string' },
  library: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `record.json: <message>`, with the JSON path added when the message does not already name it. */
function inputError(file: string, error: { path: string; message: string }): CliError {
  const where = error.message.includes(error.path) ? '' : ` (at ${error.path})`;
  return new CliError(`o3care ${NAME}: ${file}: ${error.message}${where}`);
}

function describeOrder(
  kind: 'order' | 'session',
  order: OzoneOrder,
  staff: SessionStaff | undefined,
): string {
  const parts = [
    `${kind === 'order' ? 'order' : 'session about to be signed'}${order.id ? ` ${order.id}` : ''}:`,
    order.technique ?? '(no technique)',
    order.goal?.code !== undefined ? `· goal ${order.goal.code}` : undefined,
    order.concentrationUgPerMl !== undefined ? `· ${order.concentrationUgPerMl} µg/mL` : undefined,
    order.gasVolumeMl !== undefined ? `· gas ${order.gasVolumeMl} mL` : undefined,
    order.bloodVolumeMl !== undefined ? `· blood ${order.bloodVolumeMl} mL` : undefined,
    order.durationMin !== undefined ? `· ${order.durationMin} min` : undefined,
  ];
  if (kind === 'session') {
    const operator = staff?.operator;
    parts.push(
      `· operator ${operator ? `${operator.id} (${operator.credentials.join(', ') || 'no credentials'})` : 'none'}`,
      `· supervising physician ${staff?.supervisingPhysicianId ?? 'none'}`,
      `· image guidance ${staff?.imageGuidance === true ? 'yes' : 'no'}`,
    );
  }
  return parts.filter((part) => part !== undefined).join(' ');
}

interface Target {
  readonly kind: 'order' | 'session';
  readonly order: OzoneOrder;
  readonly staff?: SessionStaff;
}

function evaluate(
  target: Target | undefined,
  facts: PatientFacts,
  history: CareHistory,
  context: EvaluationContext,
): Evaluation {
  if (target === undefined) return screenPatient(facts, history, context);
  if (target.kind === 'session')
    return checkSession(target.order, target.staff ?? {}, facts, history, context);
  return checkOrder(target.order, facts, history, context);
}

/** Whether a reference (`Patient/p1`, `https://x/fhir/Patient/p1`) names the patient with this id. */
const refersTo = (reference: string, patientId: string): boolean =>
  reference === `Patient/${patientId}` ||
  reference.endsWith(`/Patient/${patientId}`) ||
  reference === patientId;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(NAME, argv, OPTIONS, 0);
  if (values.record === undefined) {
    throw new CliError(`o3care ${NAME}: --record BUNDLE.json is required (see o3care ${NAME} --help)`);
  }
  const asOf = parseAsOf(NAME, values['as-of'], io.now);
  const library = chooseLibrary(NAME, values.library);

  const extracted = extractRecord(await readJsonFile(NAME, values.record));
  if (!extracted.ok) throw inputError(values.record, extracted.error);
  let target: Target | undefined;
  if (values.order !== undefined) {
    const parsed = parseOrder(await readJsonFile(NAME, values.order));
    if (!parsed.ok) throw inputError(values.order, parsed.error);
    const patientId = extracted.facts.patientId;
    if (parsed.subject !== undefined && patientId !== undefined && !refersTo(parsed.subject, patientId)) {
      throw new CliError(
        `o3care ${NAME}: ${values.order}: the order is for ${parsed.subject.slice(0, 80)}, but the record is of Patient/${patientId.slice(0, 80)}`,
      );
    }
    target = { kind: parsed.kind, order: parsed.order, ...(parsed.staff ? { staff: parsed.staff } : {}) };
  }

  const { facts, history, issues } = extracted;
  const evaluation = evaluate(target, facts, history, { ...library.context, asOf });
  const output: CheckOutput = toCheckOutput(evaluation, {
    evaluationOnly: library.evaluationOnly,
    ...(target
      ? {
          order: { signable: evaluation.signable },
        }
      : {}),
    issues,
  });

  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  }
  const age = ageInYears(facts.birthDate, asOf);
  const report = renderCheckReport(
    output,
    {
      ...(facts.patientId !== undefined ? { patientId: facts.patientId } : {}),
      ...(facts.sex !== undefined ? { sex: facts.sex } : {}),
      ...(age !== undefined ? { ageYears: age } : {}),
      asOf,
      libraryNote: library.note,
      ...(target ? { orderLine: describeOrder(target.kind, target.order, target.staff) } : {}),
    },
    palette(colourWanted(io.stdout, io.env)),
  );
  io.stdout.write(report);
  return 0;
}

export const checkCommand: Command = {
  name: NAME,
  summary: 'screen a record, or check an order, from files',
  help: HELP,
  run,
};
