// A patient's timeline (everything that happened in the record, newest first), keyset-paged: the cursor of a page is
// the last event it holds, so the next page starts exactly after it whatever was added meanwhile.

import type { Transaction } from 'kysely';
import { patientExists } from '../../store/patient.repository.ts';
import type { Database } from '../../store/schema.ts';
import type { TimelineCursor } from '../../store/timeline.repository.ts';
import { listTimeline } from '../../store/timeline.repository.ts';
import type { CareContext } from './care-context.ts';
import { RecordNotFoundError } from './errors.ts';
import { timelineEventFromRow } from './record-mapping.ts';
import type { TimelineEvent } from './record-types.ts';

export interface TimelinePage {
  readonly events: readonly TimelineEvent[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  readonly next?: string;
}

const encodeCursor = (event: TimelineEvent): string =>
  Buffer.from(JSON.stringify([event.at, event.kind, event.id])).toString('base64url');

/** The position a cursor names, or undefined when it is not one of ours (a cursor is opaque). */
export function decodeCursor(cursor: string): TimelineCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((part) => typeof part === 'string')) {
      const [at, kind, id] = parsed as [string, string, string];
      const date = new Date(at);
      if (!Number.isNaN(date.getTime())) return { at: date, kind, id };
    }
  } catch {
    // not JSON: not one of ours
  }
  return undefined;
}

export async function patientTimeline(
  trx: Transaction<Database>,
  context: CareContext,
  patientId: string,
  page: { readonly limit: number; readonly after?: TimelineCursor },
): Promise<TimelinePage> {
  const { after } = page;
  if (!(await patientExists(trx, patientId))) throw new RecordNotFoundError('patient', patientId);
  const rows = await listTimeline(trx, context, patientId, {
    limit: page.limit + 1,
    ...(after ? { after } : {}),
  });
  const events = rows.slice(0, page.limit).map(timelineEventFromRow);
  const last = events.at(-1);
  return { events, ...(rows.length > page.limit && last ? { next: encodeCursor(last) } : {}) };
}
