// Today: the clinic's worklist in five sections, each row linking to the page of the patient's chart where the work
// is done (the session, the screening, the consent, the outcomes).
import { Anchor, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { Today } from '../api/today.ts';
import { useToday } from '../api/today.ts';

/** Mantine's orange.9 with white text is 4.0:1 (axe fails it); this darker orange reaches AA. */
const WARNING_ORANGE = '#9c3d00';

interface Named {
  readonly patientId: string;
  readonly givenName?: string | undefined;
  readonly familyName?: string | undefined;
}

function useFormats() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return {
    date: (iso: string) =>
      new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)),
    time: (iso: string) => new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(new Date(iso)),
  };
}

function usePatientName() {
  const { t } = useTranslation();
  return (patient: Named) =>
    [patient.givenName, patient.familyName].filter(Boolean).join(' ') || t('today.unnamed');
}

function PatientLink({ patient, to }: { readonly patient: Named; readonly to: string }) {
  const name = usePatientName();
  return (
    <Anchor component={Link} to={to} fw={600}>
      {name(patient)}
    </Anchor>
  );
}

/** One worklist section: a heading with its count, a line on what it holds, and its rows or an empty note. */
function Section({
  title,
  help,
  empty,
  count,
  headers,
  children,
}: {
  readonly title: string;
  readonly help: string;
  readonly empty: string;
  readonly count: number;
  readonly headers: readonly string[];
  readonly children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          <Badge variant="light" color={count > 0 ? 'blue.9' : 'gray.7'} aria-hidden>
            {count}
          </Badge>
        </Group>
        <Text size="sm" c="gray.7">
          {help}
        </Text>
        {count === 0 ? (
          <Text size="sm">{empty}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped verticalSpacing="xs" aria-labelledby={headingId}>
              <Table.Thead>
                <Table.Tr>
                  {headers.map((header) => (
                    <Table.Th key={header}>{header}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>{children}</Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

function SessionsSection({ sessions }: { readonly sessions: Today['sessions'] }) {
  const { t } = useTranslation();
  const format = useFormats();
  return (
    <Section
      title={t('today.sessions.title')}
      help={t('today.sessions.help')}
      empty={t('today.sessions.empty')}
      count={sessions.length}
      headers={[
        t('today.patient'),
        t('today.sessions.time'),
        t('today.sessions.technique'),
        t('today.sessions.status'),
      ]}
    >
      {sessions.map((session) => (
        <Table.Tr key={session.sessionId}>
          <Table.Td>
            <PatientLink
              patient={session}
              to={`/patients/${session.patientId}/sessions/${session.sessionId}`}
            />
          </Table.Td>
          <Table.Td>
            {session.timing === 'today' && session.scheduledAt
              ? format.time(session.scheduledAt)
              : session.scheduledAt
                ? t('today.sessions.bookedOn', { date: format.date(session.scheduledAt) })
                : t('today.sessions.unbooked')}
          </Table.Td>
          <Table.Td>{t(`technique.${session.technique}`)}</Table.Td>
          <Table.Td>
            <Group gap={4}>
              <Badge variant="light" color={session.status === 'signed' ? 'green.9' : 'blue.9'}>
                {t(`today.sessions.status.${session.status}`)}
              </Badge>
              {session.timing === 'open-draft' && (
                <Badge variant="outline" color="orange.9">
                  {t('today.sessions.openDraft')}
                </Badge>
              )}
            </Group>
          </Table.Td>
        </Table.Tr>
      ))}
    </Section>
  );
}

function AwaitingDecisionSection({ patients }: { readonly patients: Today['awaitingDecision'] }) {
  const { t } = useTranslation();
  const format = useFormats();
  return (
    <Section
      title={t('today.decision.title')}
      help={t('today.decision.help')}
      empty={t('today.decision.empty')}
      count={patients.length}
      headers={[t('today.patient'), t('today.decision.intake'), t('today.decision.findings')]}
    >
      {patients.map((patient) => (
        <Table.Tr key={patient.patientId}>
          <Table.Td>
            <PatientLink patient={patient} to={`/patients/${patient.patientId}/screening`} />
          </Table.Td>
          <Table.Td>{format.date(patient.intakeRecordedAt)}</Table.Td>
          <Table.Td>
            <Text size="sm" c={patient.findings.hardStop > 0 ? 'red.9' : undefined}>
              {t('today.decision.counts', patient.findings)}
            </Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </Section>
  );
}

function AwaitingConsentSection({ plans }: { readonly plans: Today['awaitingConsent'] }) {
  const { t } = useTranslation();
  return (
    <Section
      title={t('today.consent.title')}
      help={t('today.consent.help')}
      empty={t('today.consent.empty')}
      count={plans.length}
      headers={[t('today.patient'), t('today.consent.plan'), t('today.consent.waitingFor')]}
    >
      {plans.map((plan) => (
        <Table.Tr key={plan.planId}>
          <Table.Td>
            <PatientLink patient={plan} to={`/patients/${plan.patientId}/consent`} />
          </Table.Td>
          <Table.Td>
            {t(`technique.${plan.technique}`)} · {t(`goal.${plan.goal}`)}
          </Table.Td>
          <Table.Td>{t(`today.consent.${plan.waitingFor}`)}</Table.Td>
        </Table.Tr>
      ))}
    </Section>
  );
}

function ReviewsDueSection({ reviews }: { readonly reviews: Today['reviewsDue'] }) {
  const { t } = useTranslation();
  const format = useFormats();
  return (
    <Section
      title={t('today.review.title')}
      help={t('today.review.help')}
      empty={t('today.review.empty')}
      count={reviews.length}
      headers={[
        t('today.patient'),
        t('today.consent.plan'),
        t('today.review.reached'),
        t('today.review.recommendation'),
      ]}
    >
      {reviews.map((review) => (
        <Table.Tr key={review.planId}>
          <Table.Td>
            <PatientLink patient={review} to={`/patients/${review.patientId}/outcomes`} />
          </Table.Td>
          <Table.Td>
            {t(`technique.${review.technique}`)} · {t(`goal.${review.goal}`)}
          </Table.Td>
          <Table.Td>
            {format.date(review.reachedAt)} ({t('today.review.sessions', { count: review.signedSessions })})
          </Table.Td>
          <Table.Td>
            <Badge variant="filled" color={review.recommendation === 'stop' ? 'red.9' : WARNING_ORANGE}>
              {t(`recommendation.${review.recommendation}`)}
            </Badge>
          </Table.Td>
        </Table.Tr>
      ))}
    </Section>
  );
}

function AdverseEventsSection({ events }: { readonly events: Today['unreviewedAdverseEvents'] }) {
  const { t } = useTranslation();
  const format = useFormats();
  return (
    <Section
      title={t('today.adverse.title')}
      help={t('today.adverse.help')}
      empty={t('today.adverse.empty')}
      count={events.length}
      headers={[
        t('today.patient'),
        t('today.adverse.grade'),
        t('today.sessions.technique'),
        t('today.adverse.reported'),
      ]}
    >
      {events.map((event) => (
        <Table.Tr key={event.adverseEventId}>
          <Table.Td>
            <PatientLink patient={event} to={`/patients/${event.patientId}/sessions/${event.sessionId}`} />
          </Table.Td>
          <Table.Td>
            <Stack gap={2}>
              <Badge variant="filled" color={event.blocksCare ? 'red.9' : WARNING_ORANGE}>
                {t(`adverseEvent.grade.${event.grade}`)}
              </Badge>
              {event.blocksCare && (
                <Text size="xs" c="red.9">
                  {t('today.adverse.blocks')}
                </Text>
              )}
            </Stack>
          </Table.Td>
          <Table.Td>{t(`technique.${event.technique}`)}</Table.Td>
          <Table.Td>{format.date(event.reportedAt)}</Table.Td>
        </Table.Tr>
      ))}
    </Section>
  );
}

export function TodayPage() {
  const { t } = useTranslation();
  const today = useToday();
  const format = useFormats();
  const data = today.data;
  return (
    <Page
      title={t('today.title')}
      subtitle={data ? t('today.subtitle', { date: format.date(`${data.day}T12:00:00Z`) }) : undefined}
    >
      {today.isPending && <Loader aria-label={t('app.loading')} />}
      <ProblemAlert error={today.error} title={t('today.loadFailed')} />
      {data && (
        <Stack gap="md">
          <SessionsSection sessions={data.sessions} />
          <AdverseEventsSection events={data.unreviewedAdverseEvents} />
          <AwaitingDecisionSection patients={data.awaitingDecision} />
          <AwaitingConsentSection plans={data.awaitingConsent} />
          <ReviewsDueSection reviews={data.reviewsDue} />
        </Stack>
      )}
    </Page>
  );
}
