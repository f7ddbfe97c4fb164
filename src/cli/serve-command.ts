// `o3care serve`: the clinic server on the embedded database (or DATABASE_URL). On a first start with no
// administrator it prints a one-time code to create one. On the embedded database it holds the data folder's lock
// (server-lock.ts) while it runs and serves the local backup route that `o3care backup` uses meanwhile.

import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../server/app.ts';
import { parseCdsClients } from '../server/cds/clients.ts';
import { ensureBootstrap } from '../server/auth/bootstrap.ts';
import type { ClinicLanguage } from '../server/routes/clinic.ts';
import { isClinicLanguage } from '../server/routes/clinic.ts';
import { localBackupRoutes } from '../server/routes/local-backup.ts';
import type { Store } from '../store/database.ts';
import { parseCommandArgs } from './args.ts';
import { ensureWebBuild } from './web-build.ts';
import { CliError } from './cli-error.ts';
import type { Command, CommandIo } from './command.ts';
import type { HeldLock } from './server-lock.ts';
import { acquireServerLock, FolderInUseError } from './server-lock.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';

const NAME = 'serve';

const OPTIONS = {
  ...STORE_OPTIONS,
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

function parsePort(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError(`o3care ${NAME}: --port must be 0–65535, got "${value}"`);
  return port;
}

export interface StartOptions {
  /** Serve POST /api/admin/backup for `o3care backup`, authorised by this secret (embedded database only). */
  readonly localBackupToken?: string;
  /** Called with a URL this machine reaches the server at, once it listens and before anything is printed. */
  readonly onListening?: (localUrl: string) => void;
}

/** The server's URL from this machine: a wildcard address is reached through loopback. */
function localUrl(app: FastifyInstance): string {
  const { address, port, family } = app.server.address() as AddressInfo;
  const host =
    address === '0.0.0.0'
      ? '127.0.0.1'
      : address === '::'
        ? '[::1]'
        : family === 'IPv6'
          ? `[${address}]`
          : address;
  return `http://${host}:${port}`;
}

/**
 * CDS Hooks clients from `O3CARE_CDS_CLIENTS` (SPEC-INTEROP §3) and the public URL their tokens' `aud` names,
 * `O3CARE_PUBLIC_URL`: behind a proxy the address o3care listens on is not the one clients call, so it is never
 * guessed.
 */
export function cdsOptions(command: string, env: NodeJS.ProcessEnv): AppOptions['cds'] {
  // Checked even without clients, so that a mistyped value is not silently ignored.
  const workers = cdsWorkersOf(command, env);
  const json = env.O3CARE_CDS_CLIENTS?.trim();
  if (!json) return undefined;
  let clients;
  try {
    clients = parseCdsClients(json);
  } catch (error) {
    throw new CliError(`o3care ${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const publicUrl = env.O3CARE_PUBLIC_URL?.trim();
  if (!publicUrl || !URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    throw new CliError(
      `o3care ${command}: O3CARE_CDS_CLIENTS needs O3CARE_PUBLIC_URL, the http(s) URL clients call o3care at (each token's aud is that URL + /cds-services…)`,
    );
  }
  return { clients, publicBaseUrl: publicUrl, workers };
}

/**
 * Worker threads answering CDS service calls, `O3CARE_CDS_WORKERS` (0–16): by default one when the machine has a
 * second core, so that CDS evaluation does not hold up the clinic's own requests (docs/decisions/0016).
 */
export function cdsWorkersOf(command: string, env: NodeJS.ProcessEnv): number {
  const value = env.O3CARE_CDS_WORKERS?.trim();
  if (!value) return availableParallelism() > 1 ? 1 : 0;
  const workers = Number(value);
  if (!/^\d+$/.test(value) || workers > 16)
    throw new CliError(
      `o3care ${command}: O3CARE_CDS_WORKERS must be a whole number from 0 to 16, got "${value}"`,
    );
  return workers;
}

/** The clinic's default language for the web app, `O3CARE_DEFAULT_LANGUAGE` (en or es). */
export function defaultLanguageOf(env: NodeJS.ProcessEnv): ClinicLanguage {
  const value = env.O3CARE_DEFAULT_LANGUAGE?.trim() || 'en';
  if (!isClinicLanguage(value))
    throw new CliError(`o3care ${NAME}: O3CARE_DEFAULT_LANGUAGE must be en or es, got "${value}"`);
  return value;
}

/** Starts the server and resolves with it once it listens; the caller decides when to stop. */
export async function startServer(
  store: Store,
  io: CommandIo,
  port: number,
  host: string,
  options: StartOptions = {},
): Promise<FastifyInstance> {
  const cds = cdsOptions(NAME, io.env);
  const [{ buildApp }, web] = await Promise.all([
    import('../server/app.ts'),
    ensureWebBuild((line) => io.stdout.write(`${line}\n`)),
  ]);
  const app = await buildApp({
    webDir: web.dir,
    defaultLanguage: defaultLanguageOf(io.env),
    store,
    logger: io.env.O3CARE_LOG !== 'off',
    secureCookies: io.env.O3CARE_SECURE_COOKIES === 'true',
    ...(cds ? { cds } : {}),
  });
  if (options.localBackupToken !== undefined)
    await app.register(localBackupRoutes, { token: options.localBackupToken });
  const address = await app.listen({ port, host });
  options.onListening?.(localUrl(app));
  const bootstrap = await ensureBootstrap(store);
  io.stdout.write(`o3care is serving ${address} (database: ${store.kind}, ${store.location})\n`);
  io.stdout.write(`  Web app:   ${address}/\n`);
  io.stdout.write(`  API docs:  ${address}/docs\n`);
  if (bootstrap) {
    io.stdout.write(
      `\nFirst start: no administrator yet. Create one with this one-time code (valid 24 hours):\n\n    ${bootstrap.code}\n\n` +
        `  curl -X POST ${address}/api/auth/bootstrap -H 'content-type: application/json' \\\n` +
        `       -d '{"code":"${bootstrap.code}","username":"admin","password":"<at least 12 characters>"}'\n\n` +
        `then sign in with POST ${address}/api/auth/login.\n`,
    );
  } else {
    io.stdout.write(`Sign in with POST ${address}/api/auth/login.\n`);
  }
  return app;
}

/**
 * Takes the embedded data folder for a serving command (undefined with DATABASE_URL). Pass its token and `publish`
 * to startServer so that `o3care backup` works while the server runs; release it when the server stops.
 */
export function holdDataFolder(
  command: string,
  env: NodeJS.ProcessEnv,
  dataDir: string,
): HeldLock | undefined {
  if (env.DATABASE_URL?.trim()) return undefined;
  try {
    return acquireServerLock(dataDir);
  } catch (error) {
    if (error instanceof FolderInUseError) throw new CliError(`o3care ${command}: ${error.message}`, 1);
    throw new CliError(
      `o3care ${command}: cannot lock ${dataDir} (${error instanceof Error ? error.message : String(error)})`,
      1,
    );
  }
}

export const serveCommand: Command = {
  name: NAME,
  summary: 'serve the API, the FHIR R4 API and CDS Hooks',
  help: `Usage: o3care serve [--port 3000] [--host 127.0.0.1] [--data-dir ./data]

Serves the o3care API on the embedded PostgreSQL database (PGlite, data in --data-dir), or on the PostgreSQL
server named by DATABASE_URL. Migrations are applied at start. On the first start it prints a one-time code to
create the first administrator. Stop with Ctrl-C.

  --port N         port to listen on (default 3000; 0 picks a free one)
  --host ADDR      address to listen on (default 127.0.0.1; 0.0.0.0 to serve the clinic network)
${STORE_HELP}
  O3CARE_SECURE_COOKIES=true   mark session cookies Secure (set when served behind TLS)
  O3CARE_LOG=off               no request log
  O3CARE_CDS_CLIENTS=JSON      CDS Hooks clients: [{"iss": "...", "jwks": {"keys": [...]}} or {"iss", "jwksUrl"}]
  O3CARE_PUBLIC_URL=URL        the URL clients call o3care at (the JWT audience); needed with O3CARE_CDS_CLIENTS
  O3CARE_CDS_WORKERS=N         worker threads answering CDS calls (default 1 on a machine with 2+ cores; 0: none)
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(NAME, argv, OPTIONS, 0);
    const port = parsePort(values.port);
    const lock = holdDataFolder(NAME, io.env, values['data-dir'] ?? './data');
    try {
      // The server's modules load while the database opens: each takes about a second of a cold start (DESIGN.md
      // budget: < 3 s to the first request; bench/cold-start.ts). startServer awaits the same import.
      void import('../server/app.ts').catch(() => undefined);
      const store = await openCommandStore(NAME, values['data-dir'], io.env);
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
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await app.close();
      await store.close();
      return 0;
    } finally {
      lock?.release();
    }
  },
};
