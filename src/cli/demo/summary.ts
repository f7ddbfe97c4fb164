// What `o3care demo` prints: the demo credentials (once: passwords are kept only as hashes), the patients, and which
// patient shows each rule id and where in the stored record.

import type { Writable } from 'node:stream';
import type { RuleId } from '../../clinical/rule-catalog.ts';
import { RULE_IDS } from '../../clinical/rule-catalog.ts';
import { otpauthUri } from '../../server/auth/totp.ts';
import type { DemoClinic, DemoPatientRecord } from './clinic.ts';
import type { ShownIn } from './chart.ts';
import type { DemoAccount } from './staff.ts';

const line = (out: Writable, text = '') => out.write(`${text}\n`);

/** Rows of text columns, each padded to its widest cell (the last column is not padded). */
function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map(
      (row) =>
        indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 2))).join(''),
    )
    .join('\n');
}

export const CREDENTIALS_WARNING =
  'DEMO CREDENTIALS: synthetic clinic for trying o3care; never use these accounts or this database for real patients.';

function printCredentials(out: Writable, clinic: DemoClinic): void {
  const accounts: readonly DemoAccount[] = [...Object.values(clinic.staff), clinic.patientAccount];
  line(out, CREDENTIALS_WARNING);
  line(out, 'Shown once: passwords are stored only as argon2id hashes and cannot be printed again.');
  line(out);
  line(
    out,
    table([
      ['role', 'username', 'password', 'TOTP secret'],
      ...accounts.map((a) => [a.user.role, a.user.username, a.password, a.totp.secret]),
    ]),
  );
  line(out);
  line(
    out,
    '  Second factor: add each TOTP secret to an authenticator app, or scan its otpauth URI as a QR code:',
  );
  line(out, table(accounts.map((a) => [a.user.username, a.totp.uri])));
}

/** A patient as the rule table reads it: who, which rules the scenario claims, and where the record stores them. */
export type RuleTablePatient = Pick<DemoPatientRecord, 'name' | 'shows'> &
  Partial<Pick<DemoPatientRecord, 'shown'>>;

/** One row per rule id: the patients whose scenario shows it, and where it is stored in their record. */
export function ruleTable(patients: readonly RuleTablePatient[]): [RuleId, string, string][] {
  return RULE_IDS.map((ruleId) => {
    const showing = patients.filter((patient) => patient.shows.includes(ruleId));
    const places = new Set<ShownIn>(showing.flatMap((patient) => [...(patient.shown?.get(ruleId) ?? [])]));
    return [ruleId, showing.map((patient) => patient.name).join(', '), [...places].join(', ')];
  });
}

export const WHERE_RULES_SHOW = `  Where: screening = a stored screening result; plan check, order, session check = findings stored with the
  plan, the signed order or the signed session; override = a warning passed with a coded reason (a detected issue);
  day-of check = the check stored on a draft session that could not be signed; refused (audit) = a hard stop that
  refused the attempt, which is stored only as a "denied" row of the audit trail (action plan.write, order.write or
  session.sign, detail.hardStops). Refused plans and orders are never stored as plans or orders.`;

export function printCreatedClinic(out: Writable, clinic: DemoClinic, location: string): void {
  const director = clinic.staff['medical-director'].user.displayName;
  line(out, `o3care demo: created a demo clinic in ${location}`);
  line(
    out,
    `Clinic "today" is ${clinic.today.toISOString().slice(0, 10)}; the synthetic record covers the 120 days before it.`,
  );
  line(
    out,
    `Protocol library ${clinic.library.library.version} (from template-1), approved by ${director}; ` +
      `consent templates for ${clinic.library.library.enabledTechniques.length} techniques.`,
  );
  line(out);
  printCredentials(out, clinic);
  line(out);
  line(out, `Patients (${clinic.patients.length}, synthetic):`);
  clinic.patients.forEach((patient, i) => {
    const portal = patient.portalAccount ? `  [portal account ${clinic.patientAccount.user.username}]` : '';
    line(out, `  ${String(i + 1).padStart(2)}. ${patient.summary}${portal}`);
    for (const note of patient.notes) line(out, `      ${note}`);
  });
  line(out);
  line(out, `Every rule (${RULE_IDS.length}) and the demo patient whose record shows it:`);
  line(out, table([['rule id', 'patient', 'where'], ...ruleTable(clinic.patients)]));
  line(out, WHERE_RULES_SHOW);
  line(out);
}

export interface ExistingAccount {
  readonly role: string;
  readonly username: string;
  readonly totpSecret: string | null;
}

export function printExistingDemo(
  out: Writable,
  location: string,
  createdAt: Date,
  accounts: readonly ExistingAccount[],
  freshPlace: string,
  patients: readonly RuleTablePatient[],
): void {
  line(
    out,
    `o3care demo: ${location} already holds the demo clinic made on ${createdAt.toISOString().slice(0, 10)}; nothing was added.`,
  );
  line(out, CREDENTIALS_WARNING);
  line(
    out,
    'Passwords cannot be recovered: only their hashes are stored. For new demo credentials, make a new',
  );
  line(out, `demo clinic in ${freshPlace}`);
  line(out);
  line(
    out,
    table([
      ['role', 'username', 'password', 'TOTP secret'],
      ...accounts.map((a) => [a.role, a.username, '(not recoverable)', a.totpSecret ?? '(none)']),
    ]),
  );
  const withTotp = accounts.filter((a) => a.totpSecret !== null);
  if (withTotp.length > 0) {
    line(out);
    line(out, table(withTotp.map((a) => [a.username, otpauthUri(a.totpSecret!, a.username)])));
  }
  line(out);
  line(out, 'The demo patient whose record shows each rule:');
  line(
    out,
    table([['rule id', 'patient'], ...ruleTable(patients).map(([ruleId, names]) => [ruleId, names])]),
  );
  line(out);
}
