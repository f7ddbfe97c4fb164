// The screening view: eligibility per technique at a glance, what data is missing and which test to order, the
// evidence for the patient's goal, and every finding in plain language. All of it is the server's latest screening,
// rendered by rule id; nothing is judged here.
import { Alert, Anchor, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Finding } from '../../../components/finding-list.tsx';
import { FindingList } from '../../../components/finding-list.tsx';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useScreening } from '../api/screening.ts';
import { EligibilityTable } from './eligibility-table.tsx';
import { GoalEvidenceView } from './goal-evidence.tsx';
import { isMissingData, MissingData } from './missing-data.tsx';

function Section({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  const headingId = useId();
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Stack gap="xs">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

export function ScreeningPage() {
  const { t, i18n } = useTranslation();
  const { patientId = '' } = useParams();
  const latest = useScreening(patientId);
  const intakeLink = (
    <Button component={Link} to={`/patients/${patientId}/intake`} variant="default">
      {t('screening.editIntake')}
    </Button>
  );
  const data = latest.data;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  // The findings list shows what is not already listed as missing data above it.
  const otherFindings: readonly Finding[] = (data?.screening.findings ?? []).filter(
    (finding) => !isMissingData(finding),
  ) as readonly Finding[];
  return (
    <Page
      title={t('screening.title')}
      subtitle={
        data
          ? t('screening.subtitle', {
              date: date(data.screening.asOf),
              version: data.library.version,
              status: t(`screening.library.${data.library.status}`),
            })
          : undefined
      }
      actions={intakeLink}
    >
      {latest.isPending && <Loader aria-label={t('app.loading')} />}
      <ProblemAlert error={latest.error} />
      {!latest.isPending && !latest.error && !data && (
        <Alert color="blue" title={t('screening.none.title')}>
          <Stack gap={4}>
            {t('screening.none.body')}
            <Anchor component={Link} to={`/patients/${patientId}/intake`} fw={600}>
              {t('screening.editIntake')}
            </Anchor>
          </Stack>
        </Alert>
      )}
      {data && (
        <Stack gap="md">
          {data.library.status !== 'approved' && (
            <Alert color="orange" title={t('screening.library.notApproved.title')}>
              <Text size="sm">{t('screening.library.notApproved.body')}</Text>
            </Alert>
          )}
          <Section title={t('screening.section.eligibility')}>
            <Text size="sm" c="gray.7">
              {t('screening.section.eligibility.help')}
            </Text>
            <EligibilityTable screening={data.screening} />
          </Section>
          <Section title={t('screening.section.missing')}>
            <MissingData findings={data.screening.findings as readonly Finding[]} />
          </Section>
          <Section title={t('screening.section.evidence')}>
            <GoalEvidenceView goal={data.goal} />
          </Section>
          <Section title={t('screening.section.findings')}>
            <Group gap="xs">
              <Text size="sm" c="gray.7">
                {t('screening.section.findings.help')}
              </Text>
            </Group>
            <FindingList findings={otherFindings} empty={t('screening.findings.none')} />
          </Section>
        </Stack>
      )}
    </Page>
  );
}
