// `o3care library approve --version V --by USER`: the medical director's approval of a protocol library draft, from
// the command line (SPEC-INTEROP §6). The approval goes through the same service as the API, in USER's name, and is
// audited as theirs; the command checks what the route's permission check would: USER is an enabled medical director.

import { findLibraryVersionByName } from '../store/protocol-library.repository.ts';
import { findUserByUsername } from '../store/users.repository.ts';
import { RecordConflictError } from '../server/services/errors.ts';
import { approve } from '../server/services/protocol-library.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './cli-error.ts';
import type { Command } from './command.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';

const NAME = 'library';

const OPTIONS = { ...STORE_OPTIONS, version: { type: 'string' }, by: { type: 'string' } } as const;

export const libraryCommand: Command = {
  name: NAME,
  summary: 'approve a protocol library version (medical director)',
  help: `Usage: o3care library approve --version V --by USER [--data-dir DIR]

Approves the draft protocol library version V in the name of USER, who must be an enabled medical-director
account. From then on care uses it. Approved versions are frozen: limits change only through a new draft. The
approval is audited as USER's (library.approve).

  --version V      the draft's version name (e.g. clinic-1)
  --by USER        the approving medical director's username
${STORE_HELP}
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(NAME, argv, OPTIONS, 1);
    if (positionals[0] !== 'approve')
      throw new CliError(`o3care ${NAME}: expected "approve" (o3care ${NAME} approve --help)`);
    const { version, by } = values;
    if (!version || !by) throw new CliError(`o3care ${NAME} approve: --version V and --by USER are required`);
    const store = await openCommandStore(NAME, values['data-dir'], io.env);
    try {
      const approved = await store.db.transaction().execute(async (trx) => {
        const user = await findUserByUsername(trx, by);
        if (!user || user.role !== 'medical-director' || user.disabled)
          throw new CliError(`o3care ${NAME} approve: ${by} is not an enabled medical-director account`);
        // Held until commit, so the account cannot be disabled or given another role halfway through.
        await trx.selectFrom('app_user').select('id').where('id', '=', user.id).forShare().execute();
        const draft = await findLibraryVersionByName(trx, version);
        if (!draft) throw new CliError(`o3care ${NAME} approve: no library version named ${version}`);
        return approve(
          trx,
          { actorId: user.id, actorRole: user.role, sourceIp: null, requestId: null, at: io.now() },
          draft.id,
        );
      });
      io.stdout.write(
        `library version ${approved.library.version} approved by ${by} (medical-director); care now uses it\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof RecordConflictError)
        throw new CliError(`o3care ${NAME} approve: ${error.message}`);
      throw error;
    } finally {
      await store.close();
    }
  },
};
