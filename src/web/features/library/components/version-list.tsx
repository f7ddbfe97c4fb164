// Every library version, oldest first: status, base, note, who made and approved it. The medical director approves a
// draft from here, after a confirmation that says what approval means for care.
import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { StaffMember } from '../../../lib/staff.ts';
import type { LibraryVersionSummary } from '../api/library.ts';
import { useApproveVersion } from '../api/library.ts';
import { VersionStatusBadge } from './status-badge.tsx';

export function useDateTime() {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso: string) => format.format(new Date(iso));
}

export function VersionList({
  versions,
  inUseId,
  staff,
  canApprove,
  onCompare,
}: {
  readonly versions: readonly LibraryVersionSummary[];
  readonly inUseId: string | undefined;
  readonly staff: ReadonlyMap<string, StaffMember>;
  readonly canApprove: boolean;
  readonly onCompare: (left: string, right: string) => void;
}) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const approve = useApproveVersion();
  const [approving, setApproving] = useState<LibraryVersionSummary | null>(null);
  const nameOf = (id: string) => staff.get(id)?.displayName ?? t('library.colleague');
  const versionName = (id: string | undefined) => versions.find((v) => v.id === id)?.version;

  const confirm = async () => {
    if (!approving) return;
    await approve.mutateAsync(approving.id).catch(() => undefined);
    setApproving(null);
  };

  return (
    <Stack gap="xs">
      <ProblemAlert error={approve.error} title={t('library.approveFailed')} />
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder verticalSpacing="xs">
          <Table.Caption style={{ color: 'var(--mantine-color-gray-7)' }}>
            {t('library.versions.caption')}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('library.versions.version')}</Table.Th>
              <Table.Th scope="col">{t('library.versions.status')}</Table.Th>
              <Table.Th scope="col">{t('library.versions.basedOn')}</Table.Th>
              <Table.Th scope="col">{t('library.versions.note')}</Table.Th>
              <Table.Th scope="col">{t('library.versions.created')}</Table.Th>
              <Table.Th scope="col">{t('library.versions.approved')}</Table.Th>
              <Table.Th scope="col">{t('library.versions.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((version) => (
              <Table.Tr key={version.id}>
                <Table.Th scope="row">{version.version}</Table.Th>
                <Table.Td>
                  <VersionStatusBadge status={version.status} inUse={version.id === inUseId} />
                </Table.Td>
                <Table.Td>{versionName(version.basedOn) ?? '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={3}>
                    {version.changeNote ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{dateTime(version.createdAt)}</Text>
                  <Text size="xs" c="gray.7">
                    {nameOf(version.createdBy)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {version.approvedAt ? (
                    <>
                      <Text size="sm">{dateTime(version.approvedAt)}</Text>
                      <Text size="xs" c="gray.7">
                        {version.approvedBy ? nameOf(version.approvedBy) : ''}
                      </Text>
                    </>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {version.basedOn && (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => onCompare(version.basedOn!, version.id)}
                        aria-label={t('library.compareWithBase', { version: version.version })}
                      >
                        {t('library.compare')}
                      </Button>
                    )}
                    {canApprove && version.status === 'draft' && (
                      <Button size="xs" onClick={() => setApproving(version)}>
                        {t('library.approveVersion', { version: version.version })}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={approving !== null}
        onClose={() => setApproving(null)}
        title={t('library.approveTitle', { version: approving?.version ?? '' })}
      >
        <Stack>
          <Text size="sm">{t('library.approveExplain')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setApproving(null)}>
              {t('app.cancel')}
            </Button>
            <Button loading={approve.isPending} onClick={() => void confirm()}>
              {t('library.approveConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
