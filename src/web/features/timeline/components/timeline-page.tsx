// Everything that happened in the chart, newest first: what, when, who, and the few codes and values the event
// carries. Pages of 100 come from the server as the reader asks for older events, so a long record (a thousand
// events and more) renders only what was asked for; a type filter narrows what is loaded.
import { Anchor, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import { formatDateTime } from '../../patients/components/patient-format.ts';
import type { TimelineEvent } from '../api/timeline.ts';
import { useStaffById } from '../../../lib/staff.ts';
import { useTimeline } from '../api/timeline.ts';

type Detail = TimelineEvent['detail'];

/** Ids link elsewhere or mean nothing to a reader; the chart shows codes and values only. */
const HIDDEN_DETAIL = new Set(['orderId', 'planId', 'sessionId', 'templateId', 'libraryVersionId']);

const DOSE_UNITS: Readonly<Record<string, string>> = {
  concentrationUgPerMl: 'µg/mL',
  gasVolumeMl: 'mL',
  bloodVolumeMl: 'mL',
  durationMin: 'min',
};

function useDetailText(): (kind: string, detail: Detail) => string {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (kind, detail) =>
    Object.entries(detail)
      .filter(([key]) => !HIDDEN_DETAIL.has(key))
      .flatMap(([key, value]): string[] => {
        if (key === 'technique') return [t(`technique.${String(value)}`)];
        if (key === 'goalCode') return [t(`goal.${String(value)}`)];
        if (key === 'measure') return [t(`measure.${String(value)}`)];
        if (key === 'grade') return [t(`adverseEvent.grade.${String(value)}`)];
        if (key === 'phase') return [t(`timeline.phase.${String(value)}`)];
        if (key === 'version') return [t('timeline.version', { version: value })];
        if (key === 'courseSessions') return [t('timeline.courseSessions', { count: Number(value) })];
        if (key === 'scheduledAt' || key === 'startedAt')
          return [`${t(`timeline.${key}`)}: ${formatDateTime(String(value), i18n.language)}`];
        if (key === 'method') return [t(`timeline.method.${String(value)}`)];
        if (key === 'reason' && kind === 'decision.recorded') return [t(`decline.${String(value)}`)];
        if (key === 'reason' && kind === 'plan.closed') return [t(`planClose.${String(value)}`)];
        if (key === 'kind') return [t(value === 'no-ozone' ? 'timeline.noOzone' : 'timeline.toTreat')];
        if (key === 'enteredInError') return value === true ? [t('timeline.enteredInError')] : [];
        if (key === 'field') return [t('timeline.field', { field: String(value) })];
        if (key in DOSE_UNITS && typeof value === 'number')
          return [`${number.format(value)} ${DOSE_UNITS[key]}`];
        if (typeof value === 'number') return [number.format(value)];
        return [String(value)];
      })
      .join(' · ');
}

/** The session an event is about, for a link to the session's page. */
function sessionOf(event: TimelineEvent): string | undefined {
  if (event.kind === 'session.created' || event.kind === 'session.signed') return event.id;
  const sessionId = event.detail.sessionId;
  return typeof sessionId === 'string' ? sessionId : undefined;
}

interface TimelineRowProps {
  readonly kind: string;
  readonly at: string;
  readonly when: string;
  readonly what: string;
  readonly href: string | undefined;
  readonly detail: string;
  readonly who: string;
}

/** One event; memoised on its words, so loading an older page renders only the new rows. */
const TimelineRow = memo(function TimelineRow({ kind, at, when, what, href, detail, who }: TimelineRowProps) {
  return (
    <Table.Tr data-kind={kind}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <time dateTime={at}>{when}</time>
      </Table.Td>
      <Table.Td>
        {href ? (
          <Anchor component={Link} to={href} size="sm">
            {what}
          </Anchor>
        ) : (
          what
        )}
      </Table.Td>
      <Table.Td>{detail}</Table.Td>
      <Table.Td>{who}</Table.Td>
    </Table.Tr>
  );
});

export function TimelinePage() {
  const { t, i18n } = useTranslation();
  const { patientId = '' } = useParams();
  const user = useSession().data?.user;
  const staff = useStaffById(user?.actions.includes('session.write') ?? false);
  const timeline = useTimeline(patientId);
  const detailText = useDetailText();
  const number = new Intl.NumberFormat(i18n.language);
  const [kind, setKind] = useState('');
  const events = timeline.data?.pages.flatMap((page) => page.events) ?? [];
  const kinds = [...new Set(events.map((event) => event.kind))].sort();
  const shown = kind === '' ? events : events.filter((event) => event.kind === kind);

  const who = (by: string | undefined): string => {
    if (!by) return '—';
    if (by === user?.id) return t('timeline.you', { name: user.displayName });
    const member = staff.get(by);
    return member ? `${member.displayName} (${t(`role.${member.role}`)})` : t('timeline.staffMember');
  };

  return (
    <Page title={t('timeline.title')} subtitle={t('timeline.subtitle')}>
      <ProblemAlert error={timeline.error} />
      <Group align="flex-end" gap="md">
        <NativeSelect
          label={t('timeline.filter')}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value)}
          data={[
            { value: '', label: t('timeline.allKinds') },
            ...kinds.map((value) => ({ value, label: t(`timeline.kind.${value}`, { defaultValue: value }) })),
          ]}
          w={280}
        />
        <Text size="sm" c="gray.7" aria-live="polite">
          {timeline.hasNextPage
            ? t('timeline.loadedMore', { count: events.length, total: number.format(events.length) })
            : t('timeline.loadedAll', { count: events.length, total: number.format(events.length) })}
        </Text>
      </Group>
      {timeline.isPending ? (
        <Text>{t('app.loading')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing={4} aria-busy={timeline.isFetching}>
            <Table.Caption c="gray.7">{t('timeline.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('timeline.column.when')}</Table.Th>
                <Table.Th scope="col">{t('timeline.column.what')}</Table.Th>
                <Table.Th scope="col">{t('timeline.column.detail')}</Table.Th>
                <Table.Th scope="col">{t('timeline.column.who')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((event) => {
                const sessionId = sessionOf(event);
                return (
                  <TimelineRow
                    key={`${event.kind}:${event.id}:${event.at}`}
                    kind={event.kind}
                    at={event.at}
                    when={formatDateTime(event.at, i18n.language)}
                    what={t(`timeline.kind.${event.kind}`, { defaultValue: event.kind })}
                    href={sessionId ? `/patients/${patientId}/sessions/${sessionId}` : undefined}
                    detail={detailText(event.kind, event.detail)}
                    who={who(event.by)}
                  />
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Stack align="flex-start">
        {timeline.hasNextPage && (
          <Button
            variant="default"
            loading={timeline.isFetchingNextPage}
            onClick={() => void timeline.fetchNextPage()}
          >
            {t('timeline.older')}
          </Button>
        )}
      </Stack>
    </Page>
  );
}
