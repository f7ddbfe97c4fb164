// The frame of a patient's chart: who the patient is (name, age and sex, goal) on every chart page, the chart's
// sections as links (each a page of its own, loaded on demand), then the section itself.
import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useParams } from 'react-router';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { isApiError } from '../../../lib/api-client.ts';
import { usePatient } from '../api/patients.ts';
import { useIntake } from '../api/record.ts';
import { ageInYears, formatDate, patientName } from './patient-format.ts';

/** The chart's sections, in the order of the clinical workflow; `to` is relative to the chart. */
const SECTIONS = [
  { to: '', labelKey: 'chart.tab.summary' },
  { to: 'intake', labelKey: 'chart.tab.intake' },
  { to: 'records', labelKey: 'chart.tab.records' },
  { to: 'screening', labelKey: 'chart.tab.screening' },
  { to: 'plan', labelKey: 'chart.tab.plan' },
  { to: 'consent', labelKey: 'chart.tab.consent' },
  { to: 'sessions', labelKey: 'chart.tab.sessions' },
  { to: 'outcomes', labelKey: 'chart.tab.outcomes' },
  { to: 'timeline', labelKey: 'chart.tab.timeline' },
] as const;

function ChartHeader({ patientId }: { readonly patientId: string }) {
  const { t, i18n } = useTranslation();
  const patient = usePatient(patientId);
  const intake = useIntake(patientId);
  if (!patient.data) return null;
  const age = ageInYears(patient.data.birthDate, new Date());
  const goal = intake.data?.intake.intake.goal;
  return (
    <Paper withBorder p="sm" component="section" aria-label={t('chart.patient')}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Text fw={700} size="xl" data-testid="chart-patient-name">
            {patientName(patient.data) || t('patients.unnamed')}
          </Text>
          <Text size="sm">
            {[
              age !== undefined ? t('patients.age', { count: age }) : undefined,
              t(`patients.sex.${patient.data.sex}`),
              patient.data.birthDate
                ? t('chart.born', { date: formatDate(patient.data.birthDate, i18n.language) })
                : undefined,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          <Text size="sm">
            <Text span fw={600}>
              {t('chart.goal')}:
            </Text>{' '}
            {goal?.code ? t(`goal.${goal.code}`) : t('chart.noGoal')}
            {goal?.text && (
              <Text span c="gray.7">
                {' '}
                — “{goal.text}”
              </Text>
            )}
          </Text>
        </Stack>
        <Group gap="xs">
          {patient.data.identifiers.slice(0, 2).map((identifier) => (
            <Badge
              key={`${identifier.system}|${identifier.value}`}
              variant="outline"
              color="gray.8"
              radius="sm"
            >
              {identifier.value}
            </Badge>
          ))}
          {patient.data.preferredLanguage && (
            <Badge variant="outline" color="gray.8" radius="sm">
              {t('chart.speaks', { language: patient.data.preferredLanguage })}
            </Badge>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

function ChartSections() {
  const { t } = useTranslation();
  return (
    <Group component="nav" aria-label={t('chart.sections')} gap={4} wrap="wrap">
      {SECTIONS.map((section) => (
        <NavLink key={section.to} to={section.to} end={section.to === ''} style={{ textDecoration: 'none' }}>
          {({ isActive }) => (
            <Button
              component="span"
              size="compact-sm"
              variant={isActive ? 'filled' : 'subtle'}
              color="blue.9"
              // The subtle variant's text is a light blue (3.6:1); the darker shade reads at 6:1.
              {...(isActive ? {} : { c: 'blue.9' })}
            >
              {t(section.labelKey)}
            </Button>
          )}
        </NavLink>
      ))}
    </Group>
  );
}

export function ChartLayout() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const patient = usePatient(patientId);
  if (patient.error) {
    const missing =
      isApiError(patient.error) && (patient.error.status === 404 || patient.error.status === 400);
    return missing ? (
      <Alert color="red" role="alert">
        <Text size="sm" fw={700}>
          {t('chart.notFound')}
        </Text>
        {t('chart.notFoundHelp')}
      </Alert>
    ) : (
      <ProblemAlert error={patient.error} />
    );
  }
  return (
    <Stack gap="md">
      <ChartHeader patientId={patientId} />
      <ChartSections />
      <Outlet />
    </Stack>
  );
}
