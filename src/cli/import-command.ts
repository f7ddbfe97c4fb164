// `o3care import FILE.json`: IPS import from the command line (SPEC-INTEROP §5 and §6), through the same plan and
// service as `POST /api/patients/import`, in one transaction on the clinic's database. Prints the report (or, with
// --json, the report object the API returns). Exit 0 when imported, 2 on bad input or a patient it cannot match safely.

import type { ImportPlan } from '../fhir/import/import-plan.ts';
import { planImport } from '../fhir/import/import-plan.ts';
import { can, isRole } from '../server/auth/permissions.ts';
import type { CareContext } from '../server/services/care-context.ts';
import { RecordConflictError } from '../server/services/errors.ts';
import type { ImportReport } from '../server/services/patient-import.ts';
import { importPatientRecord, sha256OfJson } from '../server/services/patient-import.ts';
import { findUserByUsername } from '../store/users.repository.ts';
import type { Database } from '../store/schema.ts';
import type { Kysely } from 'kysely';
import { parseCommandArgs } from './args.ts';
import { CliError } from './cli-error.ts';
import type { Command, CommandIo } from './command.ts';
import { readJsonFile } from './read-json-file.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';
import type { Palette } from './terminal.ts';
import { colourWanted, palette, wrap } from './terminal.ts';

const NAME = 'import';

/** Who the audit trail names when no --by is given: the machine's operator, acting through the command line. */
export const CLI_ACTOR_ID = 'o3care-cli';

const OPTIONS = {
  ...STORE_OPTIONS,
  by: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: o3care import FILE.json [--by USER] [--json] [--data-dir DIR]

Imports a patient's record from a FHIR R4 Bundle: an IPS document (Composition first) or a collection,
transaction, batch or searchset Bundle. The patient is matched by identifier, then by name and birth date,
or registered; the facts o3care screens for are stored with their provenance; resources an earlier import
stored unchanged are skipped; the patient is screened again. All or nothing: one transaction.

  --by USER         record the import as USER's (an enabled medical-director, physician or coordinator
                    account); without it the audit trail names ${CLI_ACTOR_ID} (role system)
  --json            print the report as JSON (the object POST /api/patients/import returns)
${STORE_HELP}

Exit status: 0 when imported, 2 on bad input (not a Bundle, a malformed field, a patient that cannot be
matched safely), 1 when the database cannot be opened.
`;

async function actorFor(
  db: Kysely<Database>,
  username: string | undefined,
): Promise<Omit<CareContext, 'at'>> {
  if (username === undefined)
    return { actorId: CLI_ACTOR_ID, actorRole: 'system', sourceIp: null, requestId: null };
  const user = await findUserByUsername(db, username);
  if (!user || user.disabled || !isRole(user.role) || !can(user.role, 'patient.import')) {
    throw new CliError(
      `o3care ${NAME}: ${username} is not an enabled account that may import patients (medical-director, physician, coordinator)`,
    );
  }
  return { actorId: user.id, actorRole: user.role, sourceIp: null, requestId: null };
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(NAME, argv, OPTIONS, 1);
  const [file] = positionals;
  if (file === undefined)
    throw new CliError(`o3care ${NAME}: FILE.json is required (see o3care ${NAME} --help)`);
  const document = await readJsonFile(NAME, file);
  const planned = planImport(document);
  if (!planned.ok) {
    const { path, message } = planned.problem;
    throw new CliError(`o3care ${NAME}: ${file}: ${message}${message.includes(path) ? '' : ` (at ${path})`}`);
  }
  const documentSha256 = sha256OfJson(document);
  const store = await openCommandStore(NAME, values['data-dir'], io.env);
  try {
    const actor = await actorFor(store.db, values.by);
    const report = await store.db
      .transaction()
      .execute((trx) => importPatientRecord(trx, { ...actor, at: io.now() }, planned.plan, documentSha256));
    io.stdout.write(
      values.json === true
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderReport(file, planned.plan, report, palette(colourWanted(io.stdout, io.env))),
    );
    return 0;
  } catch (error) {
    if (error instanceof RecordConflictError) throw new CliError(`o3care ${NAME}: ${file}: ${error.message}`);
    throw error;
  } finally {
    await store.close();
  }
}

function patientLine(plan: ImportPlan, report: ImportReport): string {
  const { givenName, familyName, birthDate } = plan.patient;
  const name = [familyName, givenName].filter((part) => part !== undefined).join(', ');
  const how =
    report.patient.outcome === 'created'
      ? 'registered'
      : report.patient.matchedBy === 'identifier'
        ? `matched by identifier ${report.patient.identifier ?? ''}`
        : 'matched by name and birth date';
  const added = report.patient.added.length > 0 ? ` · added ${report.patient.added.join(', ')}` : '';
  return `${name}${birthDate === undefined ? '' : ` · born ${birthDate}`} · ${how}${added} (patient ${report.patient.id})`;
}

function sourceLine(report: ImportReport): string {
  const { bundleType, system, date, title } = report.source;
  return [
    `${bundleType}${system === undefined ? '' : ` from ${system}`}`,
    date === undefined ? undefined : `dated ${date}`,
    title,
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}

const INDENT = ' '.repeat(10);

const labelWidth = (labels: readonly string[]): number =>
  Math.min(48, Math.max(8, ...labels.map((l) => l.length)));

/** `  Label      text…`, the text wrapped under itself (a label longer than the column gets its own spacing). */
const row = (label: string, width: number, text: string): string =>
  wrap(text, ' '.repeat(width + 4), undefined, `  ${label.padEnd(width)}  `);

const factText = (fact: ImportReport['imported'][number]['facts'][number]): string =>
  `${fact.kind} ${JSON.stringify(fact.value)}${fact.effective === undefined ? '' : ` (${fact.effective})`}`;

export function renderReport(file: string, plan: ImportPlan, report: ImportReport, p: Palette): string {
  const lines: string[] = [p.bold(`o3care import ${file}`), ''];
  lines.push(wrap(patientLine(plan, report), INDENT, undefined, `${p.bold('Patient')}   `));
  lines.push(wrap(sourceLine(report), INDENT, undefined, `${p.bold('Source')}    `));
  const factCount = report.imported.reduce((sum, item) => sum + item.facts.length, 0);
  lines.push('', p.bold(`Imported  ${report.imported.length} resource(s), ${factCount} fact(s)`));
  const importedWidth = labelWidth(report.imported.map((item) => item.resource));
  for (const item of report.imported) {
    const facts = item.facts.map(factText);
    if (item.intakeVersion !== undefined) facts.push(`intake version ${item.intakeVersion}`);
    lines.push(row(item.resource, importedWidth, facts.join('; ')));
  }
  lines.push('', p.bold(`Skipped   ${report.skipped.length} resource(s)`));
  const skippedWidth = labelWidth(report.skipped.map((item) => item.resource));
  for (const item of report.skipped) {
    lines.push(row(item.resource, skippedWidth, `${p.dim(item.reason)}: ${item.message}`));
  }
  if (report.notes.length > 0) {
    lines.push('', p.bold(`Notes     ${report.notes.length}`));
    for (const note of report.notes) lines.push(wrap(note.message, '    ', undefined, '  '));
  }
  const { findings, eligibility } = report.screening;
  const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
  lines.push(
    '',
    p.bold(
      `Screening ${findings.length} finding(s): ${p.red(`${count('hard-stop')} hard stop(s)`)}, ` +
        `${p.yellow(`${count('warning')} warning(s)`)}, ${count('info')} info`,
    ),
  );
  for (const finding of findings.filter((f) => f.severity !== 'info')) {
    lines.push(row(finding.severity, 9, `${finding.ruleId} (${finding.techniques.join(', ')})`));
  }
  const byStatus = new Map<string, string[]>();
  for (const [technique, status] of Object.entries(eligibility)) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), technique]);
  }
  for (const [status, techniques] of byStatus) {
    lines.push(wrap(`${status}: ${techniques.join(', ')}`, '    ', undefined, '  '));
  }
  lines.push('', p.dim(`import ${report.importId} recorded · document SHA-256 ${report.documentSha256}`), '');
  return lines.join('\n');
}

export const importCommand: Command = {
  name: NAME,
  summary: 'import an IPS document or a FHIR Bundle',
  help: HELP,
  run,
};
