// Registering a patient: a name (given or family) is enough to open a chart; the rest can follow at intake. The
// server checks every field and names the ones it refuses; on success the new chart opens.
import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { NewPatient, Sex } from '../api/patients.ts';
import { useCreatePatient } from '../api/patients.ts';

const SEXES: readonly Sex[] = ['female', 'male', 'other', 'unknown'];
const LANGUAGES = ['es', 'en', 'fr', 'de', 'it', 'pt'] as const;

interface Draft {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: Sex | '';
  email: string;
  phone: string;
  preferredLanguage: string;
}

const EMPTY: Draft = {
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: '',
  email: '',
  phone: '',
  preferredLanguage: '',
};

/** Only what was filled in: the server treats an absent field as unknown, an empty string as invalid. */
function toNewPatient(draft: Draft): NewPatient {
  const filled = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const entries = Object.entries({
    givenName: filled(draft.givenName),
    familyName: filled(draft.familyName),
    birthDate: filled(draft.birthDate),
    sex: draft.sex === '' ? undefined : draft.sex,
    email: filled(draft.email),
    phone: filled(draft.phone),
    preferredLanguage: filled(draft.preferredLanguage),
  }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries);
}

export function NewPatientDialog({
  opened,
  onClose,
}: {
  readonly opened: boolean;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreatePatient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [nameMissing, setNameMissing] = useState(false);
  const nameErrorId = useId();
  const field =
    (key: keyof Draft) =>
    (event: { currentTarget: { value: string } }): void => {
      const value = event.currentTarget.value;
      setDraft((current) => ({ ...current, [key]: value }));
    };

  const close = () => {
    setDraft(EMPTY);
    setNameMissing(false);
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.givenName.trim() === '' && draft.familyName.trim() === '') {
      setNameMissing(true);
      return;
    }
    setNameMissing(false);
    create.mutate(toNewPatient(draft), {
      onSuccess: (patient) => {
        close();
        void navigate(`/patients/${patient.id}`);
      },
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('patients.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('patients.closeDialog') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('patients.field.givenName')}
              value={draft.givenName}
              onChange={field('givenName')}
              aria-invalid={nameMissing || undefined}
              aria-describedby={nameMissing ? nameErrorId : undefined}
              autoComplete="off"
              data-autofocus
            />
            <TextInput
              label={t('patients.field.familyName')}
              value={draft.familyName}
              onChange={field('familyName')}
              aria-invalid={nameMissing || undefined}
              aria-describedby={nameMissing ? nameErrorId : undefined}
              autoComplete="off"
            />
            <TextInput
              type="date"
              label={t('patients.field.birthDate')}
              value={draft.birthDate}
              onChange={field('birthDate')}
            />
            <NativeSelect
              label={t('patients.field.sex')}
              value={draft.sex}
              onChange={field('sex')}
              data={[
                { value: '', label: t('patients.notStated') },
                ...SEXES.map((sex) => ({ value: sex, label: t(`patients.sex.${sex}`) })),
              ]}
            />
            <TextInput
              type="email"
              label={t('patients.field.email')}
              value={draft.email}
              onChange={field('email')}
              autoComplete="off"
            />
            <TextInput
              type="tel"
              label={t('patients.field.phone')}
              value={draft.phone}
              onChange={field('phone')}
              autoComplete="off"
            />
            <NativeSelect
              label={t('patients.field.preferredLanguage')}
              value={draft.preferredLanguage}
              onChange={field('preferredLanguage')}
              data={[
                { value: '', label: t('patients.notStated') },
                ...LANGUAGES.map((language) => ({
                  value: language,
                  label: t(`patients.language.${language}`),
                })),
              ]}
            />
          </SimpleGrid>
          {nameMissing && (
            // An alert rather than Mantine's red field error: its light red text fails WCAG AA contrast.
            <Alert color="red" role="alert" id={nameErrorId}>
              {t('patients.nameRequired')}
            </Alert>
          )}
          <ProblemAlert error={create.error} title={t('patients.createFailed')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('patients.register')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
