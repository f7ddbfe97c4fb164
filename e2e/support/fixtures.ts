// The browser tests' fixtures: one demo clinic server per worker, pages signed in as any role (each account signs
// in once per worker and its cookies are reused: the sign-in routes are rate limited, and a TOTP code is single-use),
// an axe check for serious and critical violations, and screenshots for the README.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import type { Role } from '../../src/server/auth/permissions.ts';
import type { DemoClinic } from './demo-clinic.ts';
import { ROOT, startDemoClinic } from './demo-clinic.ts';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

export interface Fixtures {
  /** A new browser page signed in as the demo account of `role`, in English unless `language` says otherwise. */
  pageAs: (role: Role, options?: { language?: 'en' | 'es' }) => Promise<Page>;
}

export interface WorkerFixtures {
  clinic: DemoClinic;
  signedIn: Map<Role, StorageState>;
}

async function signInThroughApi(browser: Browser, clinic: DemoClinic, role: Role): Promise<StorageState> {
  const account = clinic.accounts[role];
  const context = await browser.newContext({ baseURL: clinic.url });
  try {
    const login = await context.request.post('/api/auth/login', {
      data: { username: account.username, password: account.password },
    });
    expect(login.status(), await login.text()).toBe(200);
    const view = (await login.json()) as { authenticated: boolean; csrfToken?: string };
    if (!view.authenticated) {
      const totp = await context.request.post('/api/auth/totp', {
        data: { code: await clinic.totpCode(account) },
        headers: view.csrfToken ? { 'x-csrf-token': view.csrfToken } : {},
      });
      expect(totp.status(), await totp.text()).toBe(200);
    }
    return await context.storageState();
  } finally {
    await context.close();
  }
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  clinic: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const clinic = await startDemoClinic();
      await use(clinic);
      await clinic.stop();
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  signedIn: [
    // eslint-disable-next-line no-empty-pattern -- as above.
    async ({}, use) => {
      await use(new Map());
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ clinic }, use) => {
    await use(clinic.url);
  },
  pageAs: async ({ browser, clinic, signedIn }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (role, options = {}) => {
      let state = signedIn.get(role);
      if (state) {
        // A cached session idle for 15 minutes has ended on the server: sign in again.
        const probe = await browser.newContext({ baseURL: clinic.url, storageState: state });
        const view = (await (await probe.request.get('/api/auth/session')).json()) as {
          authenticated: boolean;
        };
        await probe.close();
        if (!view.authenticated) state = undefined;
      }
      if (!state) {
        state = await signInThroughApi(browser, clinic, role);
        signedIn.set(role, state);
      }
      const language = options.language ?? 'en';
      const context = await browser.newContext({
        baseURL: clinic.url,
        storageState: {
          cookies: state.cookies,
          origins: [{ origin: clinic.url, localStorage: [{ name: 'o3care.language', value: language }] }],
        },
      });
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };

/** Zero serious or critical axe violations (WCAG 2.1 A and AA) on what the page shows now. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = blocking.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe on ${label}`).toEqual([]);
}

export const SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');

/**
 * Saves a screenshot of the window for the README (docs/screenshots/<name>.png). Not full-page: the app shell's fixed
 * header and navigation would be painted mid-page.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: false,
    animations: 'disabled',
  });
}
