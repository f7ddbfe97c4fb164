// The web app's production build, made on first start (issue 4: `npm install` then `npm start` must be enough) and
// again whenever its sources change: a fingerprint of src/web, the Vite config and the lockfile is kept beside the
// build, and a start whose fingerprint matches builds nothing (a few milliseconds of hashing, inside the cold-start
// budget). Vite is loaded only when a build is needed.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (this file is src/cli/web-build.ts). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_BUILD_DIR = join(PACKAGE_ROOT, 'dist', 'web');
const FINGERPRINT_FILE = '.o3care-build';

/** Files whose content decides the build; tests beside the web code do not. */
function buildInputs(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!/\.test\.tsx?$/.test(entry.name)) files.push(path);
    }
  };
  walk(join(root, 'src', 'web'));
  for (const name of ['vite.config.ts', 'package-lock.json']) {
    const path = join(root, name);
    if (existsSync(path)) files.push(path);
  }
  return files.sort();
}

export function webSourceFingerprint(root = PACKAGE_ROOT): string {
  const hash = createHash('sha256');
  for (const file of buildInputs(root)) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The fingerprint of the build in `dir`, or null when there is none (or it was interrupted). */
function builtFingerprint(dir: string): string | null {
  try {
    return readFileSync(join(dir, FINGERPRINT_FILE), 'utf8').trim();
  } catch {
    return null;
  }
}

export interface WebBuildResult {
  readonly dir: string;
  readonly built: boolean;
}

/**
 * Builds the web app unless the build in dist/web matches the sources. The build goes to a scratch folder first and
 * replaces dist/web only when complete, so a server never serves half a build.
 */
export async function ensureWebBuild(
  log: (line: string) => void = () => {},
  root = PACKAGE_ROOT,
): Promise<WebBuildResult> {
  const dir = join(root, 'dist', 'web');
  const fingerprint = webSourceFingerprint(root);
  if (builtFingerprint(dir) === fingerprint) return { dir, built: false };
  log('Building the web app (first start, or its sources changed)…');
  const scratch = join(root, 'dist', `web-${process.pid}-${Date.now()}`);
  const { build } = await import('vite');
  await build({
    configFile: join(root, 'vite.config.ts'),
    build: { outDir: scratch, emptyOutDir: true },
    logLevel: 'warn',
  });
  writeFileSync(join(scratch, FINGERPRINT_FILE), `${fingerprint}\n`);
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(scratch, dir);
  } catch (error) {
    // Another process (a second server, a test worker) finished the same build first: keep its copy.
    rmSync(scratch, { recursive: true, force: true });
    if (builtFingerprint(dir) !== fingerprint) throw error;
  }
  return { dir, built: true };
}
