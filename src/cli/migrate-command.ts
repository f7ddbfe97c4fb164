// `o3care migrate`: applies the database migrations (the server also applies them at start).

import { migrateToLatest } from '../store/migrate.ts';
import { parseCommandArgs } from './args.ts';
import type { Command } from './command.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';

const NAME = 'migrate';

export const migrateCommand: Command = {
  name: NAME,
  summary: 'apply database migrations',
  help: `Usage: o3care migrate [--data-dir DIR]

Applies every migration not yet applied, in order, and lists them.

${STORE_HELP}
`,
  async run(argv, io) {
    const { values } = parseCommandArgs(NAME, argv, STORE_OPTIONS, 0);
    const store = await openCommandStore(NAME, values['data-dir'], io.env, { migrate: false });
    try {
      const applied = await migrateToLatest(store.db);
      io.stdout.write(
        applied.length === 0
          ? `${store.location}: up to date\n`
          : `${store.location}: applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
