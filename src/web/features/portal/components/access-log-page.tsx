// The patient's own access log: every time someone opened or changed their record — who (name and role), what,
// when, and whether it was allowed. Reading this page is itself recorded in it.
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { Access } from '../api/access-log.ts';
import { useAccessLog } from '../api/access-log.ts';

const OUTCOME_COLOR = { success: '#1b5e20', denied: 'red.9', error: '#a63c06' } as const;

/** `consent.read` → "viewed your consents"; an action this page does not know is shown as recorded. */
function useActionText() {
  const { t, i18n } = useTranslation();
  return (action: string): string => {
    if (i18n.exists(`portal.access.action.${action}`)) return t(`portal.access.action.${action}`);
    const [entity = action, verb = ''] = action.split('.');
    const what = i18n.exists(`portal.access.entity.${entity}`) ? t(`portal.access.entity.${entity}`) : entity;
    const how = verb === 'read' || verb === 'search' || verb === 'list' ? 'read' : 'write';
    return t(`portal.access.verb.${how}`, { what });
  };
}

function AccessRow({ access }: { readonly access: Access }) {
  const { t, i18n } = useTranslation();
  const actionText = useActionText();
  const role = access.actorRole ?? undefined;
  return (
    <Table.Tr>
      <Table.Td>
        {new Date(access.at).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })}
      </Table.Td>
      <Table.Td>
        {access.actorName ?? t('portal.access.system')}
        {role && (
          <Text span size="sm" c="gray.7">
            {' '}
            · {t(`role.${role}`, { defaultValue: role })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{actionText(access.action)}</Table.Td>
      <Table.Td>
        <Badge color={OUTCOME_COLOR[access.outcome]} variant="filled">
          {t(`portal.access.outcome.${access.outcome}`)}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

export function AccessLogPage() {
  const { t } = useTranslation();
  const log = useAccessLog();
  const accesses = log.data?.pages.flatMap((page) => page.accesses) ?? [];
  return (
    <Page title={t('portal.access.title')} subtitle={t('portal.access.subtitle')}>
      <ProblemAlert error={log.error} />
      {log.isSuccess && accesses.length === 0 && <Text size="sm">{t('portal.access.none')}</Text>}
      {accesses.length > 0 && (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={560}>
            <Table striped aria-label={t('portal.access.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('portal.access.when')}</Table.Th>
                  <Table.Th>{t('portal.access.who')}</Table.Th>
                  <Table.Th>{t('portal.access.what')}</Table.Th>
                  <Table.Th>{t('portal.access.outcome')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {accesses.map((access, i) => (
                  <AccessRow key={`${access.at}-${i}`} access={access} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {log.hasNextPage && (
            <Group>
              <Button
                variant="default"
                onClick={() => void log.fetchNextPage()}
                loading={log.isFetchingNextPage}
              >
                {t('portal.access.more')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Page>
  );
}
