// The facts screening reads now (history, medications, results), as recorded or imported: what the form adds to.
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RecordedFact } from '../lib/intake-form.ts';

const UNIT_OF: Readonly<Record<string, string>> = {
  weightKg: 'kg',
  heightCm: 'cm',
  haemoglobinGPerDl: 'g/dL',
  plateletsE9PerL: '×10⁹/L',
  tshMiuPerL: 'mIU/L',
};

function useFactValue() {
  const { t } = useTranslation();
  return (fact: RecordedFact): string => {
    const value = fact.value;
    if (typeof value === 'number')
      return UNIT_OF[fact.kind] ? `${value} ${UNIT_OF[fact.kind]}` : String(value);
    if (value === true)
      return fact.kind === 'freeT4AboveRange' ? t('intake.freeT4.yes') : t('intake.present');
    if (value === false) return t('intake.freeT4.no');
    if (typeof value === 'string') return fact.kind === 'g6pd' ? t(`intake.g6pd.${value}`) : value;
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      if (fact.kind === 'medications')
        return `${String(record.name)} (${t(`intake.drugClass.${String(record.drugClass)}`)})`;
      if (fact.kind === 'pregnancy')
        return t(
          record.basis === 'test'
            ? record.pregnant === true
              ? 'intake.pregnancy.positive-test'
              : 'intake.pregnancy.negative-test'
            : record.pregnant === true
              ? 'intake.pregnancy.pregnant'
              : 'intake.pregnancy.not-pregnant',
        );
      if (fact.kind === 'hyperthyroidism')
        return t(
          record.crisis === true ? 'intake.hyperthyroidism.crisis' : 'intake.hyperthyroidism.controlled',
        );
    }
    return JSON.stringify(value);
  };
}

export function FactsOnRecord({ facts }: { readonly facts: readonly RecordedFact[] }) {
  const { t, i18n } = useTranslation();
  const valueOf = useFactValue();
  if (facts.length === 0) return <Text size="sm">{t('intake.onRecord.none')}</Text>;
  const date = (value: string | undefined) =>
    value === undefined
      ? '—'
      : /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))
        ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
            new Date(value),
          )
        : value;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('intake.onRecord.what')}</Table.Th>
            <Table.Th>{t('intake.onRecord.value')}</Table.Th>
            <Table.Th>{t('intake.onRecord.date')}</Table.Th>
            <Table.Th>{t('intake.onRecord.source')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {facts.map((fact) => (
            <Table.Tr key={fact.id}>
              <Table.Td>{t(`intake.fact.${fact.kind}`)}</Table.Td>
              <Table.Td>{valueOf(fact)}</Table.Td>
              <Table.Td>{date(fact.effective)}</Table.Td>
              <Table.Td>
                {t(`intake.source.${fact.source}`)}
                {fact.source === 'import' && ` (${fact.provenance.resource})`}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
