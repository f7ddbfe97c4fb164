// The engine's day-of check of a draft (the re-screening on the day plus the dose, consent and oversight rules), as
// stored on the session by the last pre-check: its findings, by rule, in the user's language.
import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../components/finding-list.tsx';
import { FindingList } from '../../../components/finding-list.tsx';
import type { OzoneSession } from '../api/sessions.ts';
import { formatDateTime } from './session-format.ts';

/** The API's findings are the engine's, typed more loosely at the HTTP edge (rule ids as strings). */
export const asFindings = (findings: readonly unknown[]): readonly Finding[] =>
  findings as readonly Finding[];

export function DayOfCheck({
  session,
  onRun,
  running,
}: {
  readonly session: OzoneSession;
  readonly onRun?: () => void;
  readonly running?: boolean;
}) {
  const { t } = useTranslation();
  const check = session.rescreening;
  return (
    <Stack gap="xs" aria-live="polite">
      <Group justify="space-between">
        <Text fw={600}>
          {check ? t('runner.check.asOf', { date: formatDateTime(check.asOf) }) : t('runner.check.notRun')}
        </Text>
        {onRun && (
          <Button variant="light" loading={running ?? false} onClick={onRun}>
            {t('runner.check.run')}
          </Button>
        )}
      </Group>
      {check && (
        <FindingList findings={asFindings(check.evaluation.findings)} empty={t('runner.check.clear')} />
      )}
    </Stack>
  );
}
