// One measure's trajectory: a line chart with the MCID line and the review point marked, and the same numbers in a
// table beside it (a chart alone is not accessible, and clinicians want the figures).
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Badge, Box, Grid, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OutcomeMeasureCode } from '../../../../clinical/goals.ts';
import { OUTCOME_MEASURES } from '../../../../clinical/goals.ts';
import type { CourseReview, MeasuredValue } from '../api/outcomes.ts';
import { mcidTarget } from './mcid.ts';

const formatWhen = (iso: string) =>
  new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** Chart categories must be unique: a second value in the same minute gets a counter. */
function uniqueLabels(isos: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return isos.map((iso) => {
    const label = formatWhen(iso);
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  });
}

export function OutcomeTrajectory({
  measure,
  values,
  review,
}: {
  readonly measure: OutcomeMeasureCode;
  readonly values: readonly MeasuredValue[];
  readonly review: CourseReview | undefined;
}) {
  const { t } = useTranslation();
  const definition = OUTCOME_MEASURES[measure];
  const engineResponse = review?.responses.find((response) => response.measure === measure);
  const baselineValue =
    engineResponse?.baseline ??
    values.filter((v) => v.phase === 'baseline').at(-1)?.value ??
    values[0]?.value;
  const target =
    definition.mcid && baselineValue !== undefined ? mcidTarget(definition.mcid, baselineValue) : undefined;
  const reachedAt = review?.reviewPointReached ? review.reachedAt : undefined;

  // The review point is a category of its own, placed in time among the measures.
  const points = [
    ...values.map((v) => ({ at: v.recordedAt, value: v.value })),
    ...(reachedAt ? [{ at: reachedAt, value: null }] : []),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const labels = uniqueLabels(points.map((point) => point.at));
  const data = points.map((point, i) => ({ when: labels[i]!, value: point.value }));
  const reviewLabel = reachedAt
    ? labels[points.findIndex((point) => point.at === reachedAt && point.value === null)]
    : undefined;
  const name = t(`measure.${measure}`);
  const unit = t(`measure.${measure}.unit`);
  const mcid = definition.mcid;
  const mcidText = mcid
    ? [
        ...(mcid.absolute !== undefined
          ? [t('outcomes.mcid.absolute', { absolute: mcid.absolute, unit })]
          : []),
        ...(mcid.relativePercent !== undefined
          ? [t('outcomes.mcid.relative', { percent: mcid.relativePercent })]
          : []),
      ].join(t('outcomes.mcid.or')) + ` (${t(`outcomes.mcid.${mcid.direction}`)})`
    : t('outcomes.mcid.none');

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`trajectory-${measure}`}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={`trajectory-${measure}`}>
          {name}
        </Title>
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Box component="figure" m={0} aria-label={t('outcomes.chartLabel', { measure: name })}>
              <LineChart
                h={260}
                data={data}
                dataKey="when"
                connectNulls
                withLegend={false}
                series={[{ name: 'value', label: name, color: 'blue.8' }]}
                referenceLines={[
                  ...(target !== undefined
                    ? [{ y: target, label: t('outcomes.mcid.line', { value: target }), color: 'red.9' }]
                    : []),
                  ...(reviewLabel
                    ? [{ x: reviewLabel, label: t('outcomes.reviewPoint'), color: 'grape.9' }]
                    : []),
                ]}
              />
            </Box>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Table withTableBorder striped aria-label={t('outcomes.tableLabel', { measure: name })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('outcomes.col.when')}</Table.Th>
                  <Table.Th scope="col">{t('outcomes.col.phase')}</Table.Th>
                  <Table.Th scope="col">{t('outcomes.col.value', { unit })}</Table.Th>
                  <Table.Th scope="col">{t('outcomes.col.change')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {values.map((v) => (
                  <Table.Tr key={v.id}>
                    <Table.Td>{formatWhen(v.recordedAt)}</Table.Td>
                    <Table.Td>{t(`outcomes.phase.${v.phase}`)}</Table.Td>
                    <Table.Td>{v.value}</Table.Td>
                    <Table.Td>
                      {baselineValue === undefined ? '—' : formatChange(v.value - baselineValue)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Stack gap={4} mt="xs">
              <Text size="sm">
                <strong>{t('outcomes.mcid.label')}</strong>: {mcidText}
              </Text>
              {target !== undefined && (
                <Text size="sm">{t('outcomes.mcid.target', { value: target, unit })}</Text>
              )}
              <Text size="sm">
                <strong>{t('outcomes.reviewPoint')}</strong>:{' '}
                {reachedAt ? formatWhen(reachedAt) : t('outcomes.reviewNotReached')}
              </Text>
              {engineResponse && (
                <Text size="sm">
                  {engineResponse.metMcid ? (
                    <Badge variant="outline" c="dark.9" color="green.9">
                      {t('outcomes.metMcid')}
                    </Badge>
                  ) : (
                    <Badge variant="outline" c="dark.9" color="orange.9">
                      {t('outcomes.notMetMcid')}
                    </Badge>
                  )}
                </Text>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </Paper>
  );
}

const formatChange = (change: number) => {
  const rounded = Math.round(change * 100) / 100;
  return rounded > 0 ? `+${rounded}` : String(rounded);
};
