// A demo clinic served by `o3care demo` in a child process, on a temporary embedded database: the same command a
// newcomer runs, with its synthetic patients and one account per role. The credentials are read from what the command
// prints (shown once: passwords are kept only as hashes).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../src/server/auth/permissions.ts';
import { totpCodeForStep } from '../../src/server/auth/totp.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface DemoAccount {
  readonly role: Role;
  readonly username: string;
  readonly password: string;
  readonly totpSecret: string;
}

export interface DemoClinic {
  readonly url: string;
  readonly accounts: Readonly<Record<Role, DemoAccount>>;
  readonly output: () => string;
  /** A TOTP code no earlier sign-in of this account used (the server refuses a code's step twice). */
  readonly totpCode: (account: DemoAccount) => Promise<string>;
  readonly stop: () => Promise<void>;
}

const ROLES: readonly Role[] = ['admin', 'medical-director', 'physician', 'nurse', 'coordinator', 'patient'];

/** Rows of the printed credentials table: `  role  username  password  secret`. */
export function parseAccounts(output: string): Record<Role, DemoAccount> {
  const accounts: Partial<Record<Role, DemoAccount>> = {};
  for (const line of output.split('\n')) {
    const cells = line.trim().split(/\s{2,}/);
    const [role, username, password, totpSecret] = cells;
    if (cells.length === 4 && ROLES.includes(role as Role) && username && password && totpSecret) {
      accounts[role as Role] = { role: role as Role, username, password, totpSecret };
    }
  }
  for (const role of ROLES) if (!accounts[role]) throw new Error(`o3care demo printed no ${role} account`);
  return accounts as Record<Role, DemoAccount>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startDemoClinic(): Promise<DemoClinic> {
  const dataDir = mkdtempSync(join(tmpdir(), 'o3care-e2e-'));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['src/cli/main.ts', 'demo', '--data-dir', join(dataDir, 'db'), '--port', '0'],
    { cwd: ROOT, env: { ...process.env, O3CARE_LOG: 'off', DATABASE_URL: '' } },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => reject(new Error(`o3care demo exited (${code}) before serving:\n${output}`)));
  });
  const accounts = parseAccounts(output);
  const lastStep = new Map<string, number>();
  return {
    url,
    accounts,
    output: () => output,
    async totpCode(account) {
      for (;;) {
        const step = Math.floor(Date.now() / 30_000);
        // Leave two seconds of the step for the request to arrive inside it.
        if (step > (lastStep.get(account.username) ?? -1) && Date.now() % 30_000 < 28_000) {
          lastStep.set(account.username, step);
          return totpCodeForStep(account.totpSecret, step);
        }
        await sleep(500);
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
