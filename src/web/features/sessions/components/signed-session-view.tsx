// A signed session, read-only: what was recorded (amendments applied by the server), who signed it on which day-of
// check, its adverse events, and every correction listed as an amendment with its reason. Corrections never edit the
// signed record; they are appended here.
import {
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { SessionUser } from '../../auth/api/session.ts';
import type { SessionRecord } from '../api/sessions.ts';
import { useStaff } from '../../../lib/staff.ts';
import { useAmendSession } from '../api/sessions.ts';
import { AdverseEventsPanel } from './adverse-events-panel.tsx';
import { DayOfCheck } from './day-of-check.tsx';
import { CHECKLIST, VITALS } from './draft-form.ts';
import { DOSE_FIELDS, formatDateTime } from './session-format.ts';

const AMENDABLE = ['notes', ...DOSE_FIELDS] as const;
type AmendableField = (typeof AMENDABLE)[number];

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

export function SignedSessionView({
  record,
  user,
}: {
  readonly record: SessionRecord;
  readonly user: SessionUser;
}) {
  const { t } = useTranslation();
  const { session } = record;
  const staff = useStaff(user.actions.includes('session.write'));
  const nameOf = (id: string | undefined) =>
    id === undefined ? '—' : (staff.data?.find((member) => member.id === id)?.displayName ?? id);
  const amendedFields = new Set(record.amendments.map((amendment) => amendment.field));
  const amendedMark = (field: string) =>
    amendedFields.has(field) ? (
      <Badge ml="xs" size="sm" color="grape.9">
        {t('runner.amended')}
      </Badge>
    ) : null;

  const rows: [string, string, string][] = [
    ['startedAt', t('runner.startedAt'), formatDateTime(session.startedAt)],
    ['signedBy', t('runner.signedBy'), `${nameOf(session.signedBy)} · ${formatDateTime(session.signedAt)}`],
    ['operator', t('runner.staff.operator'), nameOf(session.operator?.id)],
    ['supervisingPhysicianId', t('runner.staff.supervisor'), nameOf(session.supervisingPhysicianId)],
    ...VITALS.filter((vital) => session.vitals[vital] !== undefined).map(
      (vital): [string, string, string] => [
        'vitals',
        t(`runner.vitals.${vital}`),
        String(session.vitals[vital]),
      ],
    ),
    [
      'generatorReading',
      t('runner.generator.concentration'),
      show(session.generatorReading?.concentrationUgPerMl),
    ],
    ...DOSE_FIELDS.map((field): [string, string, string] => [
      field,
      t(`sessions.dose.${field}`),
      show(session.administered[field]),
    ]),
    [
      'checklist',
      t('runner.step.checklist'),
      t('runner.checklistDone', {
        done: CHECKLIST.filter((item) => session.checklist[item]).length,
        total: CHECKLIST.length,
      }),
    ],
    ['notes', t('runner.notes'), session.notes ?? '—'],
  ];

  return (
    <Stack gap="lg">
      <Text>{t('runner.signedReadOnly')}</Text>
      <Table withTableBorder aria-label={t('runner.recordLabel')}>
        <Table.Tbody>
          {rows.map(([field, label, value], i) => (
            <Table.Tr key={`${field}-${i}`}>
              <Table.Th scope="row" w="35%">
                {label}
              </Table.Th>
              <Table.Td>
                {value}
                {amendedMark(field)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Stack gap="xs" component="section" aria-labelledby="signed-check-heading">
        <Title order={2} size="h3" id="signed-check-heading">
          {t('runner.signedCheck')}
        </Title>
        <DayOfCheck session={session} />
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="signed-adverse-heading">
        <Title order={2} size="h3" id="signed-adverse-heading">
          {t('runner.step.adverse-events')}
        </Title>
        <AdverseEventsPanel record={record} user={user} />
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="amendments-heading">
        <Title order={2} size="h3" id="amendments-heading">
          {t('runner.amendments.title')}
        </Title>
        {record.amendments.length === 0 ? (
          <Text>{t('runner.amendments.none')}</Text>
        ) : (
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('runner.amendments.field')}</Table.Th>
                <Table.Th scope="col">{t('runner.amendments.was')}</Table.Th>
                <Table.Th scope="col">{t('runner.amendments.now')}</Table.Th>
                <Table.Th scope="col">{t('runner.amendments.reason')}</Table.Th>
                <Table.Th scope="col">{t('runner.amendments.by')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {record.amendments.map((amendment) => (
                <Table.Tr key={amendment.id}>
                  <Table.Td>{fieldLabel(amendment.field, t)}</Table.Td>
                  <Table.Td>{show(amendment.oldValue)}</Table.Td>
                  <Table.Td>{show(amendment.newValue)}</Table.Td>
                  <Table.Td>{amendment.reason}</Table.Td>
                  <Table.Td>
                    {nameOf(amendment.amendedBy)} · {formatDateTime(amendment.amendedAt)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {user.actions.includes('session.amend') && <AmendmentForm sessionId={session.id} />}
      </Stack>
    </Stack>
  );
}

function fieldLabel(field: string, t: (key: string) => string): string {
  if (field === 'notes') return t('runner.notes');
  if ((DOSE_FIELDS as readonly string[]).includes(field)) return t(`sessions.dose.${field}`);
  return field;
}

function AmendmentForm({ sessionId }: { readonly sessionId: string }) {
  const { t } = useTranslation();
  const amend = useAmendSession(sessionId);
  const [field, setField] = useState<AmendableField>('notes');
  const [text, setText] = useState('');
  const [amount, setAmount] = useState<number | ''>('');
  const [reason, setReason] = useState('');
  const value = field === 'notes' ? text.trim() || null : amount === '' ? null : amount;
  const ready = reason.trim().length > 0 && (field !== 'notes' || value !== null);

  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('runner.amendments.add')}
        </Title>
        <NativeSelect
          label={t('runner.amendments.field')}
          value={field}
          onChange={(event) => setField(event.currentTarget.value as AmendableField)}
          data={AMENDABLE.map((name) => ({ value: name, label: fieldLabel(name, t) }))}
        />
        {field === 'notes' ? (
          <Textarea
            label={t('runner.amendments.correctedValue')}
            value={text}
            autosize
            minRows={2}
            onChange={(event) => setText(event.currentTarget.value)}
          />
        ) : (
          <NumberInput
            label={t('runner.amendments.correctedValue')}
            value={amount}
            min={0}
            decimalScale={1}
            onChange={(next) => setAmount(typeof next === 'number' ? next : '')}
          />
        )}
        <Textarea
          label={t('runner.amendments.reason')}
          value={reason}
          autosize
          minRows={2}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <Group>
          <Button
            variant="outline"
            disabled={!ready}
            loading={amend.isPending}
            onClick={() =>
              amend.mutate(
                { field, value, reason: reason.trim() },
                {
                  onSuccess: () => {
                    setText('');
                    setAmount('');
                    setReason('');
                  },
                },
              )
            }
          >
            {t('runner.amendments.save')}
          </Button>
        </Group>
        <ProblemAlert error={amend.error} />
      </Stack>
    </Paper>
  );
}
