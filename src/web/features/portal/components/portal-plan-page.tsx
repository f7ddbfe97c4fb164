// The patient's plans and sessions, read-only: goal, technique, how many sessions and when the result is reviewed,
// the care around it, the clinic's review of the course so far, and the sessions to come and those done.
import { Badge, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { MySession, Plan } from '../api/my-record.ts';
import { courseQuery, useActivity, useMyPatientId, usePlans } from '../api/my-record.ts';
import { sessionTime, upcomingSessions } from '../lib/sessions.ts';

const STATUS_COLOR = { active: 'blue.9', completed: '#1b5e20', stopped: 'gray.7' } as const;

function CourseReview({ plan }: { readonly plan: Plan }) {
  const { t } = useTranslation();
  const review = useQuery(courseQuery(plan.id));
  if (!review.data) return null;
  const { reviewPointReached, recommendation } = review.data;
  return (
    <Text size="sm">
      {reviewPointReached ? t(`portal.plan.review.${recommendation}`) : t('portal.plan.review.notYet')}
    </Text>
  );
}

function PlanCard({ plan, sessionsDone }: { readonly plan: Plan; readonly sessionsDone: number }) {
  const { t } = useTranslation();
  const headingId = `plan-${plan.id}`;
  const review = plan.reviewPoint;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {t(`technique.${plan.technique}`)}
          </Title>
          <Badge color={STATUS_COLOR[plan.status]} variant="filled">
            {t(`portal.plan.status.${plan.status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          <strong>{t('portal.plan.goal')}:</strong>{' '}
          {[plan.goal.code ? t(`goal.${plan.goal.code}`) : undefined, plan.goal.text]
            .filter(Boolean)
            .join(' — ')}
        </Text>
        <Text size="sm">{t('portal.plan.sessions', { done: sessionsDone, total: plan.courseSessions })}</Text>
        {review && (
          <Text size="sm">
            {review.kind === 'after-sessions'
              ? t('portal.plan.reviewAfterSessions', { count: review.sessions })
              : t('portal.plan.reviewAfterWeeks', { count: review.weeks })}
          </Text>
        )}
        {plan.programme.length > 0 && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t('portal.plan.programme')}
            </Text>
            <List size="sm">
              {plan.programme.map((item, i) => (
                <List.Item key={i}>
                  {t(`portal.plan.component.${item.component}`, { defaultValue: item.component })}
                  {item.note ? ` — ${item.note}` : ''}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        <CourseReview plan={plan} />
      </Stack>
    </Paper>
  );
}

function SessionTable({
  sessions,
  caption,
}: {
  readonly sessions: readonly MySession[];
  readonly caption: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('portal.plan.when')}</Table.Th>
          <Table.Th>{t('portal.plan.technique')}</Table.Th>
          <Table.Th>{t('portal.plan.state')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sessions.map((session) => {
          const at = sessionTime(session);
          return (
            <Table.Tr key={session.id}>
              <Table.Td>
                {at
                  ? new Date(at).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
                  : '—'}
              </Table.Td>
              <Table.Td>{t(`technique.${session.technique}`)}</Table.Td>
              <Table.Td>{t(session.done ? 'portal.plan.done' : 'portal.plan.planned')}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function PortalPlanPage() {
  const { t } = useTranslation();
  const patientId = useMyPatientId();
  const plans = usePlans(patientId);
  const activity = useActivity(patientId);
  const sessions = activity.data?.sessions ?? [];
  const upcoming = upcomingSessions(sessions, new Date());
  const done = sessions.filter((s) => s.done).reverse();

  return (
    <Page title={t('portal.plan.title')} subtitle={t('portal.plan.subtitle')}>
      <ProblemAlert error={plans.error ?? activity.error} />
      {plans.data?.length === 0 && <Text size="sm">{t('portal.plan.none')}</Text>}
      {plans.data?.map((plan) => (
        <PlanCard key={plan.id} plan={plan} sessionsDone={done.filter((s) => s.planId === plan.id).length} />
      ))}
      <Stack gap="xs" component="section" aria-labelledby="plan-upcoming">
        <Title order={2} size="h3" id="plan-upcoming">
          {t('portal.plan.upcoming')}
        </Title>
        {upcoming.length === 0 ? (
          <Text size="sm">{t('portal.plan.noneUpcoming')}</Text>
        ) : (
          <SessionTable sessions={upcoming} caption={t('portal.plan.upcoming')} />
        )}
      </Stack>
      {done.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="plan-done">
          <Title order={2} size="h3" id="plan-done">
            {t('portal.plan.past')}
          </Title>
          <SessionTable sessions={done} caption={t('portal.plan.past')} />
        </Stack>
      )}
      <Text size="sm">
        <Link to="/portal/learn">{t('portal.plan.learnMore')}</Link>
      </Text>
    </Page>
  );
}
