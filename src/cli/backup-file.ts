// Backup files on disk: written beside their final name and renamed into place only when complete and verified, so a
// failed backup never leaves a plausible-looking file; readable by their owner only (they hold every record,
// password hashes and TOTP secrets); gzip-compressed when the name ends in `.gz`, detected by content when read.

import { once } from 'node:events';
import { createReadStream, createWriteStream, openSync, readSync, closeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { BackupSink } from '../store/backup.ts';
import { BackupFormatError } from '../store/backup-format.ts';
import { ndjsonLines, TOO_LONG } from './ndjson-lines.ts';

export const wantsGzip = (path: string): boolean => path.endsWith('.gz');

export interface BackupFileWriter {
  readonly sink: BackupSink;
  /** The stream to pipe a finished backup into (the server's response), instead of calling `sink`. */
  readonly stream: Writable;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Opens `path` for a backup; compressed when `finalName` (the name it will be renamed to) ends in `.gz`. */
export function openBackupFile(path: string, finalName: string): BackupFileWriter {
  const file = createWriteStream(path, { mode: 0o600, flags: 'w' });
  const gzip = wantsGzip(finalName) ? createGzip() : undefined;
  if (gzip) gzip.pipe(file);
  const head: Writable = gzip ?? file;
  return {
    stream: head,
    async sink(chunk) {
      if (!head.write(chunk)) await once(head, 'drain');
    },
    async close() {
      if (!head.writableEnded) head.end();
      await finished(file);
    },
  };
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The file's lines, decompressed when it is gzip. */
export async function* backupFileLines(path: string): AsyncGenerator<string> {
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const source = isGzip(path) ? raw.pipe(createGunzip()) : raw;
  for await (const batch of ndjsonLines(source)) {
    for (const line of batch.lines) {
      if (line === TOO_LONG) throw new BackupFormatError('a line is longer than any backup line can be');
      yield line;
    }
  }
}
