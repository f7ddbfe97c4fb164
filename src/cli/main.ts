// The `o3care` command: bin/o3care.js and `npm run o3care` land here. All the work is in dispatch.ts.

import type { CommandIo } from './command.ts';
import { runCli } from './dispatch.ts';

// A reader that goes away (`o3care check ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const io: CommandIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
};
process.exitCode = await runCli(process.argv.slice(2), io);
