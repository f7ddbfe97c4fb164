// Crash safety (issue 3): a real `o3care serve` child takes audited writes — accounts created and changed by an
// administrator, sign-ins — and is killed with SIGKILL at seeded random moments, some during writes, some while it is
// still starting. After every kill every acknowledged write is present (read straight from the database, and through
// the API once the server is back) and the audit hash chain verifies; at the end `o3care audit verify` agrees.
//
// A kill of the process is what this proves: with PGlite, written WAL pages sit in the operating system's page cache
// and survive it. A power cut is another matter (PGlite runs with fsync off; see the decision record 0008).
// Reproduce a failure with O3CARE_CRASH_SEED=<seed printed in the diagnostics>.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import type { TestUser } from '../src/server/testing/auth.ts';
import { createUser } from '../src/server/testing/auth.ts';
import { verifyAuditChain } from '../src/store/audit.repository.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';
import { createFreshPostgresDatabase } from '../src/store/testing/stores.ts';
import type { HttpResponse, HttpSession } from './http-session.ts';
import { signInOverHttp } from './http-session.ts';
import { o3care, spawnServe } from './serve-process.ts';

const ROUNDS = 20;
const WORKERS = 3;
const SEED = Number(process.env.O3CARE_CRASH_SEED ?? 20_261_127);

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Account {
  readonly id: string;
  /** The display name of the last acknowledged change (or of the creation). */
  displayName: string;
  /** A change sent but not answered when the server died: it may or may not have committed. */
  unanswered: string | undefined;
  acknowledgedUpdates: number;
}

/** What the test knows was acknowledged, and what was in flight when the server died. */
class Ledger {
  readonly accounts = new Map<string, Account>();
  /** Cookies of acknowledged sign-ins, to show the session survived. */
  readonly sessions: HttpSession[] = [];
  #acknowledged = 0;
  #waiters: { count: number; resolve: () => void }[] = [];

  get acknowledged(): number {
    return this.#acknowledged;
  }

  acknowledge(): void {
    this.#acknowledged += 1;
    for (const waiter of this.#waiters.filter((w) => w.count <= this.#acknowledged)) waiter.resolve();
    this.#waiters = this.#waiters.filter((w) => w.count > this.#acknowledged);
  }

  /** Resolves once `count` writes in all have been acknowledged. */
  reached(count: number): Promise<void> {
    if (count <= this.#acknowledged) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }
}

interface Engine {
  readonly name: 'pglite' | 'postgres';
  /** Starts `o3care serve` on this engine's database. */
  spawn(): ReturnType<typeof spawnServe>;
  /** Runs `work` on the database while no server holds it (PGlite) or beside it (PostgreSQL). */
  inspect<T>(work: (store: Store) => Promise<T>): Promise<T>;
  auditVerifyArgs(): { args: string[]; databaseUrl?: string };
  dispose(): Promise<void>;
}

async function embeddedEngine(): Promise<{ engine: Engine; admin: TestUser }> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'o3care-crash-')), 'data');
  // PGlite folders are single-process: the administrator is created before the first server starts.
  const store = await openStore({ dataDir });
  const admin = await createUser(store, { role: 'admin' });
  await store.close();
  return {
    admin,
    engine: {
      name: 'pglite',
      spawn: () => spawnServe({ dataDir }),
      async inspect(work) {
        const direct = await openStore({ dataDir, migrate: false });
        try {
          return await work(direct);
        } finally {
          await direct.close();
        }
      },
      auditVerifyArgs: () => ({ args: ['audit', 'verify', '--data-dir', dataDir] }),
      dispose: async () => {},
    },
  };
}

async function serverEngine(adminUrl: string): Promise<{ engine: Engine; admin: TestUser }> {
  const database = await createFreshPostgresDatabase(adminUrl);
  const store = await openStore({ url: database.url, poolSize: 2 });
  const admin = await createUser(store, { role: 'admin' });
  return {
    admin,
    engine: {
      name: 'postgres',
      spawn: () => spawnServe({ databaseUrl: database.url }),
      inspect: (work) => work(store),
      auditVerifyArgs: () => ({ args: ['audit', 'verify'], databaseUrl: database.url }),
      async dispose() {
        await store.close();
        await database.drop();
      },
    },
  };
}

/**
 * One writer: creates accounts and renames its own, one request at a time, until the server dies. Every answered
 * request is recorded as acknowledged; an error response is a failure of the test, a dropped connection is the kill.
 */
async function writer(
  url: string,
  session: HttpSession,
  ledger: Ledger,
  own: Account[],
  label: string,
  random: () => number,
): Promise<void> {
  for (let n = 0; ; n++) {
    const name = `${label}-${n}`;
    const account = own.length > 0 && random() < 0.75 ? own[Math.floor(random() * own.length)]! : undefined;
    try {
      if (account) {
        account.unanswered = name;
        const response = await session.request(url, 'PATCH', `/api/users/${account.id}`, {
          displayName: name,
        });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        account.displayName = name;
        account.unanswered = undefined;
        account.acknowledgedUpdates += 1;
      } else {
        const response = await session.request<{ user: { id: string } }>(url, 'POST', '/api/users', {
          username: name,
          displayName: name,
          role: 'coordinator',
          password: 'crash-test-password-1',
        });
        assert.equal(response.status, 201, JSON.stringify(response.body));
        const created: Account = {
          id: response.body.user.id,
          displayName: name,
          unanswered: undefined,
          acknowledgedUpdates: 0,
        };
        ledger.accounts.set(created.id, created);
        own.push(created);
      }
      ledger.acknowledge();
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      return; // the connection died with the server
    }
  }
}

/**
 * Every acknowledged account is there with its last acknowledged display name (or the unanswered one, which then
 * counts as done), with one creation row and at least as many change rows in the audit trail as were acknowledged.
 */
function checkAccounts(
  ledger: Ledger,
  displayNames: ReadonlyMap<string, string>,
  auditRows: readonly { readonly action: string; readonly resource: string | null }[],
  where: string,
): void {
  const count = (action: string, id: string) =>
    auditRows.filter((a) => a.action === action && a.resource === `user/${id}`).length;
  for (const account of ledger.accounts.values()) {
    const stored = displayNames.get(account.id);
    assert.ok(stored !== undefined, `${where}: acknowledged account ${account.id} is missing`);
    assert.ok(
      stored === account.displayName || stored === account.unanswered,
      `${where}: account ${account.id} is "${stored}", acknowledged "${account.displayName}"`,
    );
    // The unanswered change is settled now: what the database holds is where the next round starts from.
    if (stored !== account.displayName) account.acknowledgedUpdates += 1;
    account.displayName = stored;
    account.unanswered = undefined;
    assert.equal(count('user.create', account.id), 1, `${where}: audit row of creating ${account.id}`);
    assert.ok(
      count('user.update', account.id) >= account.acknowledgedUpdates,
      `${where}: audit rows of ${account.id}`,
    );
  }
}

/** Straight from the database, with no server holding it: the acknowledged writes, and the chain verifies. */
async function checkDatabase(store: Store, ledger: Ledger): Promise<number> {
  const chain = await verifyAuditChain(store.db);
  assert.ok(chain.ok, `audit chain: ${JSON.stringify(chain)}`);
  const users = await store.db.selectFrom('app_user').select(['id', 'display_name']).execute();
  const audit = await store.db
    .selectFrom('audit_event')
    .select(['action', 'resource'])
    .where('action', 'in', ['user.create', 'user.update'])
    .execute();
  checkAccounts(ledger, new Map(users.map((u) => [u.id, u.display_name])), audit, 'database');
  return chain.rows;
}

interface AuditPage {
  readonly events: { readonly action: string; readonly resource: string | null }[];
  readonly next?: number;
}

/**
 * Through the API of the restarted server: every earlier sign-in still holds, the audit chain verifies, and the
 * acknowledged accounts and their audit rows are all there.
 */
async function checkApi(url: string, ledger: Ledger, adminId: string): Promise<void> {
  for (const session of ledger.sessions) {
    const current = await session.request<{ authenticated: boolean }>(url, 'GET', '/api/auth/session');
    assert.equal(current.body.authenticated, true, 'an acknowledged sign-in survives');
  }
  const session = ledger.sessions.at(-1);
  if (!session) return;
  const chain = await session.request<{ ok: boolean }>(url, 'GET', '/api/audit/verify');
  assert.equal(chain.status, 200, JSON.stringify(chain.body));
  assert.equal(chain.body.ok, true, `audit chain through the API: ${JSON.stringify(chain.body)}`);
  const listed = await session.request<{ users: { id: string; displayName: string }[] }>(
    url,
    'GET',
    '/api/users',
  );
  const audit: AuditPage['events'] = [];
  let before: number | undefined;
  do {
    const query = `actorId=${adminId}&limit=1000${before === undefined ? '' : `&before=${before}`}`;
    const page: HttpResponse<AuditPage> = await session.request<AuditPage>(url, 'GET', `/api/audit?${query}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    audit.push(...page.body.events);
    before = page.body.next;
  } while (before !== undefined);
  checkAccounts(ledger, new Map(listed.body.users.map((u) => [u.id, u.displayName])), audit, 'API');
}

async function crashRounds(t: TestContext, engine: Engine, admin: TestUser): Promise<void> {
  // The schedule (when to kill) has its own stream, so it does not depend on how the writers' requests interleave.
  const schedule = seededRandom(SEED);
  const ledger = new Ledger();
  const own: Account[][] = Array.from({ length: WORKERS }, () => []);
  let startupKills = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    // Now and then the server dies while starting (recovering the database, migrating, binding its port).
    if (round % 7 === 0) {
      const early = engine.spawn();
      await Promise.race([sleep(200 + schedule() * 2500), early.ready]);
      await early.kill();
      startupKills += 1;
    }
    const server = engine.spawn();
    const url = await server.ready;
    await checkApi(url, ledger, admin.user.id);
    const session = await signInOverHttp(url, admin);
    ledger.sessions.push(session);
    ledger.acknowledge();
    const writers = own.map((mine, w) =>
      writer(url, session, ledger, mine, `r${round}w${w}`, seededRandom(SEED + round * WORKERS + w)),
    );
    // The moment is counted in writes, not milliseconds, so a busy machine still kills mid-stream: after 2 to 12
    // acknowledged writes, then a little later still, while the writers' next requests are in flight.
    const target = ledger.acknowledged + 2 + Math.floor(schedule() * 11);
    // A writer that fails (or a server that dies on its own) ends the wait too.
    await Promise.race([ledger.reached(target), Promise.all(writers)]);
    await sleep(schedule() * 40);
    await server.kill();
    await Promise.all(writers);
  }
  const auditRows = await engine.inspect((store) => checkDatabase(store, ledger));
  const verify = await o3care(engine.auditVerifyArgs().args, {
    ...(engine.auditVerifyArgs().databaseUrl ? { databaseUrl: engine.auditVerifyArgs().databaseUrl } : {}),
  });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, new RegExp(`verified: ${auditRows} rows`));
  const updates = [...ledger.accounts.values()].reduce((sum, a) => sum + a.acknowledgedUpdates, 0);
  t.diagnostic(
    `${engine.name}: seed ${SEED}, ${ROUNDS} kills during writes + ${startupKills} during start-up; ` +
      `${ledger.acknowledged} acknowledged writes (${ledger.accounts.size} accounts created, ${updates} changes, ` +
      `${ledger.sessions.length} sign-ins), none lost; audit chain of ${auditRows} rows verified`,
  );
  assert.ok(ledger.accounts.size > 0 && updates > 0, 'the rounds wrote something');
}

// The engines run side by side: each round is mostly one process starting on one core.
describe('crash safety: SIGKILL at random moments loses no acknowledged write', { concurrency: 2 }, () => {
  test('on the embedded database (PGlite in a folder)', async (t) => {
    const { engine, admin } = await embeddedEngine();
    try {
      await crashRounds(t, engine, admin);
    } finally {
      await engine.dispose();
    }
  });

  const adminUrl = process.env.O3CARE_TEST_PG_URL;
  test(
    'on a PostgreSQL server (the app server is killed, not the database)',
    { skip: !adminUrl },
    async (t) => {
      const { engine, admin } = await serverEngine(adminUrl!);
      try {
        await crashRounds(t, engine, admin);
      } finally {
        await engine.dispose();
      }
    },
  );
});
