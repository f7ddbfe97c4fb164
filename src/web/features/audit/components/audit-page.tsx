// Who did what to which record: the audit trail filtered by patient, actor, action and dates (the filters live in the
// address, so a chart can link to "who accessed this record"), and the hash chain's verification status.
import { Autocomplete, Button, Group, Loader, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import type { AuditFilters } from '../api/audit.ts';
import { useStaff } from '../../../lib/staff.ts';
import { useAuditEvents, usePatientOptions } from '../api/audit.ts';
import { AuditTable } from './audit-table.tsx';
import { ChainStatus } from './chain-status.tsx';

const FILTER_KEYS = ['patientId', 'actorId', 'action', 'fromDate', 'toDate'] as const;

/** Actions the trail commonly holds, offered as suggestions (any other action can be typed). */
const COMMON_ACTIONS = [
  'patient.read',
  'patient.update',
  'intake.write',
  'plan.write',
  'order.write',
  'session.sign',
  'consent.write',
  'outcome.write',
  'report.read',
  'audit.read',
  'login.success',
  'login.failure',
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function filtersOf(params: URLSearchParams): AuditFilters {
  const filters: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value && (!key.endsWith('Date') || DATE.test(value))) filters[key] = value;
  }
  return filters;
}

const patientLabel = (patient: { familyName?: string; givenName?: string; birthDate?: string }) =>
  [[patient.familyName, patient.givenName].filter(Boolean).join(', '), patient.birthDate]
    .filter(Boolean)
    .join(' · ');

export function AuditPage() {
  const { t } = useTranslation();
  const actions = useSession().data?.user?.actions ?? [];
  const canListPatients = actions.includes('patient.list');
  const canReadStaff = actions.includes('session.write');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const [patientSearch, setPatientSearch] = useState('');
  const [knownPatients, setKnownPatients] = useState<ReadonlyMap<string, string>>(new Map());
  const patients = usePatientOptions(patientSearch, canListPatients);
  const staff = useStaff(canReadStaff);
  const events = useAuditEvents(filters);

  const staffNames = new Map((staff.data ?? []).map((member) => [member.id, member.displayName]));
  const patientNames = new Map(knownPatients);
  for (const patient of patients.data ?? []) patientNames.set(patient.id, patientLabel(patient));
  const patientOptions = (patients.data ?? []).map((p) => ({ value: p.id, label: patientLabel(p) }));
  if (draft.patientId && !patientOptions.some((option) => option.value === draft.patientId)) {
    patientOptions.unshift({
      value: draft.patientId,
      label: patientNames.get(draft.patientId) ?? draft.patientId,
    });
  }
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];

  const set = (key: keyof AuditFilters, value: string | null) =>
    setDraft((previous) => {
      const next: Record<string, string> = { ...previous };
      if (value && value.trim()) next[key] = value.trim();
      else delete next[key];
      return next;
    });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = draft[key];
      if (value) next.set(key, value);
    }
    setParams(next);
  };

  const clear = () => {
    setDraft({});
    setParams(new URLSearchParams());
  };

  return (
    <Page title={t('audit.title')} subtitle={t('audit.subtitle')}>
      <ChainStatus />
      <Paper withBorder p="md" component="form" onSubmit={apply} aria-label={t('audit.filters')}>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            {canListPatients ? (
              <Select
                label={t('audit.filter.patient')}
                placeholder={t('audit.filter.patientPlaceholder')}
                data={patientOptions}
                value={draft.patientId ?? null}
                onChange={(value, option) => {
                  set('patientId', value);
                  if (value && option) setKnownPatients((known) => new Map(known).set(value, option.label));
                }}
                searchable
                searchValue={patientSearch}
                onSearchChange={setPatientSearch}
                filter={({ options }) => options}
                clearable
                nothingFoundMessage={t('audit.filter.noPatient')}
                w={280}
              />
            ) : (
              <TextInput
                label={t('audit.filter.patientId')}
                value={draft.patientId ?? ''}
                onChange={(event) => set('patientId', event.currentTarget.value)}
                w={280}
              />
            )}
            {staff.data ? (
              <Select
                label={t('audit.filter.actor')}
                data={staff.data.map((member) => ({
                  value: member.id,
                  label: `${member.displayName} · ${t(`role.${member.role}`)}`,
                }))}
                value={draft.actorId ?? null}
                onChange={(value) => set('actorId', value)}
                searchable
                clearable
                w={240}
              />
            ) : (
              <TextInput
                label={t('audit.filter.actorId')}
                value={draft.actorId ?? ''}
                onChange={(event) => set('actorId', event.currentTarget.value)}
                w={240}
              />
            )}
            <Autocomplete
              label={t('audit.filter.action')}
              data={COMMON_ACTIONS}
              value={draft.action ?? ''}
              onChange={(value) => set('action', value)}
              w={200}
            />
            <TextInput
              type="date"
              label={t('audit.filter.from')}
              value={draft.fromDate ?? ''}
              onChange={(event) => set('fromDate', event.currentTarget.value)}
              w={170}
            />
            <TextInput
              type="date"
              label={t('audit.filter.to')}
              value={draft.toDate ?? ''}
              onChange={(event) => set('toDate', event.currentTarget.value)}
              w={170}
            />
          </Group>
          <Group gap="sm">
            <Button type="submit">{t('audit.filter.apply')}</Button>
            <Button variant="default" onClick={clear}>
              {t('audit.filter.clear')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <ProblemAlert error={events.error} />
      {events.isPending && <Loader aria-label={t('app.loading')} />}
      {events.data && (
        <>
          <Text size="sm" role="status">
            {t('audit.count', { count: rows.length })}
          </Text>
          {rows.length > 0 && (
            <AuditTable
              events={rows}
              staffNames={staffNames}
              patientNames={patientNames}
              canOpenCharts={actions.includes('patient.read')}
            />
          )}
          {events.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void events.fetchNextPage()}
              loading={events.isFetchingNextPage}
              w="fit-content"
            >
              {t('audit.loadOlder')}
            </Button>
          )}
        </>
      )}
    </Page>
  );
}
