// A refused write as the server explained it: the problem, and for a hard stop or a missing override the engine's
// findings that caused it.
import { Stack } from '@mantine/core';
import { FindingList } from '../../../components/finding-list.tsx';
import type { Finding } from '../../../components/finding-list.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { isApiError } from '../../../lib/api-client.ts';

export function RefusalAlert({ error, title }: { readonly error: unknown; readonly title?: string }) {
  if (!error) return null;
  const findings =
    isApiError(error) && Array.isArray(error.problem.findings)
      ? (error.problem.findings as readonly Finding[])
      : [];
  return (
    <Stack gap="xs">
      <ProblemAlert error={error} {...(title ? { title } : {})} />
      {findings.length > 0 && <FindingList findings={findings} />}
    </Stack>
  );
}
