// `o3care demo` (SPEC-INTEROP §6): creates a demo clinic — the approved template library, one account per role with
// printed credentials, synthetic patients whose records together show every rule — then serves it like `serve`.
// It never writes into a database that holds a clinic it did not make.

import { listUsers } from '../store/users.repository.ts';
import type { Store } from '../store/database.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './cli-error.ts';
import type { Command, CommandIo } from './command.ts';
import { buildDemoClinic } from './demo/clinic.ts';
import { clinicState } from './demo/clinic-state.ts';
import { SCENARIOS } from './demo/scenarios.ts';
import { printCreatedClinic, printExistingDemo } from './demo/summary.ts';
import { holdDataFolder, startServer } from './serve-command.ts';
import { openCommandStore } from './store-options.ts';

const NAME = 'demo';
export const DEFAULT_DEMO_DIR = './demo-data';

const OPTIONS = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'no-serve': { type: 'boolean' },
} as const;

function parsePort(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError(`o3care ${NAME}: --port must be 0–65535, got "${value}"`);
  return port;
}

const usernamesOf = (detail: Record<string, unknown>): string[] =>
  Array.isArray(detail.usernames) ? detail.usernames.filter((u): u is string => typeof u === 'string') : [];

/** Where a new demo clinic could go instead. */
const freshPlace = (io: CommandIo, dataDir: string): string =>
  io.env.DATABASE_URL?.trim()
    ? 'an empty database in DATABASE_URL, or unset it and use --data-dir'
    : `a fresh folder: o3care demo --data-dir ${dataDir.replace(/\/+$/, '')}-2`;

/** Creates the demo clinic, or finds the one an earlier run made; refuses any other clinic. */
async function prepareDemo(store: Store, io: CommandIo, dataDir: string): Promise<void> {
  const state = await clinicState(store.db);
  const fresh = freshPlace(io, dataDir);
  switch (state.kind) {
    case 'empty':
      printCreatedClinic(io.stdout, await buildDemoClinic(store, io.now()), store.location);
      return;
    case 'demo': {
      const usernames = usernamesOf(state.detail);
      const accounts = (await listUsers(store.db))
        .filter((row) => usernames.includes(row.username))
        .sort((a, b) => usernames.indexOf(a.username) - usernames.indexOf(b.username))
        .map((row) => ({ role: row.role, username: row.username, totpSecret: row.totp_secret }));
      const patients = SCENARIOS.map((scenario) => ({
        name: `${scenario.patient.givenName} ${scenario.patient.familyName}`,
        shows: scenario.shows,
      }));
      printExistingDemo(io.stdout, store.location, state.createdAt, accounts, fresh, patients);
      return;
    }
    case 'unfinished-demo':
      throw new CliError(
        `o3care ${NAME}: ${store.location} holds a demo clinic whose creation stopped before it finished; ` +
          `make a new one in ${fresh}`,
      );
    case 'clinic':
      throw new CliError(
        `o3care ${NAME}: ${store.location} already holds a clinic (${state.users} account(s), ${state.patients} ` +
          `patient(s)) that o3care demo did not make; the demo never writes into a real clinic's records. ` +
          `Use ${fresh}`,
      );
  }
}

export const demoCommand: Command = {
  name: NAME,
  summary: 'create a demo clinic with synthetic patients, then serve it',
  help: `Usage: o3care demo [--data-dir ${DEFAULT_DEMO_DIR}] [--port 3000] [--host 127.0.0.1] [--no-serve]

Creates a demo clinic: the shipped protocol library (template-1) and a clinic version of it approved by the demo
medical director, consent templates for every technique it offers, one account per role (admin, medical-director,
physician, nurse, coordinator, and a patient portal account) with generated passwords and TOTP secrets printed once,
and ${SCENARIOS.length} synthetic patients whose records, placed over the weeks before today, together show every rule id. Prints
which patient shows each rule, then serves the clinic like o3care serve. Stop with Ctrl-C.

A folder that already holds the demo clinic is served as it is (its passwords cannot be printed again). A database
that holds any other clinic is refused: the demo never writes into a real clinic's records.

  --data-dir DIR   embedded database folder (default ${DEFAULT_DEMO_DIR}); ignored when DATABASE_URL is set
  --port N         port to listen on (default 3000; 0 picks a free one)
  --host ADDR      address to listen on (default 127.0.0.1)
  --no-serve       create (or check) the demo clinic and exit
Environment:
  DATABASE_URL     postgres://user:password@host:5432/db — a PostgreSQL server instead of the embedded database
  O3CARE_LOG=off   no request log
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(NAME, argv, OPTIONS, 0);
    const port = parsePort(values.port);
    const dataDir = values['data-dir'] ?? DEFAULT_DEMO_DIR;
    // Held from the first write to the end of serving, as `o3care serve` holds it (server-lock.ts).
    const lock = holdDataFolder(NAME, io.env, dataDir);
    try {
      const store = await openCommandStore(NAME, dataDir, io.env);
      try {
        await prepareDemo(store, io, dataDir);
      } catch (error) {
        await store.close();
        throw error;
      }
      if (values['no-serve'] === true) {
        await store.close();
        return 0;
      }
      const app = await startServer(store, io, port, values.host ?? '127.0.0.1', {
        ...(lock ? { localBackupToken: lock.token, onListening: (url: string) => lock.publish(url) } : {}),
      }).catch(async (error: unknown) => {
        await store.close();
        throw new CliError(
          `o3care ${NAME}: cannot start (${error instanceof Error ? error.message : String(error)})`,
          1,
        );
      });
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await app.close();
      await store.close();
      return 0;
    } finally {
      lock?.release();
    }
  },
};
