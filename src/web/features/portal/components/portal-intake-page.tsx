// Before arrival: the medical traveller states their goal (as a choice and in their own words) and what they expect,
// which the portal may send (decision 0009 §7). History, medications, test results, stay dates and language feed the
// clinic's safety checks or its planning, so the clinic records them with the patient: shown here, not edited.
import {
  Alert,
  Button,
  FileInput,
  Group,
  List,
  Paper,
  Radio,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GoalCode } from '../../../../clinical/goals.ts';
import { GOAL_CODES, isGoalCode } from '../../../../clinical/goals.ts';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { IntakeVersion, Patient } from '../api/my-record.ts';
import { useIntake, useMyPatientId, usePatient, useSaveIntake } from '../api/my-record.ts';
import { summariseRecordsFile } from '../lib/records-file.ts';
import type { RecordsFileSummary } from '../lib/records-file.ts';

type Expectation = 'cure' | 'adjunct' | 'unsure';

const expectationOf = (intake: IntakeVersion | null | undefined): Expectation =>
  intake?.intake.expectsCure === true ? 'cure' : intake?.intake.expectsCure === false ? 'adjunct' : 'unsure';

function IntakeForm({
  current,
  patientId,
}: {
  readonly current: IntakeVersion | null;
  readonly patientId: string;
}) {
  const { t } = useTranslation();
  const save = useSaveIntake(patientId);
  const [goalCode, setGoalCode] = useState<GoalCode | null>(current?.intake.goal?.code ?? null);
  const [goalText, setGoalText] = useState(current?.intake.goal?.text ?? '');
  const [expectation, setExpectation] = useState<Expectation>(expectationOf(current));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = goalText.trim();
    const goal =
      goalCode || text ? { ...(goalCode ? { code: goalCode } : {}), ...(text ? { text } : {}) } : undefined;
    save.mutate({
      ...(goal ? { goal } : {}),
      ...(expectation === 'unsure' ? {} : { expectsCure: expectation === 'cure' }),
    });
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-labelledby="intake-yours">
      <Stack gap="sm">
        <Title order={2} size="h3" id="intake-yours">
          {t('portal.intake.yours')}
        </Title>
        <Select
          label={t('portal.intake.goalChoice')}
          description={t('portal.intake.goalChoiceHelp')}
          descriptionProps={{ c: 'gray.7' }}
          placeholder={t('portal.intake.goalChoicePlaceholder')}
          data={GOAL_CODES.map((code) => ({ value: code, label: t(`goal.${code}`) }))}
          value={goalCode}
          onChange={(value) => setGoalCode(isGoalCode(value) ? value : null)}
          clearable
        />
        <Textarea
          label={t('portal.intake.goalText')}
          description={t('portal.intake.goalTextHelp')}
          descriptionProps={{ c: 'gray.7' }}
          value={goalText}
          onChange={(event) => setGoalText(event.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
        />
        <Radio.Group
          label={t('portal.intake.expectation')}
          value={expectation}
          onChange={(value) => setExpectation(value)}
        >
          <Stack gap={6} mt={6}>
            <Radio value="adjunct" label={t('portal.intake.expectation.adjunct')} />
            <Radio value="cure" label={t('portal.intake.expectation.cure')} />
            <Radio value="unsure" label={t('portal.intake.expectation.unsure')} />
          </Stack>
        </Radio.Group>
        {expectation === 'cure' && (
          <Text size="sm" c="#a63c06">
            {t('portal.intake.expectation.cureNote')}
          </Text>
        )}
        <ProblemAlert error={save.error} />
        {save.isSuccess && (
          <Alert color="#1b5e20" role="status" title={t('portal.intake.saved')}>
            {t('portal.intake.savedHelp', { version: save.data.version })}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('portal.intake.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ClinicCompletes({ patient }: { readonly patient: Patient | undefined }) {
  const { t } = useTranslation();
  const none = t('portal.intake.notYet');
  const language = patient?.preferredLanguage;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="intake-clinic">
      <Stack gap="xs">
        <Title order={2} size="h3" id="intake-clinic">
          {t('portal.intake.clinic')}
        </Title>
        <Text size="sm">{t('portal.intake.clinicHelp')}</Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('portal.intake.clinic.history')}</List.Item>
          <List.Item>{t('portal.intake.clinic.medications')}</List.Item>
          <List.Item>{t('portal.intake.clinic.tests')}</List.Item>
          <List.Item>{t('portal.intake.clinic.assessment')}</List.Item>
        </List>
        <Title order={3} size="h5" mt="xs">
          {t('portal.intake.travel')}
        </Title>
        <dl style={{ margin: 0 }}>
          <Group gap="xs">
            <Text component="dt" size="sm" fw={600}>
              {t('portal.intake.arrival')}:
            </Text>
            <Text component="dd" size="sm" m={0}>
              {patient?.stay?.arrival ?? none}
            </Text>
          </Group>
          <Group gap="xs">
            <Text component="dt" size="sm" fw={600}>
              {t('portal.intake.departure')}:
            </Text>
            <Text component="dd" size="sm" m={0}>
              {patient?.stay?.departure ?? none}
            </Text>
          </Group>
          <Group gap="xs">
            <Text component="dt" size="sm" fw={600}>
              {t('portal.intake.language')}:
            </Text>
            <Text component="dd" size="sm" m={0}>
              {language ? t(`portal.language.${language}`, { defaultValue: language }) : none}
            </Text>
          </Group>
        </dl>
        <Text size="sm" c="gray.7">
          {t('portal.intake.travelHelp')}
        </Text>
      </Stack>
    </Paper>
  );
}

function RecordsFile() {
  const { t } = useTranslation();
  const [summary, setSummary] = useState<RecordsFileSummary | undefined>();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="intake-records">
      <Stack gap="xs">
        <Title order={2} size="h3" id="intake-records">
          {t('portal.intake.records')}
        </Title>
        <Text size="sm">{t('portal.intake.recordsHelp')}</Text>
        <FileInput
          label={t('portal.intake.recordsFile')}
          accept="application/json,application/fhir+json,.json,application/pdf,.pdf"
          clearable
          clearButtonProps={{ 'aria-label': t('portal.intake.recordsClear') }}
          onChange={(file) => {
            setSummary(undefined);
            if (file) void summariseRecordsFile(file).then(setSummary);
          }}
        />
        {summary && (
          <Paper withBorder p="sm" role="status">
            <Text size="sm" fw={600}>
              {t(`portal.intake.records.${summary.kind}`, { name: summary.name })}
            </Text>
            {summary.kind === 'fhir' && (
              <List size="sm">
                {summary.resources.map(([type, count]) => (
                  <List.Item key={type}>
                    {type}: {count}
                  </List.Item>
                ))}
              </List>
            )}
            <Text size="sm" mt="xs">
              {t('portal.intake.records.notSent')}
            </Text>
          </Paper>
        )}
      </Stack>
    </Paper>
  );
}

export function PortalIntakePage() {
  const { t } = useTranslation();
  const patientId = useMyPatientId();
  const intake = useIntake(patientId);
  const patient = usePatient(patientId);
  return (
    <Page title={t('portal.intake.title')} subtitle={t('portal.intake.subtitle')}>
      <ProblemAlert error={intake.error ?? patient.error} />
      {patientId && intake.isSuccess && (
        <IntakeForm key={patientId} current={intake.data} patientId={patientId} />
      )}
      <RecordsFile />
      <ClinicCompletes patient={patient.data} />
    </Page>
  );
}
