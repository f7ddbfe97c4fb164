// Eligibility per technique at a glance, from the latest screening: each technique's name and the engine's status
// in colour AND words, with the status explained on hover and for screen readers. Never decided here.
import { Badge, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TECHNIQUE_CODES } from '../../../../clinical/techniques.ts';
import type { EligibilityStatus, Screening } from '../api/record.ts';

export const ELIGIBILITY_COLOR: Readonly<Record<EligibilityStatus, string>> = {
  eligible: 'teal.9',
  // Mantine's orange.9 and green.9 give white text under 4.5:1; these shades pass WCAG AA.
  caution: '#b5470b',
  'needs-data': 'blue.9',
  contraindicated: 'red.9',
  disabled: 'gray.7',
  prohibited: 'dark.7',
};

/** Techniques the clinic might use first, then the ones it does not offer, then the ones never used. */
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
    <Tooltip label={t(`eligibility.${status}.explain`)} multiline w={280} withArrow>
      <Badge color={ELIGIBILITY_COLOR[status]} variant="filled" radius="sm" data-eligibility={status}>
        {t(`eligibility.${status}`)}
      </Badge>
    </Tooltip>
  );
}

export function EligibilityTable({ eligibility }: { readonly eligibility: Screening['eligibility'] }) {
  const { t } = useTranslation();
  const rows = TECHNIQUE_CODES.flatMap((code) => {
    const status = eligibility[code];
    return status ? [{ code, status }] : [];
  }).sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
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
