// POST /api/admin/backup: the serving process writes the backup of its embedded database, because a PGlite data
// folder can be opened by one process only (docs/decisions/0008-backup-and-restore.md). `o3care backup` calls it
// when a server holds the folder.
//
// The authority to copy the whole database is the authority to read its files, not a web role: no web role may read
// every patient's record (the admin role may not read patient data at all), and the file also holds password hashes
// and TOTP secrets. So the request must come from this machine (loopback) and carry the per-run secret that
// `o3care serve` writes into the data folder, readable only by the account that runs the server. Every attempt,
// allowed or refused, is audited.

import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../store/audit.repository.ts';
import { writeBackup } from '../../store/backup.ts';
import { safeEqual } from '../auth/tokens.ts';
import { HttpProblem } from '../problem.ts';

export const LOCAL_TOKEN_HEADER = 'x-o3care-local-token';

export interface LocalBackupOptions {
  /** The secret `o3care serve` wrote into the data folder's lock file for this run. */
  readonly token: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export const localBackupRoutes: FastifyPluginAsyncZod<LocalBackupOptions> = async (app, options) => {
  app.post(
    '/api/admin/backup',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Back up the embedded database (o3care backup calls this on the server machine; not a browser route)',
        headers: z.object({ [LOCAL_TOKEN_HEADER]: z.string().max(200).optional() }),
        // A stream of JSON lines, not one JSON value: described here, not serialised by a schema.
        response: { 200: z.unknown().describe('the backup file: JSON lines (docs/decisions/0008)') },
      },
    },
    async (request, reply) => {
      const sent = request.headers[LOCAL_TOKEN_HEADER];
      const local = LOOPBACK.test(request.socket.remoteAddress ?? '');
      if (!local || typeof sent !== 'string' || !safeEqual(sent, options.token)) {
        await app.store.db.transaction().execute((trx) =>
          appendAudit(
            trx,
            {
              action: 'database.backup',
              actorRole: 'system',
              outcome: 'denied',
              sourceIp: request.ip,
              requestId: request.id,
              detail: { via: 'server', reason: local ? 'token' : 'not-local' },
            },
            app.now(),
          ),
        );
        throw new HttpProblem('forbidden', 'backups are taken on the server machine with o3care backup');
      }
      // Collected in memory first: the snapshot holds the embedded database's one connection until the last row is
      // read, and a slow reader must not hold up the clinic.
      const chunks: string[] = [];
      await writeBackup(app.store.db, (chunk) => void chunks.push(chunk), {
        engine: app.store.kind,
        via: 'server',
        now: app.now,
      });
      return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(chunks));
    },
  );
};
