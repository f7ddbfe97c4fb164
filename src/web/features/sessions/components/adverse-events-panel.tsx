// Adverse events of a session: each with its grade in colour and words, and a form to report one (grade 1-5 and what
// happened). Grade 2 and above wait for a physician's review before the next session (the engine says so, not here).
import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { SessionUser } from '../../auth/api/session.ts';
import type { SessionRecord } from '../api/sessions.ts';
import { useReportAdverseEvent } from '../api/sessions.ts';
import { formatDateTime } from './session-format.ts';

const GRADES = [1, 2, 3, 4, 5] as const;
const GRADE_COLOR: Readonly<Record<number, string>> = {
  1: 'yellow.9',
  2: 'orange.9',
  3: 'red.9',
  4: 'red.9',
  5: 'dark.9',
};

export function AdverseEventsPanel({
  record,
  user,
}: {
  readonly record: SessionRecord;
  readonly user: SessionUser;
}) {
  const { t } = useTranslation();
  const report = useReportAdverseEvent(record.session.id);
  const [grade, setGrade] = useState('');
  const [description, setDescription] = useState('');
  const mayReport = user.actions.includes('session.write');

  const submit = () => {
    if (!grade || !description.trim()) return;
    report.mutate(
      { grade: Number(grade), description: description.trim() },
      {
        onSuccess: () => {
          setGrade('');
          setDescription('');
        },
      },
    );
  };

  return (
    <Stack gap="sm">
      {record.adverseEvents.length === 0 ? (
        <Text>{t('runner.adverse.none')}</Text>
      ) : (
        <Stack gap="xs" role="list" aria-label={t('runner.adverse.listLabel')}>
          {record.adverseEvents.map((event) => (
            <Paper key={event.id} withBorder p="sm" role="listitem">
              <Group gap="xs">
                <Badge variant="outline" c="dark.9" color={GRADE_COLOR[event.grade] ?? 'red.9'}>
                  {t(`adverseEvent.grade.${event.grade}`)}
                </Badge>
                <Text size="sm" c="gray.7">
                  {t('runner.adverse.reportedAt', { date: formatDateTime(event.reportedAt) })}
                </Text>
                <Text size="sm" c="gray.7">
                  {event.review
                    ? t('runner.adverse.reviewed', { date: formatDateTime(event.review.at) })
                    : t('runner.adverse.notReviewed')}
                </Text>
              </Group>
              <Text size="sm" mt={4}>
                {event.description}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      {mayReport && (
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <NativeSelect
              label={t('runner.adverse.grade')}
              value={grade}
              onChange={(event) => setGrade(event.currentTarget.value)}
              data={[
                { value: '', label: t('runner.adverse.chooseGrade') },
                ...GRADES.map((value) => ({ value: String(value), label: t(`adverseEvent.grade.${value}`) })),
              ]}
              description={grade ? t(`adverseEvent.grade.${grade}.explain`) : undefined}
            />
            <Textarea
              label={t('runner.adverse.description')}
              value={description}
              autosize
              minRows={2}
              onChange={(event) => setDescription(event.currentTarget.value)}
            />
            <Group>
              <Button
                variant="outline"
                color="red.9"
                disabled={!grade || !description.trim()}
                loading={report.isPending}
                onClick={submit}
              >
                {t('runner.adverse.report')}
              </Button>
            </Group>
            <ProblemAlert error={report.error} />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
