// The end of the runner. A nurse completes the session and it waits for the supervising physician; a physician signs
// it. Both buttons stay disabled, with the reason beside them, while the day-of check holds a hard stop, while no check
// has run, or while no start time is recorded: the server refuses those too, this only says so before trying.
import { Button, List, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useFindingText } from '../../../components/finding-list.tsx';
import type { SessionUser } from '../../auth/api/session.ts';
import type { Evaluation, SessionRecord } from '../api/sessions.ts';
import { useSignSession } from '../api/sessions.ts';
import type { OverrideDraft } from '../../plans/components/override-reasons.tsx';
import {
  completeAnswers,
  OverrideReasons,
  uniqueWarnings,
} from '../../plans/components/override-reasons.tsx';
import { asFindings, DayOfCheck } from './day-of-check.tsx';

export function SignPanel({
  record,
  user,
  onComplete,
  completing,
}: {
  readonly record: SessionRecord;
  readonly user: SessionUser;
  /** Saves the form and re-runs the day-of check; resolves with the fresh check. */
  readonly onComplete: () => Promise<Evaluation>;
  readonly completing: boolean;
}) {
  const { t, i18n } = useTranslation();
  const findingText = useFindingText();
  const { session } = record;
  const sign = useSignSession(session.id);
  const maySign = user.actions.includes('session.sign');
  const evaluation = session.rescreening?.evaluation;
  const hardStops = asFindings(evaluation?.findings ?? []).filter((f) => f.severity === 'hard-stop');
  // Warnings (e.g. less than the entry's interval since the last session) are signed only with a coded reason, like
  // an order's; the physician gives them here, and the server refuses the signature without them.
  const warnings = uniqueWarnings(asFindings(evaluation?.findings ?? []));
  const [drafts, setDrafts] = useState<OverrideDraft>({});
  const answers = completeAnswers(warnings, drafts);
  const blockers: string[] = [];
  if (!session.startedAt) blockers.push(t('runner.blocked.noStart'));
  if (!evaluation) blockers.push(t('runner.blocked.noCheck'));
  const blocked = blockers.length > 0 || hardStops.length > 0;

  const signNow = async () => {
    const fresh = await onComplete();
    const freshAnswers = completeAnswers(uniqueWarnings(asFindings(fresh.findings)), drafts);
    if (fresh.signable && freshAnswers) await sign.mutateAsync(freshAnswers);
  };

  return (
    <Stack gap="sm">
      <DayOfCheck session={session} onRun={() => void onComplete().catch(() => {})} running={completing} />
      {blocked ? (
        <Paper withBorder p="sm" id="sign-blocked-reason" role="status">
          <Text fw={700} c="red.9">
            {t('runner.blocked.title')}
          </Text>
          <List size="sm">
            {blockers.map((blocker) => (
              <List.Item key={blocker}>{blocker}</List.Item>
            ))}
            {hardStops.map((finding, i) => (
              <List.Item key={`${finding.ruleId}-${i}`}>
                <strong>{t('severity.hard-stop')}</strong>:{' '}
                {i18n.exists(`rule.${finding.ruleId}.title`)
                  ? t(`rule.${finding.ruleId}.title`)
                  : findingText(finding)}
              </List.Item>
            ))}
          </List>
        </Paper>
      ) : (
        !maySign && (
          <Paper withBorder p="sm" role="status">
            <Text fw={700} c="blue.9">
              {t('runner.awaiting.title')}
            </Text>
            <Text size="sm">{t('runner.awaiting.text')}</Text>
          </Paper>
        )
      )}
      {maySign && !blocked && <OverrideReasons warnings={warnings} drafts={drafts} onChange={setDrafts} />}
      {maySign ? (
        <Button
          color="green.9"
          disabled={blocked || answers === undefined}
          loading={sign.isPending || completing}
          aria-describedby={blocked ? 'sign-blocked-reason' : undefined}
          onClick={() => void signNow().catch(() => {})}
        >
          {t('runner.sign')}
        </Button>
      ) : (
        <Button
          disabled={blocked}
          loading={completing}
          aria-describedby={blocked ? 'sign-blocked-reason' : undefined}
          onClick={() => void onComplete().catch(() => {})}
        >
          {t('runner.complete')}
        </Button>
      )}
      {!maySign && (
        <Text size="sm" c="gray.7">
          {t('runner.nurseCannotSign')}
        </Text>
      )}
      <ProblemAlert error={sign.error} />
    </Stack>
  );
}
