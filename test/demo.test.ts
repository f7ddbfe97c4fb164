// `o3care demo`, run as a newcomer would (--no-serve): credentials for every role that really sign in, at least 12
// synthetic patients, every rule id stored somewhere in the record, an audit chain that verifies, and a second run
// that adds nothing. On the embedded database in a temporary folder, and on PostgreSQL when the test run has one.

import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { RuleId } from '../src/clinical/rule-catalog.ts';
import { RULE_IDS } from '../src/clinical/rule-catalog.ts';
import { buildApp } from '../src/server/app.ts';
import { ROLES } from '../src/server/auth/permissions.ts';
import { createUser, signIn } from '../src/server/testing/auth.ts';
import { verifyAuditChain } from '../src/store/audit.repository.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';
import type { Database } from '../src/store/schema.ts';

const ROOT = join(import.meta.dirname, '..');

/** Which demo patient shows each rule: the table the demo prints, kept here so that a change to either shows. */
const RULE_SHOWN_BY = {
  'route.prohibited': 'Héctor Molina',
  'route.disabled-by-clinic': 'Héctor Molina',
  'indication.undefined': 'Carmen Soto',
  'indication.route-mismatch': 'María López',
  'indication.weak-evidence': 'Pedro Navarro',
  'fundamentals.unaddressed': 'Carmen Soto',
  'contraindication.g6pd-deficiency': 'Karim Haddad',
  'screening.g6pd-unknown': 'Carmen Soto',
  'contraindication.pregnancy': 'Lucía Fernández',
  'screening.pregnancy-unknown': 'María López',
  'contraindication.hyperthyroidism': 'Javier Castro',
  'contraindication.thrombocytopenia': 'Antonio Ruiz',
  'contraindication.coagulopathy': 'Antonio Ruiz',
  'contraindication.anticoagulant': 'Antonio Ruiz',
  'contraindication.recent-mi': 'Manuel Ortega',
  'contraindication.cardiovascular-instability': 'Manuel Ortega',
  'contraindication.seizure-disorder': 'Rosa Jiménez',
  'contraindication.acute-intoxication': 'Luis Moreno',
  'contraindication.ozone-intolerance': 'Beatriz Romero',
  'caution.ace-inhibitor': 'Manuel Ortega',
  'caution.anemia': 'Rosa Jiménez',
  'caution.hypoglycemia-risk': 'Karim Haddad',
  'expectations.unrealistic': 'Héctor Molina',
  'resilience.high-oxidative-burden': 'Héctor Molina',
  'record.patient-deceased': 'Ernesto Blanco',
  'library.unapproved': 'Tomás Herrera',
  'dose.concentration-above-hard-max': 'Francisco Gómez',
  'dose.concentration-above-soft-max': 'Francisco Gómez',
  'dose.concentration-below-soft-min': 'Laura Pérez',
  'dose.volume-above-hard-max': 'Francisco Gómez',
  'dose.volume-above-soft-max': 'Diego Martín',
  'dose.volume-below-soft-min': 'Rosa Jiménez',
  'dose.total-above-hard-max': 'Diego Martín',
  'dose.total-above-soft-max': 'Diego Martín',
  'dose.blood-volume-above-limit': 'Pedro Navarro',
  'dose.required-value-missing': 'Pedro Navarro',
  'dose.blood-volume-above-soft-max': 'Pedro Navarro',
  'dose.blood-volume-below-soft-min': 'Rosa Jiménez',
  'dose.duration-above-hard-max': 'Karim Haddad',
  'dose.duration-above-soft-max': 'Karim Haddad',
  'dose.duration-below-soft-min': 'Karim Haddad',
  'dose.escalation-too-fast': 'Beatriz Romero',
  'dose.escalation-after-adverse-event': 'Pedro Navarro',
  'dose.interval-too-short': 'Pedro Navarro',
  'course.sessions-exceeded': 'Francisco Gómez',
  'course.reassessment-due': 'Karim Haddad',
  'course.non-responder': 'Francisco Gómez',
  'course.adverse-event-unreviewed': 'Pedro Navarro',
  'consent.missing': 'Ramón Iglesias',
  'consent.expired': 'Diego Martín',
  'consent.technique-not-covered': 'Laura Pérez',
  'oversight.no-supervising-physician': 'Liam Byrne',
  'oversight.operator-not-credentialed': 'Liam Byrne',
  'procedure.image-guidance-required': 'Liam Byrne',
} as const satisfies Record<RuleId, string>;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function o3care(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['src/cli/main.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, O3CARE_LOG: 'off', ...env }, maxBuffer: 8 << 20 },
      (error, stdout, stderr) =>
        resolve({
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        }),
    );
  });
}

interface PrintedAccount {
  readonly role: string;
  readonly username: string;
  readonly password: string;
  readonly totpSecret: string;
}

/** The credentials table: `  role  username  password  TOTP secret`, one line per account. */
function printedAccounts(stdout: string): PrintedAccount[] {
  const rows = stdout.matchAll(/^ {2}(\S+) +(demo-\S+) +([a-z2-7]{5}(?:-[a-z2-7]{5}){4}) +([A-Z2-7]{32})$/gm);
  return [...rows].map(([, role, username, password, totpSecret]) => ({
    role: role!,
    username: username!,
    password: password!,
    totpSecret: totpSecret!,
  }));
}

/** The printed rule table: `  rule.id  Patient Name[, …]  where`. */
function printedRuleTable(stdout: string): Map<string, string> {
  const ruleIds = RULE_IDS.map((id) => id.replaceAll('.', '\\.')).join('|');
  const rows = stdout.matchAll(new RegExp(`^ {2}(${ruleIds}) +(.+?)(?: {2,}.*)?$`, 'gm'));
  return new Map([...rows].map(([, ruleId, patients]) => [ruleId!, patients!]));
}

const findingRules = (findings: unknown): string[] =>
  Array.isArray(findings) ? findings.map((f: { ruleId: string }) => f.ruleId) : [];

/**
 * Every rule id the stored record holds, per patient name, read straight from the tables: screening results, plan
 * step findings, order findings, detected issues, the checks stored on sessions, and the hard stops of `denied`
 * audit rows.
 */
async function storedRulesByPatient(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const names = new Map(
    (await db.selectFrom('patient').select(['id', 'given_name', 'family_name']).execute()).map((p) => [
      p.id,
      `${p.given_name} ${p.family_name}`,
    ]),
  );
  const byPatient = new Map<string, Set<string>>();
  const add = (patientId: string | null, ruleIds: readonly string[]) => {
    const name = names.get(patientId ?? '');
    if (name === undefined) return;
    const rules = byPatient.get(name) ?? new Set<string>();
    for (const ruleId of ruleIds) rules.add(ruleId);
    byPatient.set(name, rules);
  };
  for (const row of await db.selectFrom('screening_result').select(['patient_id', 'findings']).execute())
    add(row.patient_id, findingRules(row.findings));
  for (const row of await db.selectFrom('plan').select(['patient_id', 'step_findings']).execute())
    add(
      row.patient_id,
      row.step_findings.flatMap((step) => findingRules(step.findings)),
    );
  for (const row of await db.selectFrom('ozone_order').select(['patient_id', 'findings']).execute())
    add(row.patient_id, findingRules(row.findings));
  for (const row of await db.selectFrom('detected_issue').select(['patient_id', 'rule_id']).execute())
    add(row.patient_id, [row.rule_id]);
  for (const row of await db.selectFrom('ozone_session').select(['patient_id', 'rescreening']).execute())
    add(row.patient_id, findingRules(row.rescreening?.evaluation.findings));
  const denied = await db
    .selectFrom('audit_event')
    .select(['patient_id', 'action', 'detail'])
    .where('outcome', '=', 'denied')
    .execute();
  for (const row of denied) {
    const hardStops = row.detail?.hardStops;
    add(row.patient_id, Array.isArray(hardStops) ? hardStops.filter((r) => typeof r === 'string') : []);
  }
  return byPatient;
}

const count = async (db: Kysely<Database>, table: 'app_user' | 'patient' | 'audit_event'): Promise<number> =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

interface Target {
  readonly name: string;
  /** The demo's arguments and environment. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Makes the empty database the demo will fill. */
  prepare(): Promise<void>;
  /** Opens the database the demo wrote (after the command has exited). */
  open(): Promise<Store>;
  cleanUp(): Promise<void>;
}

function embeddedTarget(): Target {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'o3care-demo-')), 'demo');
  return {
    name: 'the embedded database',
    args: ['--data-dir', dataDir],
    env: { DATABASE_URL: '' },
    prepare: async () => {},
    open: () => openStore({ dataDir }),
    cleanUp: async () => {},
  };
}

function postgresTarget(adminUrl: string): Target {
  const database = `o3care_demo_${randomUUID().replaceAll('-', '')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL (DATABASE_URL)',
    args: [],
    env: { DATABASE_URL: url.toString() },
    prepare: () => admin(`create database ${database}`),
    open: () => openStore({ url: url.toString(), poolSize: 2 }),
    cleanUp: () => admin(`drop database if exists ${database} with (force)`),
  };
}

const targets: Target[] = [embeddedTarget()];
if (process.env.O3CARE_TEST_PG_URL) targets.push(postgresTarget(process.env.O3CARE_TEST_PG_URL));

for (const target of targets) {
  describe(`o3care demo on ${target.name}`, () => {
    let first: Run;
    before(async () => {
      await target.prepare();
      first = await o3care(['demo', ...target.args, '--no-serve'], target.env);
    });
    after(() => target.cleanUp());

    const withStore = async <T>(work: (store: Store) => Promise<T>): Promise<T> => {
      const store = await target.open();
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    };

    test('exits 0 and prints demo credentials for every role, marked as demo credentials', () => {
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stderr, '');
      assert.match(first.stdout, /DEMO CREDENTIALS/);
      const accounts = printedAccounts(first.stdout);
      assert.deepEqual(accounts.map((a) => a.role).sort(), [...ROLES].sort());
      for (const account of accounts) {
        assert.ok(
          first.stdout.includes(`otpauth://totp/o3care%3A${account.username}?secret=${account.totpSecret}`),
          account.username,
        );
      }
    });

    test('the printed passwords and TOTP secrets sign in through the real sign-in routes', async () => {
      await withStore(async (store) => {
        const app = await buildApp({ store, logger: false });
        try {
          for (const account of printedAccounts(first.stdout)) await signIn(app, account);
        } finally {
          await app.close();
        }
      });
    });

    test('creates at least 12 synthetic patients, one of them behind the patient portal account', async () => {
      await withStore(async (store) => {
        assert.ok((await count(store.db, 'patient')) >= 12);
        const account = await store.db
          .selectFrom('app_user')
          .select('patient_id')
          .where('role', '=', 'patient')
          .executeTakeFirstOrThrow();
        const portal = await store.db
          .selectFrom('patient')
          .select(['given_name', 'family_name'])
          .where('id', '=', account.patient_id!)
          .executeTakeFirstOrThrow();
        assert.equal(`${portal.given_name} ${portal.family_name}`, 'Tomás Herrera');
      });
    });

    test('every rule id is stored in the record of the patient the table names', async () => {
      const stored = await withStore((store) => storedRulesByPatient(store.db));
      const missing = RULE_IDS.filter((ruleId) => !stored.get(RULE_SHOWN_BY[ruleId])?.has(ruleId));
      assert.deepEqual(missing, []);
    });

    test('the printed table names the same patient for every rule id', () => {
      const printed = printedRuleTable(first.stdout);
      assert.equal(printed.size, RULE_IDS.length);
      for (const ruleId of RULE_IDS) {
        assert.ok(printed.get(ruleId)?.includes(RULE_SHOWN_BY[ruleId]), `${ruleId}: ${printed.get(ruleId)}`);
      }
    });

    test('refused attempts are denied audit rows naming their hard stops, and the audit chain verifies', async () => {
      await withStore(async (store) => {
        const denied = await store.db
          .selectFrom('audit_event')
          .select(['action', 'detail'])
          .where('outcome', '=', 'denied')
          .execute();
        assert.deepEqual([...new Set(denied.map((row) => row.action))].sort(), [
          'order.write',
          'plan.write',
          'session.sign',
        ]);
        assert.ok(
          denied.every((row) => Array.isArray(row.detail?.hardStops) && row.detail.hardStops.length > 0),
        );
        const chain = await verifyAuditChain(store.db);
        assert.equal(chain.ok, true, JSON.stringify(chain));
      });
    });

    test('a second run on the same database adds nothing and says the passwords are not recoverable', async () => {
      const before = await withStore(async (store) => ({
        users: await count(store.db, 'app_user'),
        patients: await count(store.db, 'patient'),
        audit: await count(store.db, 'audit_event'),
      }));
      const second = await o3care(['demo', ...target.args, '--no-serve'], target.env);
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, /already holds the demo clinic/);
      assert.match(second.stdout, /not recoverable/);
      assert.equal(printedAccounts(second.stdout).length, 0, 'no password is printed again');
      const afterwards = await withStore(async (store) => ({
        users: await count(store.db, 'app_user'),
        patients: await count(store.db, 'patient'),
        audit: await count(store.db, 'audit_event'),
      }));
      assert.deepEqual(afterwards, before);
    });

    test('then serves the demo clinic like o3care serve, and stops on SIGTERM', async () => {
      const child = spawn(process.execPath, ['src/cli/main.ts', 'demo', ...target.args, '--port', '0'], {
        cwd: ROOT,
        env: { ...process.env, O3CARE_LOG: 'off', ...target.env },
      });
      let stdout = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /serving (http:\/\/\S+)/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`demo exited early (${code}): ${stdout}`)));
      });
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        const ready = (await (await fetch(`${address}/readyz`)).json()) as { status: string };
        assert.equal(ready.status, 'ready');
        assert.doesNotMatch(stdout, /one-time code/, 'the demo clinic has its administrator');
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exit, 0);
    });
  });
}

describe('o3care demo next to a real clinic', () => {
  test('refuses a database that holds a clinic it did not make, and writes nothing into it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'o3care-demo-clinic-')), 'data');
    const store = await openStore({ dataDir });
    await createUser(store, { role: 'physician' });
    await store.close();
    const run = await o3care(['demo', '--data-dir', dataDir, '--no-serve'], { DATABASE_URL: '' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /already holds a clinic .* that o3care demo did not make/);
    const reopened = await openStore({ dataDir });
    try {
      assert.equal(await count(reopened.db, 'app_user'), 1);
      assert.equal(await count(reopened.db, 'patient'), 0);
    } finally {
      await reopened.close();
    }
  });
});
