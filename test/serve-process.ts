// `o3care serve` as a child process, as a clinic runs it: for tests that kill it, run two of it, or back it up from
// outside. The server prints `o3care is serving <url>` once it listens; that line is what `ready` waits for.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/**
 * Child processes compile WebAssembly with V8's baseline compiler only. A short-lived process otherwise spends most of
 * its CPU optimising PGlite's WebAssembly in background threads (measured on `o3care migrate` of a small folder: about
 * 6 s of CPU, 2.5 s with this flag); the tier changes how fast the code runs, not what it does, and these tests start
 * dozens of processes on two cores.
 */
const NODE_FLAGS = ['--liftoff-only'];

export interface ServeOptions {
  /** Embedded database folder; ignored when `databaseUrl` is set. */
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}

export interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the server's URL once it listens; rejects if it exits first. */
  readonly ready: Promise<string>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  output(): string;
  /** SIGKILL: no shutdown code runs, as in a power cut of the process (not of the machine). */
  kill(): Promise<void>;
  /** SIGTERM and wait: a clean stop. */
  stop(): Promise<number | null>;
}

function environment(options: ServeOptions): NodeJS.ProcessEnv {
  return { ...process.env, O3CARE_LOG: 'off', DATABASE_URL: options.databaseUrl ?? '' };
}

export function spawnServe(options: ServeOptions): ServeProcess {
  const args = ['src/cli/main.ts', 'serve', '--port', '0'];
  if (options.dataDir !== undefined) args.push('--data-dir', options.dataDir);
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], { cwd: ROOT, env: environment(options) });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => reject(new Error(`serve exited (${code}) before listening: ${output}`)));
  });
  ready.catch(() => {}); // a test that kills during start-up never awaits it
  return {
    child,
    ready,
    exited,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Starts a server and waits until it listens. */
export async function startServe(options: ServeOptions): Promise<ServeProcess & { url: string }> {
  const server = spawnServe(options);
  return { ...server, url: await server.ready };
}

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one `o3care` command to completion. */
export function o3care(
  args: readonly string[],
  options: { databaseUrl?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...NODE_FLAGS, 'src/cli/main.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', env: environment(options), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          status: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        }),
    );
  });
}
