// A patient's sessions in time: when each is (or was), and which are still to come.
import type { MySession } from '../api/my-record.ts';

export const sessionTime = (session: MySession): string | undefined =>
  session.startedAt ?? session.scheduledAt;

export function upcomingSessions(sessions: readonly MySession[], now: Date): MySession[] {
  return sessions
    .filter(
      (s) => !s.done && s.scheduledAt !== undefined && new Date(s.scheduledAt).getTime() >= now.getTime(),
    )
    .sort((a, b) => (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? ''));
}
