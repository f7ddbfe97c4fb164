// Dispatch for the `o3care` command (SPEC-INTEROP §6): one subcommand per file. Bad input exits 2 with one clear
// line on stderr; an unexpected internal error exits 1 with one line, never a stack trace.

import { wantsHelp } from './args.ts';
import { auditCommand } from './audit-command.ts';
import { backupCommand } from './backup-command.ts';
import { checkCommand } from './check-command.ts';
import { clientCommand } from './client-command.ts';
import { isCliError } from './cli-error.ts';
import type { Command, CommandIo } from './command.ts';
import { demoCommand } from './demo-command.ts';
import { importCommand } from './import-command.ts';
import { libraryCommand } from './library-command.ts';
import { migrateCommand } from './migrate-command.ts';
import { restoreCommand } from './restore-command.ts';
import { screenBulkCommand } from './screen-bulk-command.ts';
import { serveCommand } from './serve-command.ts';

const COMMANDS: readonly Command[] = [
  checkCommand,
  screenBulkCommand,
  serveCommand,
  demoCommand,
  migrateCommand,
  importCommand,
  auditCommand,
  libraryCommand,
  backupCommand,
  restoreCommand,
  clientCommand,
];

/** SPEC-INTEROP §6 commands that later issues add; until then they say so and exit 2. */
const NOT_YET_AVAILABLE: readonly { name: string; usage: string; summary: string }[] = [];

function topLevelHelp(): string {
  const rows = (entries: readonly { usage: string; summary: string }[]) =>
    entries.map((e) => `  o3care ${e.usage.padEnd(46)}${e.summary}`).join('\n');
  return `Usage: o3care <command> [options]     (o3care <command> --help for details)

Clinical decision support for medical ozone therapy.

Commands:
${rows(COMMANDS.map((c) => ({ usage: c.name, summary: c.summary })))}
${
  NOT_YET_AVAILABLE.length === 0
    ? ''
    : `
Not yet available (arriving in later versions):
${rows(NOT_YET_AVAILABLE)}
`
}`;
}

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(topLevelHelp());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(topic?.help ?? topLevelHelp());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const later = NOT_YET_AVAILABLE.find((c) => c.name === name);
    io.stderr.write(
      later
        ? `o3care ${name}: not yet available in this version of o3care (o3care --help lists what is)\n`
        : `o3care: unknown command "${name}" (o3care --help lists the commands)\n`,
    );
    return 2;
  }
  if (wantsHelp(rest)) {
    io.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isCliError(error)) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(`o3care ${name}: internal error: ${reason.split('\n')[0] ?? ''}\n`);
    return 1;
  }
}
