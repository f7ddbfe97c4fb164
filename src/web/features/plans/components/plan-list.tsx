// The patient's plans, newest first: technique, goal, schedule, course, review point, programme, the orders signed
// under each, and for an active plan the next order to sign (its values checked live like the builder's).
import { Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoseValues, LibraryEntry, Order, Plan } from '../api/plans.ts';
import { signOrder, useOrderCheck } from '../api/plans.ts';
import { useDebounced } from '../hooks/use-debounced.ts';
import { FindingList } from '../../../components/finding-list.tsx';
import { DoseFields } from './dose-fields.tsx';
import type { OverrideDraft } from './override-reasons.tsx';
import { completeAnswers, OverrideReasons, uniqueWarnings } from './override-reasons.tsx';
import { RefusalAlert } from './refusal-alert.tsx';

const STATUS_COLOR = { active: 'green.9', completed: 'blue.9', stopped: 'gray.7' } as const;

export function describeValues(values: DoseValues, t: (key: string) => string): string {
  const parts: string[] = [];
  if (values.concentrationUgPerMl !== undefined) parts.push(`${values.concentrationUgPerMl} µg/mL`);
  if (values.gasVolumeMl !== undefined) parts.push(`${values.gasVolumeMl} mL ${t('plans.short.gas')}`);
  if (values.bloodVolumeMl !== undefined) parts.push(`${values.bloodVolumeMl} mL ${t('plans.short.blood')}`);
  if (values.durationMin !== undefined) parts.push(`${values.durationMin} min`);
  return parts.join(' · ') || '—';
}

function NextOrderForm({
  plan,
  entry,
  nextValues,
}: {
  readonly plan: Plan;
  readonly entry: LibraryEntry | undefined;
  readonly nextValues: DoseValues;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<DoseValues>(nextValues);
  const [overrides, setOverrides] = useState<OverrideDraft>({});
  const settledValues = useDebounced(values, 400);
  const goal = plan.goal.code
    ? { code: plan.goal.code, ...(plan.goal.text ? { text: plan.goal.text } : {}) }
    : undefined;
  const check = useOrderCheck(plan.patientId, {
    technique: plan.technique,
    ...(goal ? { goal } : {}),
    values: settledValues,
  });
  const checking = settledValues !== values || check.isFetching;
  const evaluation = checking ? undefined : check.data?.evaluation;
  const warnings = uniqueWarnings(evaluation?.findings ?? []);
  const answers = completeAnswers(warnings, overrides);
  const sign = useMutation({
    mutationFn: () => signOrder(plan.id, { values, overrides: answers ?? [] }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['patients', plan.patientId] }),
  });
  const ready = evaluation !== undefined && evaluation.signable && answers !== undefined && !sign.isPending;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) sign.mutate();
      }}
    >
      <Stack gap="xs">
        <DoseFields
          idPrefix={`order-${plan.id}`}
          entry={entry}
          values={values}
          flags={checking ? undefined : check.data?.flags}
          onChange={setValues}
        />
        <div aria-live="polite">
          {evaluation && <FindingList findings={evaluation.findings} empty={t('plans.check.clear')} />}
        </div>
        <OverrideReasons warnings={warnings} drafts={overrides} onChange={setOverrides} />
        <RefusalAlert error={sign.error} title={t('plans.order.refused')} />
        <Group>
          <Button type="submit" size="sm" disabled={!ready} loading={sign.isPending}>
            {t('plans.order.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PlanCard({
  plan,
  orders,
  entry,
  canOrder,
}: {
  readonly plan: Plan;
  readonly orders: readonly Order[];
  readonly entry: LibraryEntry | undefined;
  readonly canOrder: boolean;
}) {
  const { t } = useTranslation();
  const [ordering, setOrdering] = useState(false);
  const schedule = plan.escalationSchedule;
  const nextValues = schedule[Math.min(orders.length, schedule.length - 1)] ?? {};
  const review = plan.reviewPoint;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`plan-${plan.id}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5" id={`plan-${plan.id}`}>
            {t(`technique.${plan.technique}`)} — {plan.goal.code ? t(`goal.${plan.goal.code}`) : ''}
          </Title>
          <Text span size="sm" fw={700}>
            <span
              aria-hidden
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                borderRadius: 5,
                marginRight: 4,
                background: `var(--mantine-color-${STATUS_COLOR[plan.status].replace('.', '-')})`,
              }}
            />
            {t(`plans.status.${plan.status}`)}
          </Text>
        </Group>
        <Text size="sm">
          {t('plans.card.course', { sessions: plan.courseSessions })}
          {review &&
            ` · ${
              review.kind === 'after-sessions'
                ? t('plans.card.reviewSessions', { count: review.sessions })
                : t('plans.card.reviewWeeks', { count: review.weeks })
            }`}
        </Text>
        <Text size="sm" fw={600}>
          {t('plans.card.schedule')}
        </Text>
        <List size="sm" type="ordered">
          {schedule.map((values, i) => (
            <List.Item key={i}>{describeValues(values, t)}</List.Item>
          ))}
        </List>
        {plan.programme.length > 0 && (
          <Text size="sm">
            {t('plans.card.programme')}:{' '}
            {plan.programme
              .map((p) => `${t(`plans.programme.${p.component}`)} (${t(`plans.timing.${p.timing}`)})`)
              .join(', ')}
          </Text>
        )}
        <Text size="sm">
          {t('plans.card.orders', { count: orders.length })}
          {orders.length > 0 && `: ${orders.map((o) => describeValues(o, t)).join('; ')}`}
        </Text>
        {plan.status === 'active' && canOrder && (
          <>
            {!ordering ? (
              <Group>
                <Button variant="light" size="xs" onClick={() => setOrdering(true)}>
                  {t('plans.order.open')}
                </Button>
              </Group>
            ) : (
              <NextOrderForm plan={plan} entry={entry} nextValues={nextValues} />
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
