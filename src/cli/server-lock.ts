// The lock file `o3care serve` keeps in an embedded data folder while it runs: PGlite opens a folder from one process
// only, and a second process opening it would corrupt it. The file names the server's pid, its URL once it listens,
// and a per-run secret for the local backup route (routes/local-backup.ts); it is readable by its owner only.
// A server killed without warning leaves the file behind; a lock whose process is gone is stale and taken over.

import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'o3care-server.lock';

export interface ServerLock {
  readonly pid: number;
  /** Where the server listens; null while it is starting. */
  readonly url: string | null;
  readonly token: string;
  readonly startedAt: string;
}

export const lockPath = (dataDir: string): string => join(dataDir, LOCK_FILE);

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readServerLock(dataDir: string): ServerLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as Partial<ServerLock>;
    if (typeof lock.pid !== 'number' || typeof lock.token !== 'string') return undefined;
    return {
      pid: lock.pid,
      url: typeof lock.url === 'string' ? lock.url : null,
      token: lock.token,
      startedAt: String(lock.startedAt),
    };
  } catch {
    return undefined;
  }
}

/** The lock of another running `o3care serve` on this folder, or undefined when none holds it. */
export function liveServerLock(dataDir: string): ServerLock | undefined {
  const lock = readServerLock(dataDir);
  // Our own pid in the file means a previous process with the same pid (a container restart) left it.
  return lock && lock.pid !== process.pid && processAlive(lock.pid) ? lock : undefined;
}

export interface HeldLock {
  readonly token: string;
  /** Records the URL the server listens on, for `o3care backup`. */
  publish(url: string): void;
  release(): void;
}

export class FolderInUseError extends Error {
  override readonly name = 'FolderInUseError';
  readonly lock: ServerLock;

  constructor(dataDir: string, lock: ServerLock) {
    super(
      `the embedded database in ${dataDir} is in use by o3care serve (pid ${lock.pid}${lock.url ? `, ${lock.url}` : ''})`,
    );
    this.lock = lock;
  }
}

function writeLock(dataDir: string, lock: ServerLock): void {
  const temporary = `${lockPath(dataDir)}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(lock)}\n`, { mode: 0o600 });
  renameSync(temporary, lockPath(dataDir));
}

/** Takes the folder for this process, creating it if needed; throws FolderInUseError when a live server holds it. */
export function acquireServerLock(dataDir: string): HeldLock {
  mkdirSync(dataDir, { recursive: true });
  const lock: ServerLock = {
    pid: process.pid,
    url: null,
    token: randomBytes(32).toString('base64url'),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      // Exclusive create: of two servers starting at once, one wins.
      const fd = openSync(lockPath(dataDir), 'wx', 0o600);
      writeFileSync(fd, `${JSON.stringify(lock)}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const existing = liveServerLock(dataDir);
      if (existing) throw new FolderInUseError(dataDir, existing);
      unlinkSync(lockPath(dataDir));
    }
  }
  let released = false;
  return {
    token: lock.token,
    publish(url) {
      writeLock(dataDir, { ...lock, url });
    },
    release() {
      if (released) return;
      released = true;
      if (readServerLock(dataDir)?.pid === process.pid) unlinkSync(lockPath(dataDir));
    },
  };
}
