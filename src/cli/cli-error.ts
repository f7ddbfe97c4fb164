// The one error the command line turns into a message and an exit status: bad input (exit 2) or an I/O failure
// it can name (exit 1). Anything else that escapes a command is an internal error (main.ts prints one line).

export type ExitCode = 0 | 1 | 2;

export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const isCliError = (error: unknown): error is CliError => error instanceof CliError;

/** The reason an operating-system error gives, without Node's stack or syscall noise. */
export function reasonOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code?: unknown }).code;
    const known: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory, not a file',
      ENOTDIR: 'a folder on the path is not a directory',
      EMFILE: 'too many open files',
      ENOSPC: 'no space left on the device',
    };
    if (typeof code === 'string' && known[code] !== undefined) return known[code];
  }
  return error instanceof Error ? error.message : String(error);
}
