// Dispatch for the `o3care` command (SPEC-INTEROP §6): one subcommand per file. Bad input exits 2 with one clear
// line on stderr; an unexpected internal error exits 1 with one line, never a stack trace.

import { wantsHelp } from './args.ts';
import { isCliError } from './cli-error.ts';
import type { Command, CommandIo } from './command.ts';

/**
 * The commands, each loaded only when it runs: `o3care serve` should not first load the bulk screener, the demo
 * clinic's data or the import code (cold start budget, DESIGN.md: < 3 s to first request). The summary is repeated
 * here for the top-level help; dispatch.test.ts checks each one against its command.
 */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'screen a record, or check an order, from files',
    load: async () => (await import('./check-command.ts')).checkCommand,
  },
  {
    name: 'screen-bulk',
    summary: 'screen every patient of an NDJSON file of Bundles',
    load: async () => (await import('./screen-bulk-command.ts')).screenBulkCommand,
  },
  {
    name: 'serve',
    summary: 'serve the API, the FHIR R4 API and CDS Hooks',
    load: async () => (await import('./serve-command.ts')).serveCommand,
  },
  {
    name: 'demo',
    summary: 'create a demo clinic with synthetic patients, then serve it',
    load: async () => (await import('./demo-command.ts')).demoCommand,
  },
  {
    name: 'migrate',
    summary: 'apply database migrations',
    load: async () => (await import('./migrate-command.ts')).migrateCommand,
  },
  {
    name: 'import',
    summary: 'import an IPS document or a FHIR Bundle',
    load: async () => (await import('./import-command.ts')).importCommand,
  },
  {
    name: 'audit',
    summary: 'verify the audit hash chain',
    load: async () => (await import('./audit-command.ts')).auditCommand,
  },
  {
    name: 'library',
    summary: 'approve a protocol library version (medical director)',
    load: async () => (await import('./library-command.ts')).libraryCommand,
  },
  {
    name: 'backup',
    summary: 'write a consistent backup of the database',
    load: async () => (await import('./backup-command.ts')).backupCommand,
  },
  {
    name: 'restore',
    summary: 'restore a backup into an empty database',
    load: async () => (await import('./restore-command.ts')).restoreCommand,
  },
  {
    name: 'client',
    summary: 'create, revoke or list system clients of the FHIR API',
    load: async () => (await import('./client-command.ts')).clientCommand,
  },
];

function topLevelHelp(): string {
  const rows = (entries: readonly { usage: string; summary: string }[]) =>
    entries.map((e) => `  o3care ${e.usage.padEnd(46)}${e.summary}`).join('\n');
  return `Usage: o3care <command> [options]     (o3care <command> --help for details)

Clinical decision support for medical ozone therapy.

Commands:
${rows(COMMANDS.map((c) => ({ usage: c.name, summary: c.summary })))}
`;
}

export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(topLevelHelp());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout.write(topic ? (await topic.load()).help : topLevelHelp());
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) {
    io.stderr.write(`o3care: unknown command "${name}" (o3care --help lists the commands)\n`);
    return 2;
  }
  const command = await entry.load();
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
