// `o3care client create | revoke | list`: system clients of the FHIR API (docs/decisions/0011). A client gets a
// bearer token, printed once (only its SHA-256 is kept), and a staff role that decides what it may read. Creating and
// revoking are audited in the name of USER, who must be an enabled administrator (the role that manages accounts).

import { listApiClients } from '../store/api-client.repository.ts';
import { findUserByUsername } from '../store/users.repository.ts';
import type { Store } from '../store/database.ts';
import {
  CLIENT_ROLES,
  ClientInputError,
  createClient,
  DEFAULT_CLIENT_LIFETIME_DAYS,
  MAX_CLIENT_LIFETIME_DAYS,
  revokeClient,
} from '../server/fhir/system-clients.ts';
import type { AuditContext } from '../store/audit-context.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './cli-error.ts';
import type { Command } from './command.ts';
import { openCommandStore, STORE_HELP, STORE_OPTIONS } from './store-options.ts';

const NAME = 'client';

const OPTIONS = {
  ...STORE_OPTIONS,
  name: { type: 'string' },
  role: { type: 'string' },
  by: { type: 'string' },
  'expires-in-days': { type: 'string' },
} as const;

/** USER as the actor of the change: an enabled admin account, or a usage error. */
async function administrator(store: Store, username: string | undefined): Promise<AuditContext> {
  if (!username) throw new CliError(`o3care ${NAME}: --by USER (an administrator) is required`);
  const user = await findUserByUsername(store.db, username);
  if (!user || user.role !== 'admin' || user.disabled)
    throw new CliError(`o3care ${NAME}: ${username} is not an enabled admin account`);
  return { actorId: user.id, actorRole: user.role, sourceIp: null, requestId: null };
}

function lifetimeDays(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_CLIENT_LIFETIME_DAYS;
  if (!/^\d{1,4}$/.test(raw))
    throw new CliError(`o3care ${NAME}: --expires-in-days is a whole number of days`);
  return Number(raw);
}

export const clientCommand: Command = {
  name: NAME,
  summary: 'create, revoke or list system clients of the FHIR API',
  help: `Usage: o3care client create --name NAME --role ROLE --by USER [--expires-in-days N] [--data-dir DIR]
       o3care client revoke --name NAME --by USER [--data-dir DIR]
       o3care client list [--data-dir DIR]

A system client reads the FHIR API (/fhir/R4) with "Authorization: Bearer <token>". The token is printed once,
by create: store it in the client's secret store; o3care keeps only its SHA-256. The role decides what the client
may read, as for a user of that role (patient.read for records, patient.list for Patient searches, audit.read
for AuditEvent). Revoked and expired tokens are refused (401). Creating and revoking are audited as USER's.

  --name NAME            1–64 letters, digits, dots, dashes, underscores; unique among live clients
  --role ROLE            one of ${CLIENT_ROLES.join(', ')}
  --by USER              the administrator doing it (an enabled admin account)
  --expires-in-days N    lifetime, 1–${MAX_CLIENT_LIFETIME_DAYS} days (default ${DEFAULT_CLIENT_LIFETIME_DAYS})
${STORE_HELP}
`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(NAME, argv, OPTIONS, 1);
    const verb = positionals[0];
    if (verb !== 'create' && verb !== 'revoke' && verb !== 'list')
      throw new CliError(`o3care ${NAME}: expected create, revoke or list (o3care ${NAME} --help)`);
    if (verb !== 'list' && !values.name)
      throw new CliError(`o3care ${NAME} ${verb}: --name NAME is required`);
    if (verb === 'create' && !values.role)
      throw new CliError(`o3care ${NAME} create: --role ROLE is required`);
    const days = lifetimeDays(values['expires-in-days']);
    const store = await openCommandStore(NAME, values['data-dir'], io.env);
    try {
      if (verb === 'list') {
        const now = io.now();
        for (const client of await listApiClients(store.db)) {
          const state =
            client.revoked_at !== null ? 'revoked' : client.expires_at <= now ? 'expired' : 'live';
          io.stdout.write(
            `${client.name}\t${client.role}\t${state}\texpires ${client.expires_at.toISOString()}\t` +
              `last used ${client.last_used_at?.toISOString() ?? 'never'}\n`,
          );
        }
        return 0;
      }
      const actor = await administrator(store, values.by);
      const name = values.name ?? '';
      if (verb === 'revoke') {
        const revoked = await revokeClient(store.db, actor, name, io.now());
        if (!revoked) throw new CliError(`o3care ${NAME} revoke: no live client named ${name}`);
        io.stdout.write(`client ${revoked.name} revoked; its token is refused from now on\n`);
        return 0;
      }
      const { client, token } = await createClient(
        store.db,
        actor,
        { name, role: values.role ?? '', lifetimeDays: days },
        io.now(),
      );
      io.stdout.write(
        `client ${client.name} (${client.role}) created, expires ${client.expires_at.toISOString()}\n` +
          `token (shown once; send as "Authorization: Bearer <token>"):\n${token}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof ClientInputError) throw new CliError(`o3care ${NAME} ${verb}: ${error.message}`);
      throw error;
    } finally {
      await store.close();
    }
  },
};
