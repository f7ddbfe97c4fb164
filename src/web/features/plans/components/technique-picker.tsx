// The techniques ranked by fit from the latest screening: eligible first, then caution, then needs-data, those fitting
// the goal ahead within each; contraindicated, prohibited and disabled ones are listed but cannot be chosen, with why.
import { Group, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GoalCode } from '../../../../clinical/goals.ts';
import { GOALS } from '../../../../clinical/goals.ts';
import type { TechniqueCode } from '../../../../clinical/techniques.ts';
import { compareEligibility, ELIGIBILITY_COLOR } from '../../../components/eligibility.tsx';
import type { Eligibility, Screening } from '../api/plans.ts';

const SELECTABLE: ReadonlySet<Eligibility> = new Set(['eligible', 'caution', 'needs-data']);
export interface RankedTechnique {
  readonly technique: TechniqueCode;
  readonly status: Eligibility;
  readonly fitsGoal: boolean;
  readonly selectable: boolean;
}

export function rankTechniques(screening: Screening, goal: GoalCode | undefined): RankedTechnique[] {
  const fitting: readonly string[] = goal ? GOALS[goal].fittingTechniques : [];
  return (Object.entries(screening.eligibility) as [TechniqueCode, Eligibility][])
    .map(([technique, status]) => ({
      technique,
      status,
      fitsGoal: fitting.includes(technique),
      selectable: SELECTABLE.has(status),
    }))
    .sort(
      (a, b) =>
        compareEligibility(a.status, b.status) ||
        Number(b.fitsGoal) - Number(a.fitsGoal) ||
        a.technique.localeCompare(b.technique),
    );
}

export function TechniquePicker({
  screening,
  goal,
  value,
  onChange,
}: {
  readonly screening: Screening;
  readonly goal: GoalCode | undefined;
  readonly value: TechniqueCode | undefined;
  readonly onChange: (technique: TechniqueCode) => void;
}) {
  const { t, i18n } = useTranslation();
  const ranked = rankTechniques(screening, goal);
  const whyNot = (item: RankedTechnique): string => {
    if (item.status !== 'contraindicated') return t(`eligibility.${item.status}.explain`);
    const stops = screening.findings.filter(
      (f) => f.severity === 'hard-stop' && f.techniques.includes(item.technique),
    );
    const titles = [...new Set(stops.map((f) => f.ruleId))].map((id) =>
      i18n.exists(`rule.${id}.title`) ? t(`rule.${id}.title`) : id,
    );
    return titles.length > 0 ? titles.join('; ') : t('eligibility.contraindicated.explain');
  };
  return (
    <Radio.Group
      name="technique"
      label={t('plans.technique.label')}
      description={t('plans.technique.help')}
      required
      value={value ?? null}
      onChange={(next) => onChange(next)}
    >
      <Stack gap="xs" mt="xs">
        {ranked.map((item) => (
          <Radio
            key={item.technique}
            value={item.technique}
            disabled={!item.selectable}
            label={
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={500} c={item.selectable ? undefined : 'gray.7'}>
                  {t(`technique.${item.technique}`)}
                </Text>
                <Text span size="xs" fw={700}>
                  <span
                    aria-hidden
                    style={{
                      display: 'inline-block',
                      width: 10,
                      height: 10,
                      borderRadius: 5,
                      marginRight: 4,
                      background: `var(--mantine-color-${ELIGIBILITY_COLOR[item.status].replace('.', '-')})`,
                    }}
                  />
                  {t(`eligibility.${item.status}`)}
                </Text>
                {item.fitsGoal && (
                  <Text span size="xs" fw={700} c="blue.9">
                    · {t('plans.technique.fitsGoal')}
                  </Text>
                )}
              </Group>
            }
            description={item.selectable ? undefined : whyNot(item)}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}
