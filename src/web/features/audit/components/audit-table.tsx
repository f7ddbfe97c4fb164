// Audit rows as a table, newest first: when, who (name and role), what, which patient and record, the outcome in
// colour AND words, where from, and the row's ids-only detail.
import { Anchor, Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEvent } from '../api/audit.ts';

/** Refusals and errors stand out in red; the words say which (colour is never the only signal). */
const OUTCOME_COLOR: Readonly<Record<AuditEvent['outcome'], string>> = {
  success: 'gray.9',
  denied: 'red.9',
  error: 'red.9',
};

export function AuditTable({
  events,
  staffNames,
  patientNames,
  canOpenCharts,
}: {
  readonly events: readonly AuditEvent[];
  readonly staffNames: ReadonlyMap<string, string>;
  readonly patientNames: ReadonlyMap<string, string>;
  readonly canOpenCharts: boolean;
}) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder verticalSpacing={4} fz="sm">
        <Table.Caption style={{ color: 'var(--mantine-color-gray-7)' }}>
          {t('audit.table.caption')}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('audit.table.when')}</Table.Th>
            <Table.Th scope="col">{t('audit.table.who')}</Table.Th>
            <Table.Th scope="col">{t('audit.table.action')}</Table.Th>
            <Table.Th scope="col">{t('audit.table.patient')}</Table.Th>
            <Table.Th scope="col">{t('audit.table.record')}</Table.Th>
            <Table.Th scope="col">{t('audit.table.outcome')}</Table.Th>
            <Table.Th scope="col">{t('audit.table.from')}</Table.Th>
            <Table.Th scope="col">{t('audit.table.detail')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => {
            const patientName = event.patientId ? patientNames.get(event.patientId) : undefined;
            return (
              <Table.Tr key={event.seq}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.format(new Date(event.at))}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {event.actorId
                      ? (staffNames.get(event.actorId) ?? event.actorId)
                      : t('audit.table.system')}
                  </Text>
                  {event.actorRole && (
                    <Text size="xs" c="gray.7">
                      {t(`role.${event.actorRole}`, { defaultValue: event.actorRole })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{event.action}</Code>
                </Table.Td>
                <Table.Td>
                  {event.patientId ? (
                    canOpenCharts ? (
                      <Anchor component={Link} to={`/patients/${event.patientId}`} size="sm">
                        {patientName ?? event.patientId.slice(0, 8)}
                      </Anchor>
                    ) : (
                      (patientName ?? event.patientId)
                    )
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {event.resource ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text
                    size="sm"
                    fw={event.outcome === 'success' ? 400 : 700}
                    c={OUTCOME_COLOR[event.outcome]}
                  >
                    {t(`audit.outcome.${event.outcome}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {event.sourceIp ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td maw={280}>
                  {event.detail ? (
                    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} lineClamp={3}>
                      {JSON.stringify(event.detail)}
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
