// A library version's status in colour AND words; the approved version care uses now is marked "in use".
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LibraryVersionSummary } from '../api/library.ts';

const STATUS_COLOR: Readonly<Record<LibraryVersionSummary['status'], string>> = {
  template: 'gray.7',
  draft: 'blue.9',
  approved: 'green.9',
};

export function VersionStatusBadge({
  status,
  inUse,
}: {
  readonly status: LibraryVersionSummary['status'];
  readonly inUse: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Badge color={inUse ? 'teal.9' : STATUS_COLOR[status]} variant="filled" radius="sm">
      {inUse ? t('library.status.in-use') : t(`library.status.${status}`)}
    </Badge>
  );
}
