// The nurse's step-by-step screen for a draft session. Each step saves what was typed and re-runs the engine's day-of
// check, so the findings and the final Complete/Sign button always reflect what is recorded. Keyboard: every step
// header is a button, every field is labelled, and Back / Save and continue sit at the end of each step.
import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TECHNIQUES } from '../../../../clinical/techniques.ts';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { SessionUser } from '../../auth/api/session.ts';
import type { SessionRecord } from '../api/sessions.ts';
import { useStaff } from '../../../lib/staff.ts';
import { usePatientConsents, useSaveDraft } from '../api/sessions.ts';
import { AdverseEventsPanel } from './adverse-events-panel.tsx';
import { DayOfCheck } from './day-of-check.tsx';
import type { DraftForm, Entry } from './draft-form.ts';
import { CHECKLIST, draftChangeOf, formFromSession, VITALS } from './draft-form.ts';
import { DOSE_FIELDS, formatDateTime } from './session-format.ts';
import { SignPanel } from './sign-panel.tsx';

const STEPS = [
  'checks',
  'vitals',
  'consent',
  'checklist',
  'staff',
  'values',
  'adverse-events',
  'sign',
] as const;

const asEntry = (value: string | number): Entry => (typeof value === 'number' ? value : '');

export function DraftRunner({
  record,
  user,
  patientId,
}: {
  readonly record: SessionRecord;
  readonly user: SessionUser;
  readonly patientId: string;
}) {
  const { t } = useTranslation();
  const { session } = record;
  const technique = TECHNIQUES[session.technique];
  const [active, setActive] = useState(0);
  const [form, setForm] = useState<DraftForm>(() => formFromSession(session));
  const save = useSaveDraft(session.id);
  const consents = usePatientConsents(patientId);
  const staff = useStaff(user.actions.includes('session.write'));
  const operatorId = session.operator?.id ?? user.id;
  const operatorName =
    staff.data?.find((member) => member.id === operatorId)?.displayName ??
    (operatorId === user.id ? user.displayName : operatorId);
  const physicians = (staff.data ?? []).filter(
    (member) => member.role === 'physician' || member.role === 'medical-director',
  );

  const update = (change: Partial<DraftForm>) => setForm((current) => ({ ...current, ...change }));
  const saveForm = (extra: { startedAt?: string } = {}) =>
    save.mutateAsync({ ...draftChangeOf(form, operatorId, technique.requiresImageGuidance), ...extra });
  const saveAndGo = async (step: number) => {
    await saveForm();
    setActive(step);
  };

  const navigation = (step: number) => (
    <Group mt="md">
      {step > 0 && (
        <Button variant="default" onClick={() => setActive(step - 1)}>
          {t('runner.back')}
        </Button>
      )}
      {step < STEPS.length - 1 && (
        <Button loading={save.isPending} onClick={() => void saveAndGo(step + 1).catch(() => {})}>
          {t('runner.saveAndContinue')}
        </Button>
      )}
    </Group>
  );

  const step = (index: number, content: ReactNode) => (
    <Stepper.Step key={STEPS[index]} label={t(`runner.step.${STEPS[index]}`)}>
      <Stack gap="sm" component="section" aria-labelledby={`step-${STEPS[index]}`}>
        <Title order={2} size="h3" id={`step-${STEPS[index]}`}>
          {t(`runner.step.${STEPS[index]}`)}
        </Title>
        {content}
        <ProblemAlert error={save.error} />
        {navigation(index)}
      </Stack>
    </Stepper.Step>
  );

  const consentOptions = (consents.data ?? []).map((consent) => ({
    value: consent.id,
    label: t('runner.consent.option', {
      techniques: consent.techniques.map((code) => t(`technique.${code}`)).join(', '),
      signed: formatDateTime(consent.patientSignature.signedAt),
      status: consent.withdrawn
        ? t('runner.consent.withdrawn')
        : consent.countersignature
          ? t('runner.consent.countersigned')
          : t('runner.consent.notCountersigned'),
    }),
  }));

  return (
    <Stepper
      active={active}
      onStepClick={setActive}
      allowNextStepsSelect
      size="sm"
      wrap
      aria-label={t('runner.stepsLabel')}
    >
      {step(
        0,
        <>
          <Text>{t('runner.checks.intro')}</Text>
          <Group>
            <Text>
              {t('runner.startedAt')}: <strong>{formatDateTime(session.startedAt)}</strong>
            </Text>
            <Button
              variant="light"
              loading={save.isPending}
              onClick={() => void saveForm({ startedAt: new Date().toISOString() }).catch(() => {})}
            >
              {session.startedAt ? t('runner.restartNow') : t('runner.startNow')}
            </Button>
          </Group>
          <DayOfCheck
            session={session}
            onRun={() => void saveForm().catch(() => {})}
            running={save.isPending}
          />
        </>,
      )}
      {step(
        1,
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {VITALS.map((vital) => (
            <NumberInput
              key={vital}
              label={t(`runner.vitals.${vital}`)}
              value={form.vitals[vital]}
              decimalScale={vital === 'temperatureC' ? 1 : 0}
              min={0}
              onChange={(value) => update({ vitals: { ...form.vitals, [vital]: asEntry(value) } })}
            />
          ))}
        </SimpleGrid>,
      )}
      {step(
        2,
        <>
          <Text>{t('runner.consent.intro')}</Text>
          <NativeSelect
            label={t('runner.consent.label')}
            value={form.consentId}
            onChange={(event) => update({ consentId: event.currentTarget.value })}
            data={[{ value: '', label: t('runner.consent.none') }, ...consentOptions]}
          />
          <ProblemAlert error={consents.error} />
        </>,
      )}
      {step(
        3,
        <Stack gap="xs" role="group" aria-label={t('runner.step.checklist')}>
          {CHECKLIST.map((item) => (
            <Checkbox
              key={item}
              label={t(`runner.checklist.${item}`)}
              checked={form.checklist[item]}
              onChange={(event) =>
                update({ checklist: { ...form.checklist, [item]: event.currentTarget.checked } })
              }
            />
          ))}
        </Stack>,
      )}
      {step(
        4,
        <>
          <Text>
            {t('runner.staff.operator')}: <strong>{operatorName}</strong>
          </Text>
          <Stack gap="xs" role="group" aria-label={t('runner.staff.credentials')}>
            <Text size="sm" fw={500}>
              {t('runner.staff.credentials')}
            </Text>
            {technique.operatorCredentials.map((credential) => (
              <Checkbox
                key={credential}
                label={t(`runner.credential.${credential}`, { defaultValue: credential })}
                checked={form.operatorCredentials.includes(credential)}
                onChange={(event) =>
                  update({
                    operatorCredentials: event.currentTarget.checked
                      ? [...form.operatorCredentials, credential]
                      : form.operatorCredentials.filter((held) => held !== credential),
                  })
                }
              />
            ))}
          </Stack>
          <NativeSelect
            label={t('runner.staff.supervisor')}
            value={form.supervisingPhysicianId}
            onChange={(event) => update({ supervisingPhysicianId: event.currentTarget.value })}
            data={[
              { value: '', label: t('runner.staff.noSupervisor') },
              ...physicians.map((member) => ({ value: member.id, label: member.displayName })),
            ]}
          />
          <ProblemAlert error={staff.error} />
          {technique.requiresImageGuidance && (
            <Checkbox
              label={t('runner.staff.imageGuidance')}
              checked={form.imageGuidance}
              onChange={(event) => update({ imageGuidance: event.currentTarget.checked })}
            />
          )}
          <Title order={3} size="h4">
            {t('runner.generator.title')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('runner.generator.deviceId')}
              value={form.generatorDeviceId}
              onChange={(event) => update({ generatorDeviceId: event.currentTarget.value })}
            />
            <NumberInput
              label={t('runner.generator.concentration')}
              value={form.generatorConcentration}
              min={0}
              decimalScale={1}
              onChange={(value) => update({ generatorConcentration: asEntry(value) })}
            />
          </SimpleGrid>
        </>,
      )}
      {step(
        5,
        <>
          <Text>{t('runner.values.intro')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {DOSE_FIELDS.map((field) => (
              <NumberInput
                key={field}
                label={t(`sessions.dose.${field}`)}
                value={form.administered[field]}
                min={0}
                decimalScale={1}
                onChange={(value) =>
                  update({ administered: { ...form.administered, [field]: asEntry(value) } })
                }
              />
            ))}
          </SimpleGrid>
        </>,
      )}
      {step(6, <AdverseEventsPanel record={record} user={user} />)}
      {step(
        7,
        <>
          <Textarea
            label={t('runner.notes')}
            value={form.notes}
            autosize
            minRows={3}
            onChange={(event) => update({ notes: event.currentTarget.value })}
          />
          {session.rescreening === undefined && <Text fw={600}>{t('runner.checkNotRun')}</Text>}
          <SignPanel record={record} user={user} onComplete={() => saveForm()} completing={save.isPending} />
        </>,
      )}
    </Stepper>
  );
}
