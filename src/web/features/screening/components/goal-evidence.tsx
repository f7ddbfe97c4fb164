// The goal's evidence grade, what the grade means, and the citations behind it with their confidence marks: shown
// honestly, never as proof that ozone works (SPEC-CLINICAL §4).
import { Badge, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GoalEvidence } from '../api/screening.ts';

const GRADE_COLOR: Readonly<Record<GoalEvidence['evidenceGrade'], string>> = {
  'moderate-low': 'teal.9',
  'low-moderate': 'teal.9',
  low: '#9c3d00',
  'very-low': 'red.9',
  insufficient: 'red.9',
};

export function GoalEvidenceView({ goal }: { readonly goal: GoalEvidence | undefined }) {
  const { t, i18n } = useTranslation();
  if (!goal) return <Text size="sm">{t('screening.evidence.noGoal')}</Text>;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text fw={600}>{t(`goal.${goal.code}`)}</Text>
        <Badge color={GRADE_COLOR[goal.evidenceGrade]} variant="filled" radius="sm">
          {t('screening.evidence.grade')}: {t(`evidence.${goal.evidenceGrade}`)}
        </Badge>
      </Group>
      <Text size="sm">{t(`evidence.${goal.evidenceGrade}.explain`)}</Text>
      <Text size="sm" c="gray.7">
        {!i18n.language.startsWith('en') && `${t('screening.evidence.summaryEnglish')}: `}
        <span lang="en">{goal.evidenceSummary}</span>
      </Text>
      <Text size="sm" fw={600} id="goal-citations">
        {t('screening.evidence.citations')}
      </Text>
      <List size="sm" spacing={4} aria-labelledby="goal-citations">
        {goal.citations.map((citation) => (
          <List.Item key={citation.id}>
            {citation.citation}{' '}
            <Text span size="xs" c="gray.7">
              ({citation.confidence.map((mark) => t(`screening.confidence.${mark}`)).join(', ')} ·{' '}
              {citation.reference})
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
