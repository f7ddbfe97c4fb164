// Engine findings as a clinician reads them: severity in colour AND words, the rule's plain-language message by its
// i18n key (never re-decided here), what to do next, the evidence with its source, and the rule's citation.
import { Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Finding, Severity } from '../../clinical/findings.ts';

export type { Finding, Severity };

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  'hard-stop': 'red.9',
  warning: 'orange.9',
  info: 'blue.9',
};

export function SeverityBadge({ severity }: { readonly severity: Severity }) {
  const { t } = useTranslation();
  return (
    <Badge color={SEVERITY_COLOR[severity]} variant="filled" radius="sm">
      {t(`severity.${severity}`)}
    </Badge>
  );
}

/** A finding's message in the user's language; the engine's English sentence when a key is missing. */
export function useFindingText() {
  const { t, i18n } = useTranslation();
  return (finding: Pick<Finding, 'messageKey' | 'params' | 'message'>): string =>
    i18n.exists(finding.messageKey) ? t(finding.messageKey, { ...finding.params }) : finding.message;
}

export function FindingItem({ finding }: { readonly finding: Finding }) {
  const { t, i18n } = useTranslation();
  const text = useFindingText();
  const actionKey = `rule.${finding.ruleId}.action`;
  return (
    <Paper withBorder p="sm" data-rule-id={finding.ruleId} data-severity={finding.severity}>
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <SeverityBadge severity={finding.severity} />
          <Text fw={600} size="sm">
            {i18n.exists(`rule.${finding.ruleId}.title`) ? t(`rule.${finding.ruleId}.title`) : finding.ruleId}
          </Text>
        </Group>
        <Text size="sm">{text(finding)}</Text>
        {i18n.exists(actionKey) && (
          <Text size="sm" fw={500}>
            {t('finding.next')}: {t(actionKey)}
          </Text>
        )}
        {finding.evidence.length > 0 && (
          <List size="xs" aria-label={t('finding.evidence')}>
            {finding.evidence.map((evidence, i) => (
              <List.Item key={i}>
                {evidence.fact}
                {evidence.value !== undefined &&
                  `: ${String(evidence.value)}${evidence.unit ? ` ${evidence.unit}` : ''}`}
                {evidence.date && ` (${evidence.date.slice(0, 10)})`}
                {evidence.resource && ` — ${evidence.resource}`}
              </List.Item>
            ))}
          </List>
        )}
        <Text size="xs" c="gray.7">
          {t('finding.rule')}: <code>{finding.ruleId}</code> · {t('finding.source')}: {finding.source}
        </Text>
      </Stack>
    </Paper>
  );
}

export function FindingList({
  findings,
  empty,
}: {
  readonly findings: readonly Finding[];
  readonly empty?: string;
}) {
  const { t } = useTranslation();
  if (findings.length === 0) return <Text size="sm">{empty ?? t('finding.none')}</Text>;
  return (
    <Stack gap="xs">
      {findings.map((finding, i) => (
        <FindingItem key={`${finding.ruleId}-${i}`} finding={finding} />
      ))}
    </Stack>
  );
}
