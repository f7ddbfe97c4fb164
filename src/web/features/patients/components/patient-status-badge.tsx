// Where a patient stands, in colour and in words (the colour alone never carries the meaning).
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PatientStatus } from '../api/overview.ts';

const STATUS_COLOR: Readonly<Record<PatientStatus, string>> = {
  'awaiting-intake': 'gray.7',
  'awaiting-decision': 'blue.9',
  'in-treatment': 'teal.9',
  // Mantine's orange.9 gives white text only 4.3:1; this shade reaches 5.4:1.
  'no-ozone': '#b5470b',
  'course-closed': 'violet.9',
  deceased: 'dark.7',
};

export function PatientStatusBadge({ status }: { readonly status: PatientStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" radius="sm">
      {t(`patients.status.${status}`)}
    </Badge>
  );
}
