// Test helper: runs the `o3care` command in this process, with its output collected and its environment and clock
// given, as dispatch.ts's callers do (no child process, so a test can share its database folder and clock).
//
//   const { status, stdout } = await runInProcess(['library', 'approve', ...], { env: { DATABASE_URL: '' }, now: AT });

import { Writable } from 'node:stream';
import type { CommandIo } from '../command.ts';
import { runCli } from '../dispatch.ts';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      stream.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  stream.text = '';
  return stream;
}

export async function runInProcess(
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly now: Date },
): Promise<CliRun> {
  const stdout = sink();
  const stderr = sink();
  const io: CommandIo = { stdout, stderr, env: options.env, now: () => options.now };
  const status = await runCli(args, io);
  return { status, stdout: stdout.text, stderr: stderr.text };
}
