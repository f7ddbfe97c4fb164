// Labs, medications and conditions as screening reads them now, each with when it was observed, where it came from
// (entered at the clinic, or imported from a document such as an IPS, with the resource) and who recorded it.
import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { RecordedFact } from '../api/record.ts';
import { useFacts } from '../api/record.ts';
import { useFactValueText } from './fact-value.tsx';
import { formatDate, formatDateTime } from './patient-format.ts';

/** How the page groups the fact kinds screening reads (store/clinical-fact.table.ts). */
const GROUPS = [
  {
    key: 'labs',
    kinds: [
      'haemoglobinGPerDl',
      'g6pd',
      'plateletsE9PerL',
      'inr',
      'tshMiuPerL',
      'freeT4AboveRange',
      'weightKg',
      'heightCm',
    ],
  },
  { key: 'medications', kinds: ['medications'] },
  {
    key: 'conditions',
    kinds: [
      'pregnancy',
      'hyperthyroidism',
      'thrombocytopenia',
      'coagulationDisorder',
      'cardiovascularInstability',
      'myocardialInfarction',
      'seizureDisorder',
      'alcoholIntoxication',
      'ozoneIntolerance',
      'deceased',
    ],
  },
] as const;

const KNOWN_KINDS: ReadonlySet<string> = new Set(GROUPS.flatMap((group) => group.kinds));

function Source({ fact }: { readonly fact: RecordedFact }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Badge color={fact.source === 'import' ? 'violet.9' : 'gray.7'} variant="filled" radius="sm">
        {t(`records.source.${fact.source}`)}
      </Badge>
      {fact.source === 'import' && (
        <Text size="xs" c="gray.7">
          <code>{fact.provenance.resource}</code>
          {fact.provenance.code && (
            <>
              {' '}
              · <code>{fact.provenance.code}</code>
            </>
          )}
        </Text>
      )}
    </Stack>
  );
}

function FactTable({ title, facts }: { readonly title: string; readonly facts: readonly RecordedFact[] }) {
  const { t, i18n } = useTranslation();
  const valueText = useFactValueText();
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {facts.length === 0 ? (
          <Text size="sm">{t('records.noneRecorded')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('records.column.what')}</Table.Th>
                  <Table.Th scope="col">{t('records.column.value')}</Table.Th>
                  <Table.Th scope="col">{t('records.column.effective')}</Table.Th>
                  <Table.Th scope="col">{t('records.column.source')}</Table.Th>
                  <Table.Th scope="col">{t('records.column.recorded')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {facts.map((fact) => (
                  <Table.Tr key={fact.id} data-fact-kind={fact.kind}>
                    <Table.Th scope="row" fw={500}>
                      {t(`records.fact.${fact.kind}`, { defaultValue: fact.kind })}
                    </Table.Th>
                    <Table.Td>{valueText(fact.kind, fact.value)}</Table.Td>
                    <Table.Td>{formatDate(fact.effective, i18n.language) || '—'}</Table.Td>
                    <Table.Td>
                      <Source fact={fact} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(fact.recordedAt, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

/** Newest observation first within a group: the value screening weighs most is on top. */
const newestFirst = (a: RecordedFact, b: RecordedFact): number =>
  (b.effective ?? b.recordedAt).localeCompare(a.effective ?? a.recordedAt);

export function RecordsPage() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const facts = useFacts(patientId);
  const all = facts.data ?? [];
  const imported = all.filter((fact) => fact.source === 'import').length;
  const other = all.filter((fact) => !KNOWN_KINDS.has(fact.kind));
  return (
    <Page
      title={t('records.title')}
      subtitle={facts.data ? t('records.summary', { count: all.length, imported }) : undefined}
    >
      <ProblemAlert error={facts.error} />
      {facts.isPending && <Text>{t('app.loading')}</Text>}
      {facts.data &&
        GROUPS.map((group) => (
          <FactTable
            key={group.key}
            title={t(`records.group.${group.key}`)}
            facts={all
              .filter((fact) => (group.kinds as readonly string[]).includes(fact.kind))
              .sort(newestFirst)}
          />
        ))}
      {other.length > 0 && <FactTable title={t('records.group.other')} facts={other} />}
    </Page>
  );
}
