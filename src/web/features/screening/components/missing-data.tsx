// What screening could not judge for lack of data, and the test to order for each. A finding counts as missing data
// exactly as the engine counts it when it marks a technique "needs data": its rule is a `screening.*` rule
// (clinical/engine.ts, eligibilityOf), so this list and the eligibility table always agree.
import { List, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../components/finding-list.tsx';
import { SeverityBadge, useFindingText } from '../../../components/finding-list.tsx';

export const isMissingData = (finding: { readonly ruleId: string }): boolean =>
  finding.ruleId.startsWith('screening.');

export function MissingData({ findings }: { readonly findings: readonly Finding[] }) {
  const { t, i18n } = useTranslation();
  const text = useFindingText();
  const missing = findings.filter(isMissingData);
  if (missing.length === 0) return <Text size="sm">{t('screening.missing.none')}</Text>;
  return (
    <Stack gap="xs">
      {missing.map((finding, i) => (
        <Paper key={`${finding.ruleId}-${i}`} withBorder p="sm" data-rule-id={finding.ruleId}>
          <Stack gap={4}>
            <Text fw={600} size="sm">
              <SeverityBadge severity={finding.severity} />{' '}
              {i18n.exists(`rule.${finding.ruleId}.title`)
                ? t(`rule.${finding.ruleId}.title`)
                : finding.ruleId}
            </Text>
            <Text size="sm">{text(finding)}</Text>
            {i18n.exists(`rule.${finding.ruleId}.action`) && (
              <Text size="sm" fw={600}>
                {t('screening.missing.order')}: {t(`rule.${finding.ruleId}.action`)}
              </Text>
            )}
            {finding.techniques.length > 0 && (
              <List size="xs" aria-label={t('screening.missing.waiting')}>
                <List.Item>
                  {t('screening.missing.waiting')}:{' '}
                  {finding.techniques.map((code) => t(`technique.${code}`)).join(', ')}
                </List.Item>
              </List>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
