// Eligibility per technique at a glance, from the latest screening: each technique's name and the engine's status
// in colour AND words, with the status explained on hover and for screen readers. Never decided here.
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TECHNIQUE_CODES } from '../../../../clinical/techniques.ts';
import { compareEligibility, EligibilityBadge } from '../../../components/eligibility.tsx';
import type { Screening } from '../api/record.ts';

export function EligibilityTable({ eligibility }: { readonly eligibility: Screening['eligibility'] }) {
  const { t } = useTranslation();
  const rows = TECHNIQUE_CODES.flatMap((code) => {
    const status = eligibility[code];
    return status ? [{ code, status }] : [];
  }).sort((a, b) => compareEligibility(a.status, b.status));
  if (rows.length === 0) return <Text size="sm">{t('summary.noEligibility')}</Text>;
  return (
    <Table withTableBorder verticalSpacing={4}>
      <Table.Caption c="gray.7">{t('summary.eligibilityCaption')}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('summary.technique')}</Table.Th>
          <Table.Th scope="col">{t('summary.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ code, status }) => (
          <Table.Tr key={code} data-technique={code}>
            <Table.Th scope="row" fw={400}>
              {t(`technique.${code}`)}
            </Table.Th>
            <Table.Td>
              <EligibilityBadge status={status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
