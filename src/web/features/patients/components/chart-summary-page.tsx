// The chart's first page: the goal and how strong the evidence for it is, eligibility per technique at a glance, the
// open findings of the latest screening with their evidence and source, and the current plan with the next session.
import { Alert, Anchor, Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Finding } from '../../../components/finding-list.tsx';
import { FindingList } from '../../../components/finding-list.tsx';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { TimelineEvent } from '../../timeline/api/timeline.ts';
import { useRecentEvents } from '../../timeline/api/timeline.ts';
import type { Plan } from '../api/record.ts';
import { useIntake, usePlans, useScreening } from '../api/record.ts';
import { EligibilityTable } from './eligibility-table.tsx';
import { formatDate, formatDateTime } from './patient-format.ts';

const SEVERITY_ORDER = ['hard-stop', 'warning', 'info'] as const;

function Panel({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** The earliest session scheduled from now on that has not been signed yet, among the latest events. */
function nextScheduledSession(
  events: readonly TimelineEvent[],
  now: Date,
): { id: string; at: string; technique?: string } | undefined {
  const signed = new Set(events.filter((event) => event.kind === 'session.signed').map((event) => event.id));
  return events
    .filter((event) => event.kind === 'session.created' && !signed.has(event.id))
    .flatMap((event) => {
      const at = event.detail.scheduledAt;
      if (typeof at !== 'string' || new Date(at).getTime() < now.getTime() - 12 * 3600_000) return [];
      const technique = typeof event.detail.technique === 'string' ? event.detail.technique : undefined;
      return [{ id: event.id, at, ...(technique ? { technique } : {}) }];
    })
    .sort((a, b) => a.at.localeCompare(b.at))[0];
}

function CurrentPlan({ patientId, plans }: { readonly patientId: string; readonly plans: readonly Plan[] }) {
  const { t, i18n } = useTranslation();
  const recent = useRecentEvents(patientId);
  const active = plans.find((plan) => plan.status === 'active');
  const latest = plans[0];
  const next = recent.data ? nextScheduledSession(recent.data, new Date()) : undefined;
  return (
    <Panel title={t('summary.plan')}>
      {active ? (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t(`technique.${active.technique}`)}
          </Text>
          <Text size="sm">
            {active.goal.code ? t(`goal.${active.goal.code}`) : t('chart.noGoal')} ·{' '}
            {t('summary.courseSessions', { count: active.courseSessions })}
          </Text>
          {active.reviewPoint && (
            <Text size="sm">
              {active.reviewPoint.kind === 'after-sessions'
                ? t('summary.reviewAfterSessions', { count: active.reviewPoint.sessions })
                : t('summary.reviewAfterWeeks', { count: active.reviewPoint.weeks })}
            </Text>
          )}
          <Text size="xs" c="gray.7">
            {t('summary.planSince', { date: formatDate(active.createdAt, i18n.language) })}
          </Text>
        </Stack>
      ) : latest ? (
        <Text size="sm">
          {t('summary.planClosed', {
            technique: t(`technique.${latest.technique}`),
            status: t(`planClose.${latest.status}`, { defaultValue: latest.status }),
          })}
        </Text>
      ) : (
        <Text size="sm">{t('summary.noPlan')}</Text>
      )}
      <Text size="sm">
        <Text span fw={600}>
          {t('summary.nextSession')}:
        </Text>{' '}
        {next ? (
          <Anchor component={Link} to={`sessions/${next.id}`} size="sm">
            {formatDateTime(next.at, i18n.language)}
            {next.technique && ` · ${t(`technique.${next.technique}`)}`}
          </Anchor>
        ) : (
          t('summary.noNextSession')
        )}
      </Text>
      <Anchor component={Link} to="plan" size="sm">
        {t('summary.openPlan')}
      </Anchor>
    </Panel>
  );
}

export function ChartSummaryPage() {
  const { t, i18n } = useTranslation();
  const { patientId = '' } = useParams();
  const intake = useIntake(patientId);
  const screening = useScreening(patientId);
  const plans = usePlans(patientId);
  const goal = intake.data?.intake.intake.goal;
  const evidence = screening.data?.goal;
  // The server's findings are the engine's (rule ids typed as strings on the wire).
  const findings = [...((screening.data?.screening.findings ?? []) as readonly Finding[])].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );

  return (
    <Page
      title={t('summary.title')}
      subtitle={
        screening.data
          ? t('summary.screenedOn', {
              date: formatDateTime(screening.data.screening.asOf, i18n.language),
              library: screening.data.library.version,
            })
          : undefined
      }
    >
      <ProblemAlert error={intake.error ?? screening.error ?? plans.error} />
      {screening.data === null && (
        <Alert color="blue">
          <Text size="sm" fw={700}>
            {t('summary.notScreened')}
          </Text>
          <Anchor component={Link} to="intake">
            {t('summary.recordIntake')}
          </Anchor>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Panel title={t('chart.goal')}>
              {goal?.code ? (
                <Text size="sm" fw={600}>
                  {t(`goal.${goal.code}`)}
                </Text>
              ) : (
                <Text size="sm">{t('chart.noGoal')}</Text>
              )}
              {goal?.text && <Text size="sm">“{goal.text}”</Text>}
              {evidence && (
                <>
                  <Group gap="xs">
                    <Text size="sm">{t('summary.evidenceGrade')}:</Text>
                    <Badge color="gray.8" variant="outline" radius="sm">
                      {t(`evidence.${evidence.evidenceGrade}`)}
                    </Badge>
                  </Group>
                  <Text size="xs" c="gray.7">
                    {t(`evidence.${evidence.evidenceGrade}.explain`)}
                  </Text>
                </>
              )}
            </Panel>
            {plans.data && <CurrentPlan patientId={patientId} plans={plans.data} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Panel title={t('summary.eligibility')}>
            {screening.isPending ? (
              <Text size="sm">{t('app.loading')}</Text>
            ) : screening.data ? (
              <EligibilityTable eligibility={screening.data.screening.eligibility} />
            ) : (
              <Text size="sm">{t('summary.noEligibility')}</Text>
            )}
          </Panel>
        </Grid.Col>
      </Grid>
      <Panel title={t('summary.findings')}>
        {screening.data && <FindingList findings={findings} empty={t('summary.noFindings')} />}
        {screening.data && (
          <Anchor component={Link} to="screening" size="sm">
            {t('summary.openScreening')}
          </Anchor>
        )}
      </Panel>
    </Page>
  );
}
