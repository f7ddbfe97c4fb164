// A one-line progress bar for stderr on a terminal: bytes read of the file, records screened, records per second.
// Redrawn at most ten times a second, so drawing never costs throughput.

import { WIDTH } from './terminal.ts';

const REDRAW_MS = 100;

export interface Progress {
  update(bytesRead: number, records: number): void;
  /** Erases the bar so the summary starts on a clean line. */
  finish(): void;
}

const NO_PROGRESS: Progress = { update: () => {}, finish: () => {} };

const mebibytes = (bytes: number): string => (bytes / 1_048_576).toFixed(1);

export function progressBar(
  stream: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number },
  totalBytes: number,
  now: () => number = () => performance.now(),
): Progress {
  if (stream.isTTY !== true) return NO_PROGRESS;
  const started = now();
  let lastDraw = -Infinity;
  // A pseudo-terminal may report 0 columns: treat that like an unknown width.
  const columns = Math.min(stream.columns || WIDTH, WIDTH);
  return {
    update(bytesRead, records) {
      const t = now();
      if (t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      const seconds = Math.max((t - started) / 1000, 1e-3);
      const rate = Math.round(records / seconds).toLocaleString('en-US');
      const counts = `${records.toLocaleString('en-US')} records  ${rate}/s`;
      if (totalBytes <= 0) {
        stream.write(`\r\u001b[2K${mebibytes(bytesRead)} MiB  ${counts}`);
        return;
      }
      const fraction = Math.min(bytesRead / totalBytes, 1);
      const tail = ` ${(fraction * 100).toFixed(0).padStart(3)}%  ${mebibytes(bytesRead)}/${mebibytes(totalBytes)} MiB  ${counts}`;
      const barWidth = Math.max(columns - tail.length - 3, 10);
      const filled = Math.round(fraction * barWidth);
      stream.write(`\r\u001b[2K[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`);
    },
    finish() {
      stream.write('\r\u001b[2K');
    },
  };
}
