// One ozone session: a draft is run step by step by the nurse (day-of check, vitals, consent, checklist, staff and
// generator, administered values, adverse events, notes) and signed by the supervising physician; a signed session is
// read-only and corrected by amendments. Whether it may be signed is the server's day-of check, shown as findings.
import { Badge, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import { useSessionRecord } from '../api/sessions.ts';
import { DraftRunner } from './draft-runner.tsx';
import { formatDateTime } from './session-format.ts';
import { SignedSessionView } from './signed-session-view.tsx';

export function SessionRunnerPage() {
  const { t } = useTranslation();
  const { patientId = '', sessionId = '' } = useParams();
  const record = useSessionRecord(sessionId);
  const user = useSession().data?.user;
  const session = record.data?.session;
  const title = session
    ? t('runner.title', { technique: t(`technique.${session.technique}`) })
    : t('runner.titleLoading');

  return (
    <Page
      title={title}
      subtitle={session && t('runner.created', { date: formatDateTime(session.createdAt) })}
      actions={
        session && (
          <Group gap="xs">
            {session.status === 'signed' ? (
              <Badge variant="outline" c="dark.9" color="green.9" size="lg">
                {t('runner.status.signed')}
              </Badge>
            ) : (
              <Badge variant="outline" c="dark.9" color="orange.9" size="lg">
                {t('runner.status.draft')}
              </Badge>
            )}
            {session.amendmentCount > 0 && (
              <Badge color="grape.9" size="lg">
                {t('runner.amendedCount', { count: session.amendmentCount })}
              </Badge>
            )}
          </Group>
        )
      }
    >
      {record.isPending && <Loader size="sm" aria-label={t('sessions.loading')} />}
      <ProblemAlert error={record.error} />
      {record.data && user && patientId && record.data.session.status === 'draft' && (
        <DraftRunner record={record.data} user={user} patientId={patientId} />
      )}
      {record.data && user && record.data.session.status === 'signed' && (
        <SignedSessionView record={record.data} user={user} />
      )}
      {record.data && !user && <Text>{t('sessions.loading')}</Text>}
    </Page>
  );
}
