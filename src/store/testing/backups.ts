// Backups as text, for tests that compare a database with its copy: write one to memory, split it into lines, and
// group its rows by table. Test-only.

import type { Store } from '../database.ts';
import { writeBackup } from '../backup.ts';

export async function backupText(store: Store): Promise<string> {
  const chunks: string[] = [];
  await writeBackup(store.db, (chunk) => void chunks.push(chunk), { engine: store.kind, via: 'cli' });
  return chunks.join('');
}

export async function* linesOf(text: string): AsyncGenerator<string> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  yield* lines;
}

/** Table name → its row lines, in the backup's (primary key) order. */
export function tablesOf(text: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line.startsWith('[')) current.push(line);
    else if (line.startsWith('{"table"')) {
      current = [];
      tables.set((JSON.parse(line) as { table: string }).table, current);
    }
  }
  return tables;
}

/** The `action` of an audit_event row line. */
export const auditActionOf = (row: string): unknown => (JSON.parse(row) as unknown[])[5];
