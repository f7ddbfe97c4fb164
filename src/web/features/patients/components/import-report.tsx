// What an import did, as the clinician checks it against the sender's document: the patient matched or registered
// (and how), the document it came from, each resource taken (with the facts it gave) or skipped (with why), notes
// on what was read generously, and a link to the chart screened again.
import { Alert, Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportReport } from '../api/patients.ts';
import { formatDateTime } from './patient-format.ts';
import { FactValue } from './fact-value.tsx';

export function ImportReportView({
  report,
  fileName,
}: {
  readonly report: ImportReport;
  readonly fileName?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { patient, source } = report;
  const hardStops = report.screening.findings.filter((finding) => finding.severity === 'hard-stop').length;
  const warnings = report.screening.findings.filter((finding) => finding.severity === 'warning').length;
  return (
    <Stack gap="md" component="section" aria-label={t('import.report')}>
      <Alert color={patient.outcome === 'created' ? 'blue' : 'green'} role="status">
        <Stack gap={4}>
          <Text size="sm" fw={700}>
            {t('import.done')}
          </Text>
          <Text size="sm">
            {patient.outcome === 'created'
              ? t('import.patient.created')
              : patient.matchedBy === 'identifier'
                ? t('import.patient.matchedByIdentifier', { identifier: patient.identifier ?? '' })
                : t('import.patient.matchedByName')}
          </Text>
          {patient.added.length > 0 && (
            <Text size="sm">
              {t('import.patient.added', {
                fields: patient.added.map((field) => t(`import.field.${field}`)).join(', '),
              })}
            </Text>
          )}
          <Text size="sm">
            {t('import.counts', { imported: report.imported.length, skipped: report.skipped.length })}
          </Text>
          <Text size="sm">{t('import.screened', { hardStops, warnings })}</Text>
        </Stack>
      </Alert>
      <Group>
        <Button component={Link} to={`/patients/${patient.id}`}>
          {t('import.openChart')}
        </Button>
      </Group>

      <Stack gap={2}>
        <Title order={3} size="h4">
          {t('import.source')}
        </Title>
        <Text size="sm">
          {source.title ?? fileName ?? t('import.untitled')}
          {source.date && ` · ${formatDateTime(source.date, i18n.language)}`}
        </Text>
        <Text size="sm" c="gray.7">
          {t(`import.bundleType.${source.bundleType}`)}
          {source.system && ` · ${source.system}`}
        </Text>
        <Text size="xs" c="gray.7">
          SHA-256 <code>{report.documentSha256}</code>
        </Text>
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('import.imported', { count: report.imported.length })}
        </Title>
        {report.imported.length === 0 ? (
          <Text size="sm">{t('import.nothingImported')}</Text>
        ) : (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('import.column.resource')}</Table.Th>
                <Table.Th scope="col">{t('import.column.facts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.imported.map((entry) => (
                <Table.Tr key={entry.resource}>
                  <Table.Td>
                    <code>{entry.resource}</code>
                  </Table.Td>
                  <Table.Td>
                    <List size="sm">
                      {entry.facts.map((fact, i) => (
                        <List.Item key={i}>
                          {t(`records.fact.${fact.kind}`, { defaultValue: fact.kind })}:{' '}
                          <FactValue kind={fact.kind} value={fact.value} />
                          {fact.effective && ` (${fact.effective.slice(0, 10)})`}
                        </List.Item>
                      ))}
                    </List>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('import.skipped', { count: report.skipped.length })}
        </Title>
        {report.skipped.length > 0 && (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('import.column.resource')}</Table.Th>
                <Table.Th scope="col">{t('import.column.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.skipped.map((entry) => (
                <Table.Tr key={entry.resource}>
                  <Table.Td>
                    <code>{entry.resource}</code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color="gray.7" variant="filled" radius="sm" mr="xs">
                      {t(`import.skip.${entry.reason}`)}
                    </Badge>
                    <Text span size="sm" lang="en">
                      {entry.message}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      {report.notes.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('import.notes')}
          </Title>
          <List size="sm">
            {report.notes.map((note) => (
              <List.Item key={`${note.path}:${note.message}`}>
                <code>{note.path}</code>: <span lang="en">{note.message}</span>
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
