// The clinician's intake editor for one patient: what is on record, the form, and after a save the new version with a
// way to the screening the server has just run again.
import { Alert, Anchor, Card, Loader, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { SavedIntake } from '../api/intake.ts';
import { useIntake, useIntakePatient } from '../api/intake.ts';
import { formOf } from '../lib/intake-form.ts';
import { FactsOnRecord } from './facts-on-record.tsx';
import { IntakeEditor } from './intake-editor.tsx';

const todayIso = () => new Date().toISOString().slice(0, 10);

export function IntakePage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const intake = useIntake(patientId);
  const patient = useIntakePatient(patientId);
  const [saved, setSaved] = useState<SavedIntake>();
  const current = intake.data;
  const name = [patient.data?.givenName, patient.data?.familyName].filter(Boolean).join(' ');
  return (
    <Page
      title={t('intake.title')}
      subtitle={
        current
          ? t('intake.subtitle.version', { name, version: current.intake.version })
          : t('intake.subtitle.new', { name })
      }
    >
      {(intake.isPending || patient.isPending) && <Loader aria-label={t('app.loading')} />}
      <ProblemAlert error={intake.error ?? patient.error} />
      {saved && (
        <Alert color="green" title={t('intake.saved.title')} role="status">
          <Stack gap={4}>
            {t('intake.saved.body', { version: saved.version })}
            <Anchor component={Link} to={`/patients/${patientId}/screening`} fw={600}>
              {t('intake.saved.toScreening')}
            </Anchor>
          </Stack>
        </Alert>
      )}
      {!intake.isPending && !patient.isPending && !intake.error && !patient.error && (
        <Stack gap="md">
          <Card withBorder component="section" aria-labelledby="facts-on-record" padding="md">
            <Stack gap="xs">
              <Title order={2} size="h4" id="facts-on-record">
                {t('intake.onRecord.title')}
              </Title>
              <FactsOnRecord facts={current?.facts ?? []} />
            </Stack>
          </Card>
          <IntakeEditor
            key={current?.intake.id ?? 'new'}
            patientId={patientId}
            patient={patient.data}
            initial={formOf(current?.intake, patient.data, todayIso())}
            onSaved={setSaved}
          />
        </Stack>
      )}
    </Page>
  );
}
