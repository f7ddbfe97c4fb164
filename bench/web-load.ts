// The web app's weight and speed (issue 4, "Pages load fast"): the size of what the first page downloads (the main
// bundle: entry script, its preloaded chunks and CSS, raw and gzip), and the time to interactive of the patient chart
// in Debian's Chromium against a demo clinic, with a cold cache each round. TTI here is the moment the page stopped
// changing and the main thread went quiet: the later of the last DOM mutation and the end of the last long task
// (> 50 ms), measured in the page from navigation start, once the network has been idle. The baseline, measured in the
// same rounds, is the sign-in page: same bundle, no data; the ratio says what the chart's data and code add.
//
// Usage: node bench/web-load.ts [--rounds 7] [--json]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from '@playwright/test';
import { chromium } from '@playwright/test';
import { startDemoClinic } from '../e2e/support/demo-clinic.ts';
import { CHROMIUM } from '../playwright.config.ts';
import { ensureWebBuild } from '../src/cli/web-build.ts';
import { fixed } from './stats.ts';

export interface AssetSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface WebLoadResult {
  readonly rounds: number;
  readonly loadAverage: number;
  readonly mainBundle: readonly AssetSize[];
  readonly allAssets: { readonly files: number; readonly bytes: number; readonly gzipBytes: number };
  readonly chartMs: readonly number[];
  readonly signInMs: readonly number[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

function sizeOf(dir: string, file: string): AssetSize {
  const bytes = readFileSync(join(dir, file));
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
}

/** What index.html makes the browser fetch before any page's own chunk: entry, modulepreloads, stylesheets. */
function mainBundle(dir: string): AssetSize[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  return [...new Set(files)].map((file) => sizeOf(dir, file));
}

function allAssets(dir: string): WebLoadResult['allAssets'] {
  const files = readdirSync(join(dir, 'assets')).filter((f) => statSync(join(dir, 'assets', f)).isFile());
  const sizes = files.map((f) => sizeOf(dir, join('assets', f)));
  return {
    files: files.length,
    bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
    gzipBytes: sizes.reduce((sum, s) => sum + s.gzipBytes, 0),
  };
}

/** Installed before any page script: records the last DOM change and the end of the last long task. */
const PROBE = `(() => {
  window.__o3 = { lastMutation: 0, lastLongTaskEnd: 0 };
  new MutationObserver(() => { window.__o3.lastMutation = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__o3.lastLongTaskEnd = Math.max(window.__o3.lastLongTaskEnd, e.startTime + e.duration);
  }).observe({ type: 'longtask', buffered: true });
})();`;

async function timeToInteractive(context: BrowserContext, url: string, ready: string): Promise<number> {
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  const probe = await page.evaluate(
    () => (window as unknown as { __o3: { lastMutation: number; lastLongTaskEnd: number } }).__o3,
  );
  await page.close();
  return Math.max(probe.lastMutation, probe.lastLongTaskEnd);
}

async function signedInState(
  browser: Browser,
  url: string,
  clinic: Awaited<ReturnType<typeof startDemoClinic>>,
) {
  const context = await browser.newContext({ baseURL: url });
  const account = clinic.accounts.physician;
  const login = await context.request.post('/api/auth/login', {
    data: { username: account.username, password: account.password },
  });
  const view = (await login.json()) as { csrfToken?: string };
  await context.request.post('/api/auth/totp', {
    data: { code: await clinic.totpCode(account) },
    headers: { 'x-csrf-token': view.csrfToken ?? '' },
  });
  const patients = (await (await context.request.get('/api/patients')).json()) as {
    patients: { id: string }[];
  };
  const state = await context.storageState();
  await context.close();
  const patientId = patients.patients[0]?.id;
  if (!patientId) throw new Error('the demo clinic has no patients');
  return { state, patientId };
}

export async function measureWebLoad(rounds: number): Promise<WebLoadResult> {
  const { dir } = await ensureWebBuild();
  const clinic = await startDemoClinic();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const { state, patientId } = await signedInState(browser, clinic.url, clinic);
    const chartMs: number[] = [];
    const signInMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // A new context per page: an empty HTTP cache, as on a clinician's first visit of the day.
      const anonymous = await browser.newContext({ baseURL: clinic.url });
      signInMs.push(await timeToInteractive(anonymous, '/sign-in', 'button[type=submit]'));
      await anonymous.close();
      const signedIn = await browser.newContext({ baseURL: clinic.url, storageState: state });
      chartMs.push(await timeToInteractive(signedIn, `/patients/${patientId}`, 'main h1'));
      await signedIn.close();
    }
    return {
      rounds,
      loadAverage: loadavg()[0] ?? 0,
      mainBundle: mainBundle(dir),
      allAssets: allAssets(dir),
      chartMs,
      signInMs,
    };
  } finally {
    await browser.close();
    await clinic.stop();
  }
}

const kb = (bytes: number) => `${fixed(bytes / 1024, 1)}`;

export function webLoadTable(result: WebLoadResult): string {
  const total = result.mainBundle.reduce(
    (sum, a) => ({ bytes: sum.bytes + a.bytes, gzipBytes: sum.gzipBytes + a.gzipBytes }),
    { bytes: 0, gzipBytes: 0 },
  );
  const ratios = result.chartMs.map((ms, i) => ms / (result.signInMs[i] ?? NaN));
  return [
    `Web app main bundle (what index.html loads before any page chunk):`,
    '',
    '| file | kB | kB gzip |',
    '| --- | --- | --- |',
    ...result.mainBundle.map((a) => `| ${a.file} | ${kb(a.bytes)} | ${kb(a.gzipBytes)} |`),
    `| **main bundle** | **${kb(total.bytes)}** | **${kb(total.gzipBytes)}** |`,
    `| all ${result.allAssets.files} assets (every page's chunk) | ${kb(result.allAssets.bytes)} | ${kb(result.allAssets.gzipBytes)} |`,
    '',
    `Time to interactive, cold cache, Chromium headless, ${result.rounds} rounds (load average ${fixed(result.loadAverage, 1)}):`,
    '',
    '| page | median ms | min ms | max ms |',
    '| --- | --- | --- | --- |',
    `| patient chart (summary with screening) | ${fixed(median(result.chartMs), 0)} | ${fixed(Math.min(...result.chartMs), 0)} | ${fixed(Math.max(...result.chartMs), 0)} |`,
    `| sign-in page (baseline: same bundle, no data) | ${fixed(median(result.signInMs), 0)} | ${fixed(Math.min(...result.signInMs), 0)} | ${fixed(Math.max(...result.signInMs), 0)} |`,
    '',
    `chart / sign-in, per round: median ${fixed(median(ratios), 2)} (${ratios.map((r) => fixed(r, 2)).join(', ')})`,
  ].join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } },
  });
  const result = await measureWebLoad(Number(values.rounds));
  console.log(values.json ? JSON.stringify(result) : webLoadTable(result));
}
