// The audit trail's hash chain, checked on the server: intact (every row links to the one before) or broken at a
// named row. Shown in colour AND words.
import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useAuditVerify } from '../api/audit.ts';

export function ChainStatus() {
  const { t, i18n } = useTranslation();
  const check = useAuditVerify();
  const count = new Intl.NumberFormat(i18n.language);
  if (check.error) return <ProblemAlert error={check.error} title={t('audit.verify.failed')} />;
  if (!check.data) return <Loader size="sm" aria-label={t('audit.verify.checking')} />;
  const { ok, rows, brokenAt, reason, headHash } = check.data;
  return (
    <Alert
      color={ok ? 'green.9' : 'red.9'}
      variant="outline"
      title={
        <Text span fw={700} c="gray.9">
          {ok ? t('audit.verify.intactTitle') : t('audit.verify.brokenTitle')}
        </Text>
      }
      aria-live="polite"
    >
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm" data-testid="audit-chain-status">
            {ok
              ? t('audit.verify.intact', { rows: count.format(rows) })
              : t('audit.verify.broken', {
                  rows: count.format(rows),
                  at: brokenAt ?? '?',
                  reason: reason ?? '',
                })}
          </Text>
          {headHash && (
            <Text size="xs" c="gray.7" ff="monospace">
              {t('audit.verify.head', { hash: headHash.slice(0, 16) })}
            </Text>
          )}
        </div>
        <Button size="xs" variant="default" loading={check.isFetching} onClick={() => void check.refetch()}>
          {t('audit.verify.again')}
        </Button>
      </Group>
    </Alert>
  );
}
