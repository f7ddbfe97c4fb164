// Eligibility per technique as the engine judged it, in colour and in words, with what each status means. The
// techniques never used come last: they are listed so nobody wonders whether they were considered.
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EligibilityStatus } from '../../../../clinical/findings.ts';
import { compareEligibility, EligibilityBadge } from '../../../components/eligibility.tsx';
import type { Screening } from '../api/screening.ts';

export function EligibilityTable({ screening }: { readonly screening: Screening }) {
  const { t } = useTranslation();
  const rows = Object.entries(screening.eligibility)
    .filter((entry): entry is [string, EligibilityStatus] => entry[1] !== undefined)
    .sort(([, a], [, b]) => compareEligibility(a, b));
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
