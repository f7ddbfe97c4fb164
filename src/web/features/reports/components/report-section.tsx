// One report section: a bar chart and, beside it, the same numbers as a table (the table is what screen readers and
// the CSV read), with a button that downloads exactly those numbers as CSV.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Box, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsvCell } from '../lib/csv.ts';
import { downloadCsv, toCsv } from '../lib/csv.ts';

export interface Column<Row> {
  readonly header: string;
  /** The raw value, as the CSV holds it (rates as percentages, numbers unformatted). */
  readonly value: (row: Row) => CsvCell;
  /** How the table shows it; defaults to a localised number. */
  readonly display?: (row: Row) => ReactNode;
}

export interface ReportSectionProps<Row> {
  readonly id: string;
  readonly title: string;
  readonly summary?: ReactNode;
  readonly rows: readonly Row[];
  readonly columns: readonly Column<Row>[];
  /** The bar's category (the first column's words) and the one value the bars show. */
  readonly chart: { readonly label: (row: Row) => string; readonly value: (row: Row) => number | undefined };
  readonly chartLabel: string;
  readonly csvName: string;
}

export function ReportSection<Row>({
  id,
  title,
  summary,
  rows,
  columns,
  chart,
  chartLabel,
  csvName,
}: ReportSectionProps<Row>) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  const show = (cell: CsvCell) => (typeof cell === 'number' ? number.format(cell) : (cell ?? '—'));
  const data = rows.map((row) => ({ label: chart.label(row), value: chart.value(row) ?? 0 }));
  const download = () =>
    downloadCsv(
      csvName,
      toCsv(
        columns.map((column) => column.header),
        rows.map((row) => columns.map((column) => column.value(row))),
      ),
    );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`${id}-title`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={3} size="h4" id={`${id}-title`}>
            {title}
          </Title>
          <Button
            size="xs"
            variant="default"
            onClick={download}
            aria-label={t('reports.downloadCsvOf', { section: title })}
          >
            {t('reports.downloadCsv')}
          </Button>
        </Group>
        {summary && <Text size="sm">{summary}</Text>}
        {rows.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('reports.nothingYet')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Box role="img" aria-label={t('reports.chartOf', { what: chartLabel })}>
              <BarChart
                h={Math.max(180, rows.length * 36 + 60)}
                data={data}
                dataKey="label"
                orientation="vertical"
                yAxisProps={{ width: 170 }}
                series={[{ name: 'value', label: chartLabel, color: 'blue.8' }]}
                valueFormatter={(value) => number.format(value)}
                barChartProps={{ accessibilityLayer: false }}
                withTooltip={false}
              />
            </Box>
            <Table striped withTableBorder verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((column) => (
                    <Table.Th scope="col" key={column.header}>
                      {column.header}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  <Table.Tr key={index}>
                    {columns.map((column, c) =>
                      c === 0 ? (
                        <Table.Th scope="row" key={column.header} fw={500}>
                          {column.display ? column.display(row) : show(column.value(row))}
                        </Table.Th>
                      ) : (
                        <Table.Td key={column.header}>
                          {column.display ? column.display(row) : show(column.value(row))}
                        </Table.Td>
                      ),
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </SimpleGrid>
        )}
      </Stack>
    </Paper>
  );
}
