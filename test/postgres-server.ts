// Starts and stops a throwaway PostgreSQL 15 cluster for the tests: a temporary folder, a free port on 127.0.0.1,
// trust authentication. Used by test/global-setup.ts; as root it runs the server as the `postgres` user because
// initdb refuses root.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.O3CARE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  readonly url: string;
  readonly dataDir: string;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function pgCommand(binary: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, binary);
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

export const postgresAvailable = (): boolean => existsSync(join(PG_BIN, 'initdb'));

export async function startPostgres(): Promise<PostgresServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'o3care-pg-'));
  chmodSync(dataDir, 0o777);
  if (isRoot()) spawnSync('chown', ['postgres', dataDir]);
  const [initdb, initArgs] = pgCommand('initdb', [
    '-D',
    join(dataDir, 'data'),
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
  ]);
  const init = spawnSync(initdb, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const [postgres, args] = pgCommand('postgres', [
    '-D',
    join(dataDir, 'data'),
    '-p',
    String(port),
    '-k',
    dataDir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
  ]);
  const child = spawn(postgres, args, { stdio: 'ignore', detached: false });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const [isready, readyArgs] = pgCommand('pg_isready', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-U',
    'postgres',
  ]);
  for (let attempt = 0; ; attempt++) {
    if (spawnSync(isready, readyArgs).status === 0) break;
    if (attempt > 100) throw new Error('PostgreSQL did not start within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dataDir,
    stop() {
      const [pgCtl, stopArgs] = pgCommand('pg_ctl', [
        '-D',
        join(dataDir, 'data'),
        'stop',
        '-m',
        'fast',
        '-w',
      ]);
      spawnSync(pgCtl, stopArgs);
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
