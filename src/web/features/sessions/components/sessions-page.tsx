// A patient's ozone sessions: each signed order with "Start session" (a draft holding the ordered values), and every
// session so far, newest first, signed or waiting, each opening the runner.
import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import type { Order } from '../api/sessions.ts';
import { usePatientOrders, usePatientSessions, useScheduleSession } from '../api/sessions.ts';
import { formatDateTime, formatDoseValues } from './session-format.ts';

export function SessionsPage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const orders = usePatientOrders(patientId);
  const sessions = usePatientSessions(patientId);
  const user = useSession().data?.user;
  const mayStart = user?.actions.includes('session.write') ?? false;

  return (
    <Page title={t('sessions.title')} subtitle={t('sessions.subtitle')}>
      <Stack gap="sm" component="section" aria-labelledby="signed-orders-heading">
        <Title order={2} size="h4" id="signed-orders-heading">
          {t('sessions.orders')}
        </Title>
        {orders.isPending && <Loader size="sm" aria-label={t('sessions.loading')} />}
        <ProblemAlert error={orders.error} />
        {orders.data && orders.data.length === 0 && <Text>{t('sessions.noOrders')}</Text>}
        {orders.data?.map((order) => (
          <OrderCard key={order.id} order={order} patientId={patientId} mayStart={mayStart} />
        ))}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="session-list-heading">
        <Title order={2} size="h4" id="session-list-heading">
          {t('sessions.list')}
        </Title>
        {sessions.isPending && <Loader size="sm" aria-label={t('sessions.loading')} />}
        <ProblemAlert error={sessions.error} />
        {sessions.data && sessions.data.length === 0 && <Text>{t('sessions.none')}</Text>}
        {sessions.data && sessions.data.length > 0 && (
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sessions.col.created')}</Table.Th>
                <Table.Th scope="col">{t('sessions.col.technique')}</Table.Th>
                <Table.Th scope="col">{t('sessions.col.status')}</Table.Th>
                <Table.Th scope="col">{t('sessions.col.open')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td>{formatDateTime(session.createdAt)}</Table.Td>
                  <Table.Td>{t(`technique.${session.technique}`)}</Table.Td>
                  <Table.Td>
                    {session.signedAt ? (
                      <Badge variant="outline" c="dark.9" color="green.9">
                        {t('sessions.status.signed')}
                      </Badge>
                    ) : (
                      <Badge variant="outline" c="dark.9" color="orange.9">
                        {t('sessions.status.draft')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={session.id}>
                      {t('sessions.openSession', { date: formatDateTime(session.createdAt) })}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Page>
  );
}

function OrderCard({
  order,
  patientId,
  mayStart,
}: {
  readonly order: Order;
  readonly patientId: string;
  readonly mayStart: boolean;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const schedule = useScheduleSession(patientId);
  const discontinued = order.status === 'discontinued';
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text fw={600}>{t(`technique.${order.technique}`)}</Text>
          <Text size="sm">{formatDoseValues(order, t)}</Text>
          <Text size="sm" c="gray.7">
            {t('sessions.orderSigned', { date: formatDateTime(order.signedAt) })}
          </Text>
        </Stack>
        {discontinued ? (
          <Badge color="gray.8">{t('sessions.orderDiscontinued')}</Badge>
        ) : (
          mayStart && (
            <Button
              loading={schedule.isPending}
              onClick={() => schedule.mutate(order.id, { onSuccess: (session) => void navigate(session.id) })}
            >
              {t('sessions.start', { technique: t(`technique.${order.technique}`) })}
            </Button>
          )
        )}
      </Group>
      <ProblemAlert error={schedule.error} />
    </Paper>
  );
}
