// The intake form: the goal in a code and the patient's words, expectations, the fundamentals assessed, the
// clinician's assessment, new history, medications and results, and the traveller's stay and language. Every input
// is labelled; the server's field errors appear under the input they name.
import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GOAL_CODES } from '../../../../clinical/goals.ts';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import type { SavedIntake } from '../api/intake.ts';
import { SaveFailed, useSaveIntake } from '../api/intake.ts';
import type { FieldName, IntakeForm } from '../lib/intake-form.ts';
import {
  CONDITIONS,
  DRUG_CLASSES,
  fieldOfIntakeError,
  fieldOfPatientError,
  FUNDAMENTALS,
  intakeRequestOf,
  LABS,
  patientChangeOf,
  PREGNANCY_ANSWERS,
} from '../lib/intake-form.ts';
import type { Patient } from '../lib/intake-form.ts';

/** Mantine's default description grey is too light on white (axe colour-contrast): the darker grey reads. */
const READABLE_DESCRIPTION = { c: 'gray.7' } as const;

function FormSection({
  title,
  help,
  children,
}: {
  readonly title: string;
  readonly help?: string;
  readonly children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Card withBorder component="fieldset" aria-labelledby={headingId} padding="md" style={{ margin: 0 }}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          {help && (
            <Text size="sm" c="gray.7">
              {help}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

/** Field errors by form field, from a failed save. */
function fieldErrorsOf(error: unknown, factFields: readonly FieldName[]): Record<FieldName, string> {
  if (!(error instanceof SaveFailed) || !isApiError(error.cause)) return {};
  const errors: Record<FieldName, string> = {};
  for (const fieldError of error.cause.problem.errors ?? []) {
    const field =
      error.step === 'patient'
        ? fieldOfPatientError(fieldError.path)
        : fieldOfIntakeError(fieldError.path, factFields);
    if (field !== undefined) errors[field] ??= fieldError.message;
  }
  return errors;
}

export function IntakeEditor({
  patientId,
  initial,
  patient,
  onSaved,
}: {
  readonly patientId: string;
  readonly initial: IntakeForm;
  readonly patient: Patient | undefined;
  readonly onSaved: (saved: SavedIntake) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<IntakeForm>(initial);
  const [factFields, setFactFields] = useState<readonly FieldName[]>([]);
  const save = useSaveIntake(patientId);
  const errors = fieldErrorsOf(save.error, factFields);
  const set = <K extends keyof IntakeForm>(key: K, value: IntakeForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));
  const yesNoData = (prefix: string) => [
    { value: '', label: t(`${prefix}.unknown`) },
    { value: 'yes', label: t(`${prefix}.yes`) },
    { value: 'no', label: t(`${prefix}.no`) },
  ];

  const submit = () => {
    const request = intakeRequestOf(form, new Date().toISOString());
    setFactFields(request.factFields);
    // mutateAsync, not mutate's callbacks: a save refetches the intake, which remounts this editor (keyed by version)
    // before mutate's own onSuccess would run, and TanStack drops callbacks of an unmounted observer.
    save.mutateAsync({ intake: request.body, patientChange: patientChangeOf(form, patient) }).then(
      onSaved,
      // The error is shown from save.error, field by field.
      () => undefined,
    );
  };

  return (
    <form
      noValidate
      // Mantine's error red (red.6) fails AA contrast on white for the message and the input's text: a darker red.
      style={{ '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Stack gap="md">
        <FormSection title={t('intake.section.goal')} help={t('intake.section.goal.help')}>
          <NativeSelect
            label={t('intake.goal')}
            value={form.goalCode}
            error={errors.goalCode}
            onChange={(event) => set('goalCode', event.currentTarget.value)}
            data={[
              { value: '', label: t('intake.goal.none') },
              ...GOAL_CODES.map((code) => ({ value: code, label: t(`goal.${code}`) })),
            ]}
          />
          <Textarea
            label={t('intake.goalText')}
            description={t('intake.goalText.help')}
            descriptionProps={READABLE_DESCRIPTION}
            autosize
            minRows={2}
            value={form.goalText}
            error={errors.goalText}
            onChange={(event) => set('goalText', event.currentTarget.value)}
          />
          <NativeSelect
            label={t('intake.expectsCure')}
            value={form.expectsCure}
            error={errors.expectsCure}
            onChange={(event) => set('expectsCure', event.currentTarget.value as IntakeForm['expectsCure'])}
            data={yesNoData('intake.expectsCure')}
          />
        </FormSection>

        <FormSection title={t('intake.section.fundamentals')} help={t('intake.section.fundamentals.help')}>
          <Checkbox.Group
            label={t('intake.fundamentals')}
            value={[...form.fundamentals]}
            error={errors.fundamentals}
            onChange={(value) => set('fundamentals', value)}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              {FUNDAMENTALS.map((fundamental) => (
                <Checkbox key={fundamental} value={fundamental} label={t(`fundamental.${fundamental}`)} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('intake.oxidativeBurden')}
              value={form.oxidativeBurden}
              error={errors.oxidativeBurden}
              onChange={(event) =>
                set('oxidativeBurden', event.currentTarget.value as IntakeForm['oxidativeBurden'])
              }
              data={['', 'low', 'moderate', 'high'].map((value) => ({
                value,
                label: t(`intake.oxidativeBurden.${value || 'unknown'}`),
              }))}
            />
            <NativeSelect
              label={t('intake.unstable')}
              value={form.unstableMedicalIssues}
              error={errors.unstableMedicalIssues}
              onChange={(event) =>
                set('unstableMedicalIssues', event.currentTarget.value as IntakeForm['unstableMedicalIssues'])
              }
              data={yesNoData('intake.unstable')}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection title={t('intake.section.history')} help={t('intake.section.history.help')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {CONDITIONS.map((condition) => (
              <Checkbox
                key={condition}
                label={t(`intake.fact.${condition}`)}
                checked={form.conditions[condition]}
                error={errors[`conditions.${condition}`]}
                onChange={(event) =>
                  set('conditions', { ...form.conditions, [condition]: event.currentTarget.checked })
                }
              />
            ))}
          </SimpleGrid>
          {form.conditions.myocardialInfarction && (
            <TextInput
              type="date"
              label={t('intake.myocardialInfarctionDate')}
              value={form.myocardialInfarctionDate}
              onChange={(event) => set('myocardialInfarctionDate', event.currentTarget.value)}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t('intake.fact.hyperthyroidism')}
              value={form.hyperthyroidism}
              error={errors.hyperthyroidism}
              onChange={(event) =>
                set('hyperthyroidism', event.currentTarget.value as IntakeForm['hyperthyroidism'])
              }
              data={['', 'controlled', 'crisis'].map((value) => ({
                value,
                label: t(`intake.hyperthyroidism.${value || 'none'}`),
              }))}
            />
            <NativeSelect
              label={t('intake.fact.pregnancy')}
              value={form.pregnancy}
              error={errors.pregnancy}
              onChange={(event) => set('pregnancy', event.currentTarget.value as IntakeForm['pregnancy'])}
              data={[
                { value: '', label: t('intake.pregnancy.unrecorded') },
                ...PREGNANCY_ANSWERS.map((answer) => ({
                  value: answer,
                  label: t(`intake.pregnancy.${answer}`),
                })),
              ]}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection title={t('intake.section.medications')} help={t('intake.section.medications.help')}>
          {form.medications.map((medication, index) => (
            <Group key={index} align="flex-end" wrap="nowrap">
              <NativeSelect
                label={t('intake.drugClass')}
                value={medication.drugClass}
                error={errors[`medications.${index}`]}
                onChange={(event) =>
                  set(
                    'medications',
                    form.medications.map((m, i) =>
                      i === index ? { ...m, drugClass: event.currentTarget.value } : m,
                    ),
                  )
                }
                data={[
                  { value: '', label: t('intake.drugClass.choose') },
                  ...DRUG_CLASSES.map((code) => ({ value: code, label: t(`intake.drugClass.${code}`) })),
                ]}
              />
              <TextInput
                label={t('intake.medicationName')}
                value={medication.name}
                style={{ flex: 1 }}
                onChange={(event) =>
                  set(
                    'medications',
                    form.medications.map((m, i) =>
                      i === index ? { ...m, name: event.currentTarget.value } : m,
                    ),
                  )
                }
              />
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('intake.removeMedication', { number: index + 1 })}
                onClick={() =>
                  set(
                    'medications',
                    form.medications.filter((_, i) => i !== index),
                  )
                }
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="default"
              onClick={() => set('medications', [...form.medications, { drugClass: '', name: '' }])}
            >
              {t('intake.addMedication')}
            </Button>
          </Group>
        </FormSection>

        <FormSection title={t('intake.section.labs')} help={t('intake.section.labs.help')}>
          <TextInput
            type="date"
            label={t('intake.measuredOn')}
            value={form.measuredOn}
            onChange={(event) => set('measuredOn', event.currentTarget.value)}
            maw={240}
          />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {LABS.map((lab) => (
              <TextInput
                key={lab}
                inputMode="decimal"
                label={t(`intake.lab.${lab}`)}
                value={form.labs[lab]}
                error={errors[`labs.${lab}`]}
                onChange={(event) => set('labs', { ...form.labs, [lab]: event.currentTarget.value })}
              />
            ))}
            <NativeSelect
              label={t('intake.fact.freeT4AboveRange')}
              value={form.freeT4AboveRange}
              error={errors.freeT4AboveRange}
              onChange={(event) =>
                set('freeT4AboveRange', event.currentTarget.value as IntakeForm['freeT4AboveRange'])
              }
              data={yesNoData('intake.freeT4')}
            />
            <NativeSelect
              label={t('intake.fact.g6pd')}
              value={form.g6pd}
              error={errors.g6pd}
              onChange={(event) => set('g6pd', event.currentTarget.value as IntakeForm['g6pd'])}
              data={['', 'normal', 'deficient'].map((value) => ({
                value,
                label: t(`intake.g6pd.${value || 'untested'}`),
              }))}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection title={t('intake.section.travel')} help={t('intake.section.travel.help')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('intake.preferredLanguage')}
              description={t('intake.preferredLanguage.help')}
              descriptionProps={READABLE_DESCRIPTION}
              value={form.preferredLanguage}
              error={errors.preferredLanguage}
              onChange={(event) => set('preferredLanguage', event.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('intake.arrival')}
              value={form.arrival}
              error={errors.arrival}
              onChange={(event) => set('arrival', event.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('intake.departure')}
              value={form.departure}
              error={errors.departure}
              onChange={(event) => set('departure', event.currentTarget.value)}
            />
          </SimpleGrid>
        </FormSection>

        <ProblemAlert
          error={save.error instanceof SaveFailed ? save.error.cause : save.error}
          title={t('intake.saveFailed')}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('intake.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
