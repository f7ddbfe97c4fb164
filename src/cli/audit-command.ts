// `o3care audit verify`: walks the audit hash chain and names the first broken link (DESIGN.md, Audit).

import { verifyAuditChain } from '../store/audit.repository.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './cli-error.ts';
import type { Command } from './command.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';

const NAME = 'audit';

export const auditCommand: Command = {
  name: NAME,
  summary: 'verify the audit hash chain',
  help: `Usage: o3care audit verify [--data-dir DIR]

Recomputes every link of the audit trail. Exit 0 when the chain holds; exit 3 and the first broken row when
any row was changed, removed or reordered.

${STORE_HELP}
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(NAME, argv, STORE_OPTIONS, 1);
    if (positionals[0] !== 'verify')
      throw new CliError('o3care audit: expected "verify" (o3care audit verify --help)');
    const store = await openCommandStore(NAME, values['data-dir'], io.env);
    try {
      const result = await verifyAuditChain(store.db);
      if (result.ok) {
        io.stdout.write(`audit chain verified: ${result.rows} rows, head ${result.headHash.slice(0, 16)}…\n`);
        return 0;
      }
      io.stdout.write(
        `audit chain BROKEN at row ${result.brokenAt}: ${result.reason} (${result.rows} rows verified before it)\n`,
      );
      return 3;
    } finally {
      await store.close();
    }
  },
};
