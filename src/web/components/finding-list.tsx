// Engine findings as a clinician reads them: severity in colour AND words, the rule's plain-language message by its
// i18n key (never re-decided here), what to do next, the evidence with its source, and the rule's citation.
import { Badge, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Finding, Severity } from '../../clinical/findings.ts';
import type { SourceId } from '../../clinical/sources.ts';
import { SOURCES } from '../../clinical/sources.ts';
import { findingParams } from '../lib/finding-params.ts';

export type { Finding, Severity };

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  'hard-stop': 'red.9',
  // Mantine's orange.9 gives white text only 4.3:1; this darker orange reaches 5.4:1 (WCAG AA).
  warning: '#b5470b',
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

/**
 * A finding's message in the user's language, its coded params named and its dates formatted; the engine's English
 * sentence when a key is missing.
 */
export function useFindingText() {
  const { t, i18n } = useTranslation();
  return (finding: Pick<Finding, 'ruleId' | 'messageKey' | 'params' | 'message'>): string =>
    i18n.exists(finding.messageKey)
      ? t(
          finding.messageKey,
          findingParams(finding, (key) => t(key), i18n.language),
        )
      : finding.message;
}

const EVIDENCE_VOCABULARIES = ['technique', 'goal', 'fundamental', 'measure', 'credential'] as const;

/** The citation behind a rule, as the catalogue records it; the bare id when the source is unknown here. */
function citationOf(source: string): string {
  return SOURCES.get(source as SourceId)?.citation ?? source;
}

export function FindingItem({ finding }: { readonly finding: Finding }) {
  const { t, i18n } = useTranslation();
  const text = useFindingText();
  const actionKey = `rule.${finding.ruleId}.action`;
  // An evidence value that is a code (a goal, a fundamental, techniques) is shown by its name.
  const evidenceValue = (value: string | number | boolean): string => {
    if (typeof value !== 'string') return String(value);
    const codes = value.split(', ');
    const vocabulary = EVIDENCE_VOCABULARIES.find((v) => codes.every((code) => i18n.exists(`${v}.${code}`)));
    return vocabulary ? codes.map((code) => t(`${vocabulary}.${code}`)).join(', ') : value;
  };
  const date = (iso: string) =>
    Number.isNaN(Date.parse(iso))
      ? iso
      : new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
          new Date(iso),
        );
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
        {finding.techniques.length > 0 && (
          <Text size="xs" c="gray.7">
            {t('finding.techniques')}:{' '}
            {finding.techniques
              .map((code) => (i18n.exists(`technique.${code}`) ? t(`technique.${code}`) : code))
              .join(', ')}
          </Text>
        )}
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
                  `: ${evidenceValue(evidence.value)}${evidence.unit ? ` ${evidence.unit}` : ''}`}
                {evidence.date && ` (${date(evidence.date)})`}
                {evidence.resource && ` — ${evidence.resource}`}
              </List.Item>
            ))}
          </List>
        )}
        <Text size="xs" c="gray.7">
          {t('finding.rule')}: <code>{finding.ruleId}</code> · {t('finding.source')}:{' '}
          <span title={finding.source}>{citationOf(finding.source)}</span>
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
