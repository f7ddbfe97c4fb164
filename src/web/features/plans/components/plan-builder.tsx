// The plan builder: goal (from the intake), technique ranked by fit, the library entry, the escalation schedule with
// each step checked live by the server as the values are typed (hard limits flag the value and block signing; warnings
// ask for a coded reason), course length, review point and the wider programme. Signing makes the plan and signs its
// first order with the reasons given, since sessions run under an order.
import {
  Alert,
  Button,
  Fieldset,
  Group,
  Loader,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GoalCode } from '../../../../clinical/goals.ts';
import { GOALS } from '../../../../clinical/goals.ts';
import type { TechniqueCode } from '../../../../clinical/techniques.ts';
import { FindingList } from '../../../components/finding-list.tsx';
import type {
  DoseValues,
  LibraryEntry,
  OrderCheck,
  ProgrammeComponent,
  ReviewPoint,
  Screening,
} from '../api/plans.ts';
import { checkOrderDraft, createPlan, signOrder } from '../api/plans.ts';
import { useDebounced } from '../hooks/use-debounced.ts';
import { DoseFields } from './dose-fields.tsx';
import type { OverrideDraft } from './override-reasons.tsx';
import { completeAnswers, OverrideReasons, uniqueWarnings } from './override-reasons.tsx';
import { ProgrammeFields } from './programme-fields.tsx';
import { RefusalAlert } from './refusal-alert.tsx';
import { TechniquePicker } from './technique-picker.tsx';

const CHECK_DELAY_MS = 400;

export interface BuilderGoal {
  readonly code: GoalCode;
  readonly text?: string;
}

function LibraryEntrySummary({ entry, version }: { readonly entry: LibraryEntry; readonly version: string }) {
  const { t } = useTranslation();
  const rows = (['concentrationUgPerMl', 'gasVolumeMl', 'bloodVolumeMl', 'durationMin'] as const).filter(
    (field) => entry[field],
  );
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('plans.entry.title', { technique: t(`technique.${entry.technique}`), version })}
      </Text>
      <Table withTableBorder striped fz="sm" captionSide="top">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('plans.entry.value')}</Table.Th>
            <Table.Th scope="col">{t('plans.entry.usual')}</Table.Th>
            <Table.Th scope="col">{t('plans.entry.hard')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((field) => (
            <Table.Tr key={field}>
              <Table.Th scope="row" fw={500}>
                {t(`plans.field.${field}`)}
              </Table.Th>
              <Table.Td>
                {entry[field]!.softMin}–{entry[field]!.softMax}
              </Table.Td>
              <Table.Td>{entry[field]!.hardMax}</Table.Td>
            </Table.Tr>
          ))}
          {entry.totalUg && (
            <Table.Tr>
              <Table.Th scope="row" fw={500}>
                {t('plans.field.totalUg')}
              </Table.Th>
              <Table.Td>≤ {entry.totalUg.softMax}</Table.Td>
              <Table.Td>{entry.totalUg.hardMax}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {entry.courseMaxSessions !== undefined && (
        <Text size="xs" c="gray.7">
          {t('plans.entry.course', {
            sessions: entry.courseMaxSessions,
            hours: entry.minIntervalHours ?? 0,
          })}
        </Text>
      )}
    </Stack>
  );
}

export function PlanBuilder({
  patientId,
  goal,
  screening,
  entries,
  libraryVersion,
}: {
  readonly patientId: string;
  readonly goal: BuilderGoal;
  readonly screening: Screening;
  readonly entries: Readonly<Partial<Record<TechniqueCode, LibraryEntry>>>;
  readonly libraryVersion: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const defaultReview = GOALS[goal.code].reviewPoint;
  const [technique, setTechnique] = useState<TechniqueCode>();
  const [steps, setSteps] = useState<DoseValues[]>([{}]);
  const [courseSessions, setCourseSessions] = useState<number | ''>(6);
  const [reviewKind, setReviewKind] = useState<ReviewPoint['kind']>(defaultReview?.kind ?? 'after-sessions');
  const [reviewCount, setReviewCount] = useState<number | ''>(
    defaultReview
      ? defaultReview.kind === 'after-sessions'
        ? defaultReview.sessions
        : defaultReview.weeks
      : 6,
  );
  const [programme, setProgramme] = useState<ProgrammeComponent[]>([]);
  const [overrides, setOverrides] = useState<OverrideDraft>({});

  const entry = technique ? entries[technique] : undefined;
  const settledSteps = useDebounced(steps, CHECK_DELAY_MS);
  const settled = settledSteps === steps;
  const checks = useQueries({
    queries: settledSteps.map((values) => ({
      queryKey: ['patients', patientId, 'order-check', { technique, goal, values }],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        checkOrderDraft(patientId, { technique: technique!, goal, values }, signal),
      enabled: technique !== undefined,
      retry: false,
      staleTime: 30_000,
    })),
  });
  const stepChecks: (OrderCheck | undefined)[] = checks.map((q) => q.data);
  const checking = !settled || checks.some((q) => q.isFetching);
  const allChecked =
    technique !== undefined && settled && stepChecks.every((c) => c !== undefined) && !checking;
  const hardStopped = stepChecks.some((c) => c !== undefined && !c.evaluation.signable);
  const warnings = uniqueWarnings(stepChecks.flatMap((c) => c?.evaluation.findings ?? []));
  const answers = completeAnswers(warnings, overrides);
  const reviewPoint: ReviewPoint | undefined =
    reviewCount === ''
      ? undefined
      : reviewKind === 'after-sessions'
        ? { kind: 'after-sessions', sessions: reviewCount }
        : { kind: 'after-weeks', weeks: reviewCount };
  const courseOk = courseSessions !== '' && courseSessions >= steps.length;

  const sign = useMutation({
    mutationFn: async () => {
      const { plan } = await createPlan(patientId, {
        goal,
        technique: technique!,
        escalationSchedule: steps,
        courseSessions: Number(courseSessions),
        ...(reviewPoint ? { reviewPoint } : {}),
        ...(programme.length > 0 ? { programme } : {}),
      });
      await queryClient.invalidateQueries({ queryKey: ['patients', patientId, 'plans'] });
      const firstWarnings = new Set<string>(
        (stepChecks[0]?.evaluation.findings ?? [])
          .filter((f) => f.severity === 'warning')
          .map((f) => f.ruleId),
      );
      const { order } = await signOrder(plan.id, {
        values: steps[0]!,
        overrides: (answers ?? []).filter((answer) => firstWarnings.has(answer.ruleId)),
      });
      return { plan, order };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['patients', patientId] }),
  });

  const blockers: string[] = [];
  if (technique === undefined) blockers.push(t('plans.blocker.technique'));
  else if (checking) blockers.push(t('plans.blocker.checking'));
  if (hardStopped) blockers.push(t('plans.blocker.hardStop'));
  if (answers === undefined) blockers.push(t('plans.blocker.overrides'));
  if (!courseOk) blockers.push(t('plans.blocker.course'));
  const canSign = blockers.length === 0 && allChecked && !sign.isPending && !sign.isSuccess;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="plan-builder-title">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (canSign) sign.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="plan-builder-title">
            {t('plans.builder.title')}
          </Title>
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t('plans.goal.label')}
            </Text>
            <Text size="sm">
              {t(`goal.${goal.code}`)}
              {goal.text ? ` — “${goal.text}”` : ''}
            </Text>
            <Text size="xs" c="gray.7">
              {t('plans.goal.fromIntake')}
            </Text>
          </Stack>

          <TechniquePicker
            screening={screening}
            goal={goal.code}
            value={technique}
            onChange={(next) => {
              setTechnique(next);
              setOverrides({});
            }}
          />

          {technique && !entry && <Alert color="orange">{t('plans.entry.missing')}</Alert>}
          {technique && entry && <LibraryEntrySummary entry={entry} version={libraryVersion} />}

          {technique && (
            <Fieldset legend={t('plans.schedule.legend')}>
              <Stack gap="md">
                <Text size="xs" c="gray.7">
                  {t('plans.schedule.help')}
                </Text>
                {steps.map((values, index) => {
                  const check = settled ? stepChecks[index] : undefined;
                  const findings = check?.evaluation.findings ?? [];
                  return (
                    <Fieldset key={index} legend={t('plans.schedule.step', { step: index + 1 })}>
                      <Stack gap="xs">
                        <DoseFields
                          idPrefix={`step-${index + 1}`}
                          entry={entry}
                          values={values}
                          flags={check?.flags}
                          onChange={(next) => setSteps(steps.map((s, i) => (i === index ? next : s)))}
                        />
                        <div aria-live="polite">
                          {checking ? (
                            <Group gap="xs">
                              <Loader size="xs" aria-hidden />
                              <Text size="sm">{t('plans.check.running')}</Text>
                            </Group>
                          ) : check ? (
                            <Stack gap="xs">
                              <Text size="sm" fw={700}>
                                <span aria-hidden>{check.evaluation.signable ? '✓ ' : '✕ '}</span>
                                {check.evaluation.signable
                                  ? t('plans.check.signable', { count: findings.length })
                                  : t('plans.check.blocked')}
                              </Text>
                              <FindingList findings={findings} empty={t('plans.check.clear')} />
                            </Stack>
                          ) : null}
                        </div>
                        {steps.length > 1 && (
                          <Group>
                            <Button
                              variant="subtle"
                              color="red.9"
                              size="xs"
                              onClick={() => setSteps(steps.filter((_, i) => i !== index))}
                            >
                              {t('plans.schedule.remove', { step: index + 1 })}
                            </Button>
                          </Group>
                        )}
                      </Stack>
                    </Fieldset>
                  );
                })}
                <Group>
                  <Button
                    variant="light"
                    size="xs"
                    onClick={() => setSteps([...steps, { ...steps.at(-1) }])}
                    disabled={steps.length >= 100}
                  >
                    {t('plans.schedule.add')}
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
          )}

          {technique && <OverrideReasons warnings={warnings} drafts={overrides} onChange={setOverrides} />}

          <Group align="flex-start" grow wrap="wrap">
            <NumberInput
              label={t('plans.course.label')}
              description={t('plans.course.help')}
              min={1}
              max={100}
              allowDecimal={false}
              value={courseSessions}
              onChange={(value) => setCourseSessions(typeof value === 'number' ? value : '')}
              error={courseOk ? undefined : t('plans.blocker.course')}
            />
            <NativeSelect
              label={t('plans.review.kind')}
              value={reviewKind}
              data={[
                { value: 'after-sessions', label: t('plans.review.afterSessions') },
                { value: 'after-weeks', label: t('plans.review.afterWeeks') },
              ]}
              onChange={(event) => setReviewKind(event.currentTarget.value as ReviewPoint['kind'])}
            />
            <NumberInput
              label={reviewKind === 'after-sessions' ? t('plans.review.sessions') : t('plans.review.weeks')}
              description={t('plans.review.help')}
              min={1}
              max={reviewKind === 'after-sessions' ? 100 : 104}
              allowDecimal={false}
              value={reviewCount}
              onChange={(value) => setReviewCount(typeof value === 'number' ? value : '')}
            />
          </Group>

          <ProgrammeFields value={programme} onChange={setProgramme} />

          <RefusalAlert error={sign.error} title={t('plans.sign.refused')} />
          {sign.isSuccess && (
            <Text role="status" size="sm">
              <Text span fw={700}>
                {t('plans.sign.done')}
              </Text>{' '}
              {t('plans.sign.doneDetail', { technique: t(`technique.${sign.data.plan.technique}`) })}
            </Text>
          )}
          {blockers.length > 0 && technique !== undefined && (
            <Text size="sm" c="red.9" id="plan-blockers">
              {blockers.join(' ')}
            </Text>
          )}
          <Group>
            <Button
              type="submit"
              disabled={!canSign}
              loading={sign.isPending}
              {...(blockers.length > 0 && technique !== undefined
                ? { 'aria-describedby': 'plan-blockers' }
                : {})}
            >
              {t('plans.sign.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
