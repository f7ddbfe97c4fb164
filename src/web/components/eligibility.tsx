// A technique's eligibility as the engine judged it, shown the same way on every page: one colour per status (always
// with its words beside it), one order (what the clinic might use first, then what it cannot), one badge.
import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EligibilityStatus } from '../../clinical/findings.ts';

/** Palette names (the theme darkens the warm ones so white text on them passes WCAG AA). */
export const ELIGIBILITY_COLOR: Readonly<Record<EligibilityStatus, string>> = {
  eligible: 'green.9',
  caution: 'orange.9',
  'needs-data': 'blue.9',
  contraindicated: 'red.9',
  disabled: 'gray.7',
  prohibited: 'dark.7',
};

export const ELIGIBILITY_ORDER: readonly EligibilityStatus[] = [
  'eligible',
  'caution',
  'needs-data',
  'contraindicated',
  'disabled',
  'prohibited',
];

export const compareEligibility = (a: EligibilityStatus, b: EligibilityStatus): number =>
  ELIGIBILITY_ORDER.indexOf(a) - ELIGIBILITY_ORDER.indexOf(b);

/** The status in colour and words, explained on hover. */
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
