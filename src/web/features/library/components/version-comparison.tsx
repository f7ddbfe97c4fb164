// Two library versions side by side, limit by limit. A changed limit is shaded AND marked in words, so the difference
// does not rest on colour alone; "only changes" hides the rest.
import { Alert, Group, Loader, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { LibraryVersionSummary } from '../api/library.ts';
import { useLibraryVersion } from '../api/library.ts';
import type { ComparisonRow } from '../lib/compare-versions.ts';
import { compareLibraries } from '../lib/compare-versions.ts';

function useCellText() {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  return (value: number | boolean | undefined) =>
    value === undefined
      ? t('library.compare.notSet')
      : typeof value === 'boolean'
        ? t(value ? 'library.compare.enabled' : 'library.compare.disabled')
        : number.format(value);
}

function Cell({
  value,
  changed,
}: {
  readonly value: number | boolean | undefined;
  readonly changed: boolean;
}) {
  const { t } = useTranslation();
  const text = useCellText();
  return (
    <Table.Td bg={changed ? 'yellow.2' : undefined}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={changed ? 700 : 400}>
          {text(value)}
        </Text>
        {changed && (
          <Text size="xs" fw={700} c="gray.9">
            {t('library.compare.changedMarker')}
          </Text>
        )}
      </Group>
    </Table.Td>
  );
}

export function VersionComparison({
  versions,
  leftId,
  rightId,
  onChange,
}: {
  readonly versions: readonly LibraryVersionSummary[];
  readonly leftId: string | null;
  readonly rightId: string | null;
  readonly onChange: (left: string | null, right: string | null) => void;
}) {
  const { t } = useTranslation();
  const [onlyChanges, setOnlyChanges] = useState(false);
  const left = useLibraryVersion(leftId);
  const right = useLibraryVersion(rightId);
  const options = versions.map((v) => ({
    value: v.id,
    label: `${v.version} · ${t(`library.status.${v.status}`)}`,
  }));
  const leftName = versions.find((v) => v.id === leftId)?.version ?? '';
  const rightName = versions.find((v) => v.id === rightId)?.version ?? '';

  const rows: ComparisonRow[] =
    left.data && right.data ? compareLibraries(left.data.library, right.data.library) : [];
  const changes = rows.filter((row) => row.changed).length;
  const shown = onlyChanges ? rows.filter((row) => row.changed) : rows;
  const fieldName = (row: ComparisonRow) => t(`library.field.${row.field}`);
  const limitName = (row: ComparisonRow) => (row.limit === 'value' ? '' : t(`library.limit.${row.limit}`));

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('library.compare.title')}
      </Title>
      <Group align="flex-end">
        <Select
          label={t('library.compare.left')}
          data={options}
          value={leftId}
          onChange={(value) => onChange(value, rightId)}
          allowDeselect={false}
          w={260}
        />
        <Select
          label={t('library.compare.right')}
          data={options}
          value={rightId}
          onChange={(value) => onChange(leftId, value)}
          allowDeselect={false}
          w={260}
        />
        <Switch
          label={t('library.compare.onlyChanges')}
          checked={onlyChanges}
          onChange={(event) => setOnlyChanges(event.currentTarget.checked)}
          mb={8}
        />
      </Group>
      <ProblemAlert error={left.error ?? right.error} />
      {(left.isLoading || right.isLoading) && <Loader size="sm" aria-label={t('app.loading')} />}
      {left.data && right.data && (
        <>
          <Text role="status" size="sm">
            {changes === 0
              ? t('library.compare.noChanges', { left: leftName, right: rightName })
              : t('library.compare.changes', { count: changes, left: leftName, right: rightName })}
          </Text>
          {shown.length === 0 ? (
            <Alert color="gray" variant="light">
              {t('library.compare.nothingToShow')}
            </Alert>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table withTableBorder withColumnBorders verticalSpacing={4}>
                <Table.Caption style={{ color: 'var(--mantine-color-gray-7)' }}>
                  {t('library.compare.caption', { left: leftName, right: rightName })}
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('library.compare.technique')}</Table.Th>
                    <Table.Th scope="col">{t('library.compare.value')}</Table.Th>
                    <Table.Th scope="col">{t('library.compare.limit')}</Table.Th>
                    <Table.Th scope="col">{leftName}</Table.Th>
                    <Table.Th scope="col">{rightName}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((row) => (
                    <Table.Tr key={`${row.technique}|${row.field}|${row.limit}`}>
                      <Table.Td>{t(`technique.${row.technique}`)}</Table.Td>
                      <Table.Td>{fieldName(row)}</Table.Td>
                      <Table.Td>{limitName(row)}</Table.Td>
                      <Cell value={row.left} changed={row.changed} />
                      <Cell value={row.right} changed={row.changed} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Stack>
  );
}
