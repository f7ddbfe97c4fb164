// Each warning the check raised, answered with a coded override reason (`other` needs a comment): the server refuses
// an order until every warning has one, so the form asks for them as the warnings appear.
import { NativeSelect, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../components/finding-list.tsx';
import { FindingItem } from '../../../components/finding-list.tsx';
import type { OverrideAnswer, OverrideReason } from '../api/plans.ts';
import { OVERRIDE_REASONS } from '../api/plans.ts';

export type OverrideDraft = Readonly<Record<string, { reason?: OverrideReason; comment?: string }>>;

/** The answers the server will accept: a reason for each warning, with a comment where the reason is `other`. */
export function completeAnswers(
  warnings: readonly Finding[],
  drafts: OverrideDraft,
): OverrideAnswer[] | undefined {
  const answers: OverrideAnswer[] = [];
  for (const warning of warnings) {
    const draft = drafts[warning.ruleId];
    if (!draft?.reason) return undefined;
    const comment = draft.comment?.trim();
    if (draft.reason === 'other' && !comment) return undefined;
    answers.push({ ruleId: warning.ruleId, reason: draft.reason, ...(comment ? { comment } : {}) });
  }
  return answers;
}

/** One finding per rule: a rule warning on two schedule steps is answered once. */
export const uniqueWarnings = (findings: readonly Finding[]): Finding[] => {
  const seen = new Set<string>();
  return findings.filter((f) => f.severity === 'warning' && !seen.has(f.ruleId) && seen.add(f.ruleId));
};

export function OverrideReasons({
  warnings,
  drafts,
  onChange,
}: {
  readonly warnings: readonly Finding[];
  readonly drafts: OverrideDraft;
  readonly onChange: (drafts: OverrideDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  if (warnings.length === 0) return null;
  const title = (ruleId: string) =>
    i18n.exists(`rule.${ruleId}.title`) ? t(`rule.${ruleId}.title`) : ruleId;
  return (
    <Stack gap="sm">
      <Text size="sm" fw={600}>
        {t('plans.overrides.intro')}
      </Text>
      {warnings.map((warning) => {
        const draft = drafts[warning.ruleId] ?? {};
        return (
          <Paper key={warning.ruleId} withBorder p="sm">
            <Stack gap="xs">
              <FindingItem finding={warning} />
              <NativeSelect
                label={t('plans.overrides.reason', { rule: title(warning.ruleId) })}
                required
                value={draft.reason ?? ''}
                data={[
                  { value: '', label: t('plans.overrides.choose') },
                  ...OVERRIDE_REASONS.map((reason) => ({ value: reason, label: t(`override.${reason}`) })),
                ]}
                onChange={(event) => {
                  const reason = event.currentTarget.value as OverrideReason | '';
                  onChange({
                    ...drafts,
                    [warning.ruleId]: { ...draft, ...(reason ? { reason } : { reason: undefined }) },
                  });
                }}
              />
              {draft.reason === 'other' && (
                <Textarea
                  label={t('plans.overrides.comment', { rule: title(warning.ruleId) })}
                  required
                  autosize
                  minRows={2}
                  value={draft.comment ?? ''}
                  onChange={(event) =>
                    onChange({
                      ...drafts,
                      [warning.ruleId]: { ...draft, comment: event.currentTarget.value },
                    })
                  }
                />
              )}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
