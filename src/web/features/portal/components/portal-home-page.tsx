// The patient's home: a greeting and what comes next — a consent waiting for their signature, their next sessions,
// questionnaires due at the review point, the intake to complete before arrival — with links to each.
import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/api/session.ts';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import {
  courseQuery,
  useActivity,
  useConsents,
  useConsentTemplates,
  useIntake,
  useMyPatientId,
  usePlans,
} from '../api/my-record.ts';
import { consentsToSign } from '../lib/consent-status.ts';
import { reviewedPlan } from '../lib/questionnaires.ts';
import { upcomingSessions } from '../lib/sessions.ts';

function NextStep({
  id,
  title,
  children,
  to,
  linkText,
}: {
  readonly id: string;
  readonly title: string;
  readonly children: ReactNode;
  readonly to: string;
  readonly linkText: string;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
        <Anchor component={Link} to={to} size="sm">
          {linkText}
        </Anchor>
      </Stack>
    </Paper>
  );
}

export function PortalHomePage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const patientId = useMyPatientId();
  const plans = usePlans(patientId);
  const consents = useConsents(patientId);
  const templates = useConsentTemplates();
  const intake = useIntake(patientId);
  const activity = useActivity(patientId);
  const plan = reviewedPlan(plans.data ?? []);
  const activePlan = plan?.status === 'active' ? plan : undefined;
  const course = useQuery({ ...courseQuery(activePlan?.id ?? ''), enabled: activePlan !== undefined });
  const now = new Date();

  const toSign =
    plans.data && consents.data && templates.data
      ? consentsToSign({
          plans: plans.data,
          consents: consents.data,
          templates: templates.data,
          language: i18n.language,
          now,
        })
      : [];
  const upcoming = upcomingSessions(activity.data?.sessions ?? [], now).slice(0, 3);
  const questionnairesDue =
    course.data !== undefined && course.data.reviewPointReached && !course.data.outcomeSinceReview;
  const name = session.data?.user?.displayName ?? '';

  return (
    <Page title={t('portal.home.title', { name })} subtitle={t('portal.home.subtitle')}>
      <ProblemAlert
        error={plans.error ?? consents.error ?? templates.error ?? intake.error ?? activity.error}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <NextStep
          id="home-consent"
          title={t('portal.home.consent')}
          to="/portal/consent"
          linkText={t('portal.home.consentLink')}
        >
          <Text size="sm">
            {toSign.length > 0
              ? t('portal.home.consentToSign', { count: toSign.length })
              : t('portal.home.consentNone')}
          </Text>
        </NextStep>
        <NextStep
          id="home-sessions"
          title={t('portal.home.sessions')}
          to="/portal/plan"
          linkText={t('portal.home.sessionsLink')}
        >
          {upcoming.length === 0 ? (
            <Text size="sm">{t('portal.home.sessionsNone')}</Text>
          ) : (
            <Stack gap={2}>
              {upcoming.map((s) => (
                <Text size="sm" key={s.id}>
                  {new Date(s.scheduledAt ?? '').toLocaleString(i18n.language, {
                    dateStyle: 'full',
                    timeStyle: 'short',
                  })}{' '}
                  — {t(`technique.${s.technique}`)}
                </Text>
              ))}
            </Stack>
          )}
        </NextStep>
        <NextStep
          id="home-questionnaires"
          title={t('portal.home.questionnaires')}
          to="/portal/questionnaires"
          linkText={t('portal.home.questionnairesLink')}
        >
          <Text size="sm">
            {questionnairesDue ? t('portal.home.questionnairesDue') : t('portal.home.questionnairesNone')}
          </Text>
        </NextStep>
        <NextStep
          id="home-intake"
          title={t('portal.home.intake')}
          to="/portal/intake"
          linkText={t('portal.home.intakeLink')}
        >
          <Text size="sm">
            {intake.data?.intake.goal?.code || intake.data?.intake.goal?.text
              ? t('portal.home.intakeGoal', {
                  goal: intake.data.intake.goal.text ?? t(`goal.${intake.data.intake.goal.code ?? 'other'}`),
                })
              : t('portal.home.intakeNone')}
          </Text>
        </NextStep>
      </SimpleGrid>
      <Paper withBorder p="md" component="section" aria-labelledby="home-more">
        <Stack gap="xs">
          <Title order={2} size="h4" id="home-more">
            {t('portal.home.more')}
          </Title>
          <Anchor component={Link} to="/portal/learn" size="sm">
            {t('portal.home.learnLink')}
          </Anchor>
          <Anchor component={Link} to="/portal/access-log" size="sm">
            {t('portal.home.accessLink')}
          </Anchor>
        </Stack>
      </Paper>
    </Page>
  );
}
