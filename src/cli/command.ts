// What every `o3care` subcommand provides, and the process handles it runs with (passed in, so a command can be
// run in-process by a test with its own streams and clock).

import type { Writable } from 'node:stream';

export interface CommandIo {
  readonly stdout: Writable & { readonly isTTY?: boolean; hasColors?(): boolean };
  readonly stderr: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
}

export interface Command {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Resolves to the exit status; throws CliError for bad input. */
  run(argv: readonly string[], io: CommandIo): Promise<number>;
}
