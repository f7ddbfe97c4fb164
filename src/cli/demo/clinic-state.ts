// Whether a database already holds a clinic, and whether `o3care demo` made it. The demo marks its own work in the
// audit trail (`demo.start` before the first account, `demo.ready` once every scenario is stored): the trail is the
// one record every clinic database has, and a mark there cannot be edited away unnoticed.

import type { Kysely } from 'kysely';
import { appendAudit } from '../../store/audit.repository.ts';
import type { Database } from '../../store/schema.ts';

export const DEMO_STARTED = 'demo.start';
export const DEMO_READY = 'demo.ready';

export type ClinicState =
  | { readonly kind: 'empty' }
  | { readonly kind: 'demo'; readonly createdAt: Date; readonly detail: Record<string, unknown> }
  | { readonly kind: 'unfinished-demo'; readonly users: number }
  | { readonly kind: 'clinic'; readonly users: number; readonly patients: number };

async function countRows(db: Kysely<Database>, table: 'app_user' | 'patient'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clinicState(db: Kysely<Database>): Promise<ClinicState> {
  const users = await countRows(db, 'app_user');
  const patients = await countRows(db, 'patient');
  if (users === 0 && patients === 0) return { kind: 'empty' };
  const marks = await db
    .selectFrom('audit_event')
    .select(['action', 'at', 'detail'])
    .where('action', 'in', [DEMO_STARTED, DEMO_READY])
    .where('outcome', '=', 'success')
    .orderBy('seq')
    .execute();
  const ready = marks.findLast((mark) => mark.action === DEMO_READY);
  if (ready) return { kind: 'demo', createdAt: ready.at, detail: ready.detail ?? {} };
  if (marks.length > 0) return { kind: 'unfinished-demo', users };
  return { kind: 'clinic', users, patients };
}

/** Appends a demo mark to the audit trail, by the system (no user). */
export async function markDemo(
  db: Kysely<Database>,
  action: typeof DEMO_STARTED | typeof DEMO_READY,
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await db
    .transaction()
    .execute((trx) =>
      appendAudit(
        trx,
        { action, outcome: 'success', actorRole: 'system', requestId: 'o3care-demo', detail },
        at,
      ),
    );
}
