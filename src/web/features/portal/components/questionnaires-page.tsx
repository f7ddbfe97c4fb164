// Outcome questionnaires the patient fills in: the measures of their goal they can report themselves, each with plain
// instructions, recorded against their plan. The clinic compares them at the review point.
import { Alert, Button, Group, NumberInput, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutcomeMeasureCode } from '../../../../clinical/goals.ts';
import { isGoalCode } from '../../../../clinical/goals.ts';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { Plan } from '../api/my-record.ts';
import { useActivity, useIntake, useMyPatientId, usePlans, useRecordOutcome } from '../api/my-record.ts';
import type { Phase } from '../lib/questionnaires.ts';
import { phaseFor, questionnairesFor, reviewedPlan } from '../lib/questionnaires.ts';

const SCALES: Partial<Record<OutcomeMeasureCode, readonly number[]>> = {
  'pain-nrs': [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  pgic: [1, 2, 3, 4, 5, 6, 7],
};

function Questionnaire({
  measure,
  phase,
  plan,
  patientId,
}: {
  readonly measure: OutcomeMeasureCode;
  readonly phase: Phase;
  readonly plan: Plan | undefined;
  readonly patientId: string;
}) {
  const { t } = useTranslation();
  const record = useRecordOutcome(patientId);
  const [value, setValue] = useState<string>('');
  const scale = SCALES[measure];
  const headingId = `questionnaire-${measure}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const number = Number(value);
    if (value === '' || !Number.isFinite(number)) return;
    record.mutate({ measure, value: number, phase, ...(plan ? { planId: plan.id } : {}) });
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {t(`measure.${measure}`)}
        </Title>
        <Text size="sm">{t(`portal.questionnaires.${measure}.instructions`)}</Text>
        <Text size="xs" c="gray.7">
          {t(`portal.questionnaires.phase.${phase}`)}
        </Text>
        {scale ? (
          <Radio.Group
            label={t(`portal.questionnaires.${measure}.question`)}
            value={value}
            onChange={setValue}
            required
          >
            <Group gap="sm" mt={6}>
              {scale.map((point) => (
                <Radio
                  key={point}
                  value={String(point)}
                  label={
                    measure === 'pgic'
                      ? `${point} — ${t(`portal.questionnaires.pgic.${point}`)}`
                      : String(point)
                  }
                />
              ))}
            </Group>
          </Radio.Group>
        ) : (
          <NumberInput
            label={t(`portal.questionnaires.${measure}.question`)}
            min={0}
            max={100}
            clampBehavior="strict"
            value={value}
            onChange={(next) => setValue(String(next))}
            required
          />
        )}
        <ProblemAlert error={record.error} />
        {record.isSuccess && (
          <Alert color="#1b5e20" role="status" title={t('portal.questionnaires.saved')}>
            {t('portal.questionnaires.savedHelp')}
          </Alert>
        )}
        <Group>
          <Button type="submit" disabled={value === ''} loading={record.isPending}>
            {t('portal.questionnaires.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function QuestionnairesPage() {
  const { t, i18n } = useTranslation();
  const patientId = useMyPatientId();
  const plans = usePlans(patientId);
  const intake = useIntake(patientId);
  const activity = useActivity(patientId);
  const plan = reviewedPlan(plans.data ?? []);
  const goalCode = plan?.goal.code ?? intake.data?.intake.goal?.code;
  const goal = isGoalCode(goalCode) ? goalCode : undefined;
  const measures = questionnairesFor(goal, plan);
  const answered = activity.data?.outcomes ?? [];
  const ready = plans.isSuccess && intake.isSuccess && activity.isSuccess;

  return (
    <Page title={t('portal.questionnaires.title')} subtitle={t('portal.questionnaires.subtitle')}>
      <ProblemAlert error={plans.error ?? intake.error ?? activity.error} />
      {ready && goal && (
        <Text size="sm">{t('portal.questionnaires.forGoal', { goal: t(`goal.${goal}`) })}</Text>
      )}
      {ready && measures.length === 0 && <Text size="sm">{t('portal.questionnaires.none')}</Text>}
      {ready &&
        patientId &&
        measures.map((measure) => (
          <Questionnaire
            key={measure}
            measure={measure}
            plan={plan}
            patientId={patientId}
            phase={phaseFor(measure, plan, answered)}
          />
        ))}
      {answered.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="questionnaires-answers">
          <Title order={2} size="h3" id="questionnaires-answers">
            {t('portal.questionnaires.answers')}
          </Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('portal.questionnaires.when')}</Table.Th>
                <Table.Th>{t('portal.questionnaires.measure')}</Table.Th>
                <Table.Th>{t('portal.questionnaires.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {answered.slice(0, 20).map((outcome) => (
                <Table.Tr key={outcome.id}>
                  <Table.Td>{new Date(outcome.at).toLocaleDateString(i18n.language)}</Table.Td>
                  <Table.Td>{t(`measure.${outcome.measure}`)}</Table.Td>
                  <Table.Td>{outcome.value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Page>
  );
}
