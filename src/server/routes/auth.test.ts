import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../store/database.ts';
import { testDatabases } from '../../store/testing/stores.ts';
import { buildApp } from '../app.ts';
import { requirePermission } from '../auth/actor.ts';
import { ensureBootstrap } from '../auth/bootstrap.ts';
import type { SessionView } from '../auth/schemas.ts';
import { totpCodeForStep, totpStep } from '../auth/totp.ts';
import { createUser, signIn } from '../testing/auth.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Clock {
  now: Date;
  advance(ms: number): void;
}

let clients = 0;
/** A fresh client address per call (TEST-NET-2), so that only the rate-limit test meets the per-IP limit. */
const ip = () => `198.51.100.${(clients++ % 250) + 1}`;

const sessionCookie = (response: LightMyRequestResponse) =>
  response.cookies.find((c) => c.name === 'o3care_session');

const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

for (const database of testDatabases()) {
  describe(`signing in on ${database.name}`, () => {
    let store: Store;
    before(async () => {
      store = await database.open();
    });
    after(async () => {
      await store.close();
    });

    /** An app on the shared store with its own clock and rate limiter, closed after the test. */
    async function setup(t: TestContext, options: { secureCookies?: boolean } = {}) {
      const clock: Clock = {
        now: new Date(),
        advance(ms) {
          this.now = new Date(this.now.getTime() + ms);
        },
      };
      const app = await buildApp({ store, now: () => clock.now, ...options });
      // A protected route standing in for the clinical record.
      app.get('/api/test/patient-data', { preHandler: requirePermission('patient.read') }, async () => ({
        ok: true,
      }));
      t.after(() => app.close());
      return { app, clock };
    }

    const login = (
      app: FastifyInstance,
      username: string,
      password: string,
      options: { headers?: Record<string, string>; remoteAddress?: string } = {},
    ) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        headers: options.headers ?? {},
        remoteAddress: options.remoteAddress ?? ip(),
      });

    const totp = (app: FastifyInstance, pending: LightMyRequestResponse, code: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/totp',
        payload: { code },
        headers: {
          cookie: `o3care_session=${sessionCookie(pending)!.value}`,
          'x-csrf-token': pending.json<SessionView>().csrfToken!,
        },
        remoteAddress: ip(),
      });

    const sessionOf = async (app: FastifyInstance, cookie: string) =>
      (await app.inject({ url: '/api/auth/session', headers: { cookie } })).json<SessionView>();

    // First in this file: it needs a store without an administrator (no other test here creates one).
    test('the bootstrap code creates the first administrator once, and only within 24 hours', async (t) => {
      const { app, clock } = await setup(t);
      const bootstrap = (code: string, username = `admin-${randomUUID().slice(0, 6)}`) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/bootstrap',
          payload: { code, username, password: 'first admin password' },
          remoteAddress: ip(),
        });

      const expiring = await ensureBootstrap(store, clock.now);
      assert.match(expiring?.code ?? '', /^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
      clock.advance(24 * HOUR);
      assert.equal((await bootstrap(expiring!.code)).statusCode, 403, 'expired');

      const withdrawn = await ensureBootstrap(store, clock.now);
      const current = await ensureBootstrap(store, clock.now);
      assert.equal((await bootstrap(withdrawn!.code)).statusCode, 403, 'a newer code was printed');
      assert.equal((await bootstrap('AAAA-BBBB-CCCC')).statusCode, 403);

      const created = await bootstrap(current!.code.toLowerCase().replaceAll('-', ' '), 'first-admin');
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json<{ user: { role: string } }>().user.role, 'admin');
      const reused = await bootstrap(current!.code);
      assert.equal(reused.statusCode, 403);
      assert.equal(reused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(await ensureBootstrap(store, clock.now), null, 'an admin exists: no code');

      const admin = await signIn(app, { username: 'First-Admin', password: 'first admin password' });
      assert.equal((await app.inject({ url: '/api/users', headers: admin.headers() })).statusCode, 200);
    });

    test('a nurse reaches patient data only after the TOTP step, which rotates the session', async (t) => {
      const { app, clock } = await setup(t);
      const nurse = await createUser(store, { role: 'nurse' });

      const pending = await login(app, nurse.username, nurse.password);
      assert.equal(pending.statusCode, 200);
      assert.deepEqual(
        { ...pending.json<SessionView>(), csrfToken: 'x', idleExpiresAt: 'x', absoluteExpiresAt: 'x' },
        {
          authenticated: false,
          secondFactorRequired: true,
          csrfToken: 'x',
          idleExpiresAt: 'x',
          absoluteExpiresAt: 'x',
        },
      );
      const pendingCookie = `o3care_session=${sessionCookie(pending)!.value}`;
      const pendingHeaders = {
        cookie: pendingCookie,
        'x-csrf-token': pending.json<SessionView>().csrfToken!,
      };
      const refused = await app.inject({ url: '/api/test/patient-data', headers: pendingHeaders });
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json<{ type: string }>().type, 'https://o3care.org/problems/unauthenticated');
      const passwordChange = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: pendingHeaders,
        payload: { currentPassword: nurse.password, newPassword: 'a brand new password' },
      });
      assert.equal(passwordChange.statusCode, 401);

      const done = await totp(app, pending, totpCodeForStep(nurse.totpSecret!, totpStep(clock.now)));
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json<SessionView>().authenticated, true);
      assert.equal(done.json<SessionView>().user?.username, nurse.username);
      const cookie = `o3care_session=${sessionCookie(done)!.value}`;
      assert.notEqual(cookie, pendingCookie);
      assert.equal(
        (await app.inject({ url: '/api/test/patient-data', headers: { cookie } })).statusCode,
        200,
      );
      assert.equal(
        (await sessionOf(app, pendingCookie)).secondFactorRequired,
        false,
        'the pending session is gone',
      );
    });

    test('a patient account without TOTP signs in with the password alone', async (t) => {
      const { app } = await setup(t);
      const patient = await createUser(store, { role: 'patient' });
      assert.equal(patient.totpSecret, null);
      const response = await login(app, patient.username, patient.password);
      assert.equal(response.json<SessionView>().authenticated, true);
      assert.equal(response.json<SessionView>().user?.patientId, patient.user.patientId);
      const cookie = `o3care_session=${sessionCookie(response)!.value}`;
      assert.equal(
        (await app.inject({ url: '/api/test/patient-data', headers: { cookie } })).statusCode,
        200,
      );
    });

    test('a wrong password, an unknown username and a disabled account get the same answer in similar time', async (t) => {
      const { app } = await setup(t);
      const nurse = await createUser(store, { role: 'nurse' });
      const disabled = await createUser(store, { role: 'physician' });
      await store.db
        .updateTable('app_user')
        .set({ disabled: true })
        .where('id', '=', disabled.user.id)
        .execute();

      const attempts = {
        wrongPassword: () => login(app, nurse.username, 'not the password at all'),
        unknownUser: () => login(app, `nobody-${randomUUID().slice(0, 8)}`, 'not the password at all'),
        disabledUser: () => login(app, disabled.username, disabled.password),
      };
      const fastest: Record<string, number> = {};
      const answers: Record<string, unknown> = {};
      for (let round = 0; round < 3; round++) {
        for (const [name, attempt] of Object.entries(attempts)) {
          const start = performance.now();
          const response = await attempt();
          const elapsed = performance.now() - start;
          fastest[name] = Math.min(fastest[name] ?? Infinity, elapsed);
          assert.equal(sessionCookie(response), undefined);
          answers[name] = {
            status: response.statusCode,
            type: response.headers['content-type'],
            body: withoutRequestId(response.json()),
          };
        }
      }
      assert.deepEqual(answers.unknownUser, answers.wrongPassword);
      assert.deepEqual(answers.disabledUser, answers.wrongPassword);
      assert.equal((answers.wrongPassword as { status: number }).status, 401);
      // Without the dummy hash an unknown username would answer in a few ms instead of an argon2 verification.
      const times = Object.values(fastest);
      assert.ok(Math.min(...times) > 0.4 * Math.max(...times), JSON.stringify(fastest));
    });

    test('five failures lock a username for a minute, whether or not it exists, and the lock expires', async (t) => {
      const { app, clock } = await setup(t);
      const patient = await createUser(store, { role: 'patient' });
      const ghost = `ghost-${randomUUID().slice(0, 8)}`;
      for (let i = 0; i < 5; i++) {
        assert.equal((await login(app, patient.username, `wrong password ${i}`)).statusCode, 401);
        assert.equal((await login(app, ghost, `wrong password ${i}`)).statusCode, 401);
      }
      const locked = await login(app, patient.username, patient.password);
      const ghostLocked = await login(app, ghost, patient.password);
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.headers['retry-after'], '60');
      assert.deepEqual(withoutRequestId(locked.json()), withoutRequestId(ghostLocked.json()));
      assert.equal(locked.json<{ type: string }>().type, 'https://o3care.org/problems/too-many-requests');

      clock.advance(MINUTE);
      const open = await login(app, patient.username, patient.password);
      assert.equal(open.statusCode, 200, 'the lock has expired');
      assert.equal(
        (await login(app, patient.username, 'wrong again')).statusCode,
        401,
        'success reset the count',
      );
    });

    test('a TOTP code is accepted one step either side, never further, and never twice', async (t) => {
      const { app, clock } = await setup(t);
      const physician = await createUser(store, { role: 'physician' });
      const secret = physician.totpSecret!;
      const step = totpStep(clock.now);
      const codeAt = (offset: number) => totpCodeForStep(secret, step + offset);

      const first = await login(app, physician.username, physician.password);
      if (![-1, 0, 1].some((o) => codeAt(o) === codeAt(2)))
        assert.equal((await totp(app, first, codeAt(2))).statusCode, 401, 'two steps ahead');
      assert.equal((await totp(app, first, codeAt(-1))).statusCode, 200, 'one step behind');

      const second = await login(app, physician.username, physician.password);
      const replay = await totp(app, second, codeAt(-1));
      assert.equal(replay.statusCode, 401, 'the same code again');
      assert.equal(replay.json<{ detail: string }>().detail, 'the code is not correct');
      assert.equal((await totp(app, second, codeAt(0))).statusCode, 200);

      const third = await login(app, physician.username, physician.password);
      assert.equal((await totp(app, third, codeAt(-1))).statusCode, 401, 'a step before the last one used');
      assert.equal((await totp(app, third, codeAt(1))).statusCode, 200);
    });

    test('five wrong TOTP codes lock the username and end the half-finished sign-in', async (t) => {
      const { app, clock } = await setup(t);
      const coordinator = await createUser(store, { role: 'coordinator' });
      const step = totpStep(clock.now);
      const valid = new Set([-1, 0, 1].map((o) => totpCodeForStep(coordinator.totpSecret!, step + o)));
      const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((c) => !valid.has(c));

      const pending = await login(app, coordinator.username, coordinator.password);
      for (let i = 0; i < 4; i++) assert.equal((await totp(app, pending, wrong[i]!)).statusCode, 401);
      const fifth = await totp(app, pending, wrong[4]!);
      assert.equal(fifth.statusCode, 429);
      assert.equal(sessionCookie(fifth)?.value, '', 'the cookie is cleared');
      assert.equal((await totp(app, pending, [...valid][1]!)).statusCode, 401, 'the session is gone');
      assert.equal((await login(app, coordinator.username, coordinator.password)).statusCode, 429);
    });

    test('a session ends after 15 minutes without a request', async (t) => {
      const { app, clock } = await setup(t);
      const session = await signIn(app, await createUser(store, { role: 'patient' }));
      clock.advance(15 * MINUTE - 1000);
      assert.equal((await sessionOf(app, session.cookie)).authenticated, true);
      clock.advance(15 * MINUTE - 1000);
      assert.equal(
        (await sessionOf(app, session.cookie)).authenticated,
        true,
        'each request restarts the wait',
      );
      clock.advance(15 * MINUTE);
      const expired = await app.inject({ url: '/api/test/patient-data', headers: session.headers() });
      assert.equal(expired.statusCode, 401);
      assert.equal(sessionCookie(expired)?.value, '', 'the stale cookie is cleared');
      clock.advance(-15 * MINUTE);
      assert.equal((await sessionOf(app, session.cookie)).authenticated, false, 'and the session is deleted');
    });

    test('a session ends 12 hours after sign-in however busy', async (t) => {
      const { app, clock } = await setup(t);
      const session = await signIn(app, await createUser(store, { role: 'patient' }));
      for (let elapsed = 10 * MINUTE; elapsed < 12 * HOUR; elapsed += 10 * MINUTE) {
        clock.advance(10 * MINUTE);
        assert.equal(
          (await sessionOf(app, session.cookie)).authenticated,
          true,
          `after ${elapsed / MINUTE} min`,
        );
      }
      clock.advance(9 * MINUTE + 59_000);
      const last = await sessionOf(app, session.cookie);
      assert.equal(last.authenticated, true);
      assert.equal(last.absoluteExpiresAt, new Date(clock.now.getTime() + 1000).toISOString());
      clock.advance(1000);
      assert.equal((await sessionOf(app, session.cookie)).authenticated, false);
    });

    test('signing in again replaces the session: the old cookie stops working', async (t) => {
      const { app } = await setup(t);
      const patient = await createUser(store, { role: 'patient' });
      const old = await signIn(app, patient);
      const again = await login(app, patient.username, patient.password, { headers: old.headers() });
      assert.equal(again.statusCode, 200);
      const fresh = `o3care_session=${sessionCookie(again)!.value}`;
      assert.notEqual(fresh, old.cookie);
      assert.notEqual(again.json<SessionView>().csrfToken, old.csrfToken);
      assert.equal((await sessionOf(app, old.cookie)).authenticated, false);
      assert.equal((await sessionOf(app, fresh)).authenticated, true);
    });

    test('a write with the session cookie needs the CSRF token; reads and cookie-less requests do not', async (t) => {
      const { app } = await setup(t);
      const session = await signIn(app, await createUser(store, { role: 'patient' }));
      const logout = (headers: Record<string, string>) =>
        app.inject({ method: 'POST', url: '/api/auth/logout', headers });

      const withoutToken: Record<string, string>[] = [
        { cookie: session.cookie },
        { cookie: session.cookie, 'x-csrf-token': 'forged' },
      ];
      for (const headers of withoutToken) {
        const refused = await logout(headers);
        assert.equal(refused.statusCode, 403);
        assert.equal(refused.json<{ type: string }>().type, 'https://o3care.org/problems/forbidden');
        assert.match(refused.json<{ detail: string }>().detail, /x-csrf-token/);
      }
      assert.equal((await sessionOf(app, session.cookie)).authenticated, true, 'reads need no token');
      assert.equal((await logout({})).statusCode, 200, 'no cookie, no ambient authority, no token needed');
      assert.equal((await logout(session.headers())).statusCode, 200);
      assert.equal((await sessionOf(app, session.cookie)).authenticated, false, 'logged out');
    });

    test('the session cookie is HttpOnly, SameSite=Strict, Path=/, and Secure only when configured', async (t) => {
      for (const secureCookies of [false, true]) {
        const { app } = await setup(t, { secureCookies });
        const patient = await createUser(store, { role: 'patient' });
        const header = String((await login(app, patient.username, patient.password)).headers['set-cookie']);
        const attributes = header.split(';').map((part) => part.trim());
        assert.match(attributes[0]!, /^o3care_session=[A-Za-z0-9_-]{43}$/);
        assert.deepEqual(
          attributes.slice(1).sort(),
          ['HttpOnly', 'Path=/', 'SameSite=Strict', ...(secureCookies ? ['Secure'] : [])].sort(),
        );
      }
    });

    test('an Authorization header is refused with 401 (bearer tokens come later)', async (t) => {
      const { app } = await setup(t);
      const response = await app.inject({
        url: '/api/auth/session',
        headers: { authorization: 'Bearer abc.def.ghi' },
      });
      assert.equal(response.statusCode, 401);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    });

    test('sign-in is rate limited per client address with a 429 problem', async (t) => {
      const { app } = await setup(t);
      const from = '192.0.2.99';
      for (let i = 0; i < 10; i++)
        assert.equal(
          (await login(app, `nobody-${randomUUID()}`, 'password', { remoteAddress: from })).statusCode,
          401,
        );
      const limited = await login(app, `nobody-${randomUUID()}`, 'password', { remoteAddress: from });
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(limited.json<{ type: string }>().type, 'https://o3care.org/problems/too-many-requests');
      assert.ok(limited.headers['retry-after']);
      assert.equal((await login(app, `nobody-${randomUUID()}`, 'password')).statusCode, 401, 'other clients');
    });

    test('changing your own password needs the current one and ends your other sessions', async (t) => {
      const { app } = await setup(t);
      const patient = await createUser(store, { role: 'patient', password: 'the original password' });
      const here = await signIn(app, patient);
      const elsewhere = await signIn(app, patient);
      const change = (currentPassword: string, newPassword: string) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: here.headers(),
          payload: { currentPassword, newPassword },
        });

      const wrong = await change('not the original', 'a brand new password');
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json<{ errors: { path: string }[] }>().errors[0]?.path, '$.body.currentPassword');
      const short = await change('the original password', 'short');
      assert.equal(short.json<{ errors: { path: string }[] }>().errors[0]?.path, '$.body.newPassword');
      assert.equal((await change('the original password', `my name is ${patient.username}`)).statusCode, 400);

      assert.equal((await change('the original password', 'a brand new password')).statusCode, 200);
      assert.equal((await sessionOf(app, here.cookie)).authenticated, true);
      assert.equal((await sessionOf(app, elsewhere.cookie)).authenticated, false);
      assert.equal((await login(app, patient.username, 'the original password')).statusCode, 401);
      assert.equal((await login(app, patient.username, 'a brand new password')).statusCode, 200);
    });

    test('sign-ins, failures and sign-outs are audited, with no password or token in the trail', async (t) => {
      const { app } = await setup(t);
      const nurse = await createUser(store, { role: 'nurse' });
      await login(app, nurse.username, 'a wrong password');
      const session = await signIn(app, nurse);
      await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers() });

      const rows = await store.db
        .selectFrom('audit_event')
        .selectAll()
        .where('actor_id', '=', nurse.user.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.action, r.outcome]),
        [
          ['login.failure', 'denied'],
          ['login.password-accepted', 'success'],
          ['login.success', 'success'],
          ['logout', 'success'],
        ],
      );
      assert.ok(rows.every((r) => r.source_ip !== null && r.request_id !== null));
      const trail = JSON.stringify(await store.db.selectFrom('audit_event').selectAll().execute());
      for (const secret of [
        nurse.password,
        'a wrong password',
        session.csrfToken,
        session.cookie.split('=')[1]!,
      ])
        assert.equal(trail.includes(secret), false, 'a secret reached the audit trail');
    });
  });
}
