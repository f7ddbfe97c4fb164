// Eligibility per technique as the engine judged it, in colour and in words, with what each status means. The
// techniques never used come last: they are listed so nobody wonders whether they were considered.
import { Badge, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EligibilityStatus } from '../../../../clinical/findings.ts';
import type { Screening } from '../api/screening.ts';

export const ELIGIBILITY_COLOR: Readonly<Record<EligibilityStatus, string>> = {
  eligible: 'green.9',
  caution: '#9c3d00',
  'needs-data': 'indigo.9',
  contraindicated: 'red.9',
  disabled: 'gray.7',
  prohibited: 'dark.7',
};

const ORDER: readonly EligibilityStatus[] = [
  'eligible',
  'caution',
  'needs-data',
  'contraindicated',
  'disabled',
  'prohibited',
];

export function EligibilityBadge({ status }: { readonly status: EligibilityStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={ELIGIBILITY_COLOR[status]} variant="filled" radius="sm">
      {t(`eligibility.${status}`)}
    </Badge>
  );
}

export function EligibilityTable({ screening }: { readonly screening: Screening }) {
  const { t } = useTranslation();
  const rows = Object.entries(screening.eligibility)
    .filter((entry): entry is [string, EligibilityStatus] => entry[1] !== undefined)
    .sort(([, a], [, b]) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const findingsFor = (technique: string) =>
    screening.findings.filter((finding) => finding.techniques.includes(technique)).length;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('screening.eligibility.technique')}</Table.Th>
            <Table.Th>{t('screening.eligibility.status')}</Table.Th>
            <Table.Th>{t('screening.eligibility.meaning')}</Table.Th>
            <Table.Th>{t('screening.eligibility.findings')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([technique, status]) => (
            <Table.Tr key={technique} data-technique={technique} data-eligibility={status}>
              <Table.Td fw={600}>{t(`technique.${technique}`)}</Table.Td>
              <Table.Td>
                <EligibilityBadge status={status} />
              </Table.Td>
              <Table.Td>{t(`eligibility.${status}.explain`)}</Table.Td>
              <Table.Td>{findingsFor(technique)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
