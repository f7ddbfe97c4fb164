// Before any browser test: Debian's Chromium must be there (never downloaded by a test tool), and the web app is
// built once here so that the workers' servers all serve the same build instead of racing to make it.
import { existsSync } from 'node:fs';
import { ensureWebBuild } from '../../src/cli/web-build.ts';
import { CHROMIUM } from '../../playwright.config.ts';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set O3CARE_CHROMIUM`,
    );
  }
  const build = await ensureWebBuild((line) => console.log(line));
  console.log(`web app: ${build.built ? 'built' : 'up to date'} in ${build.dir}`);
}
