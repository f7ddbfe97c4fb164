// The medical director's editor: start from a version, change soft and hard limits technique by technique, and save
// them as a new draft (nothing changes for care until the draft is approved). The server checks that the limits are
// ordered and that no prohibited technique is enabled; its refusal is shown as it explains it.
import {
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import type { LibraryVersion, LibraryVersionSummary } from '../api/library.ts';
import { useCreateDraft, useLibraryVersion } from '../api/library.ts';
import type { RangeField, RangeLimit } from '../lib/compare-versions.ts';
import { RANGE_FIELDS, RANGE_LIMITS } from '../lib/compare-versions.ts';

type Range = Record<RangeLimit, number>;
type Edits = Record<string, Partial<Record<RangeField, Range>>>;
type Entries = LibraryVersion['library']['entries'];

function RangeEditor({
  entry,
  edits,
  onEdit,
}: {
  readonly entry: NonNullable<Entries[keyof Entries]>;
  readonly edits: Partial<Record<RangeField, Range>>;
  readonly onEdit: (field: RangeField, range: Range) => void;
}) {
  const { t } = useTranslation();
  const fields = RANGE_FIELDS.filter((field) => entry[field] !== undefined);
  return (
    <Table withTableBorder verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('library.compare.value')}</Table.Th>
          {RANGE_LIMITS.map((limit) => (
            <Table.Th scope="col" key={limit}>
              {t(`library.limit.${limit}`)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map((field) => {
          const base = entry[field]!;
          const current = edits[field] ?? base;
          return (
            <Table.Tr key={field}>
              <Table.Th scope="row">{t(`library.field.${field}`)}</Table.Th>
              {RANGE_LIMITS.map((limit) => (
                <Table.Td key={limit}>
                  <NumberInput
                    aria-label={t('library.edit.limitLabel', {
                      field: t(`library.field.${field}`),
                      limit: t(`library.limit.${limit}`),
                    })}
                    value={current[limit]}
                    min={0}
                    decimalScale={2}
                    onChange={(value) => {
                      if (typeof value === 'number') onEdit(field, { ...current, [limit]: value });
                    }}
                    styles={
                      current[limit] !== base[limit]
                        ? { input: { fontWeight: 700, borderWidth: 2 } }
                        : undefined
                    }
                    w={120}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Only what differs from the base: whole ranges, as the API takes them. */
function changedEntries(edits: Edits, base: Entries): Edits {
  const changed: Edits = {};
  for (const [technique, fields] of Object.entries(edits)) {
    const entry = base[technique as keyof Entries];
    for (const [field, range] of Object.entries(fields) as [RangeField, Range][]) {
      const original = entry?.[field];
      if (original && RANGE_LIMITS.every((limit) => original[limit] === range[limit])) continue;
      changed[technique] = { ...changed[technique], [field]: range };
    }
  }
  return changed;
}

export function DraftEditor({
  versions,
  defaultBaseId,
  onCreated,
}: {
  readonly versions: readonly LibraryVersionSummary[];
  readonly defaultBaseId: string | null;
  readonly onCreated: (draft: LibraryVersion) => void;
}) {
  const { t } = useTranslation();
  const [baseId, setBaseId] = useState<string | null>(defaultBaseId);
  const [technique, setTechnique] = useState<string | null>(null);
  const [edits, setEdits] = useState<Edits>({});
  const [note, setNote] = useState('');
  const base = useLibraryVersion(baseId);
  const create = useCreateDraft();
  const entries = base.data?.library.entries ?? {};
  const techniques = Object.keys(entries);
  const selected = technique ?? techniques[0] ?? null;
  const entry = selected ? entries[selected as keyof Entries] : undefined;
  const changed = changedEntries(edits, entries);
  const changedCount = Object.values(changed).reduce((n, fields) => n + Object.keys(fields).length, 0);

  const save = async () => {
    if (!baseId) return;
    const draft = await create
      .mutateAsync({ basedOn: baseId, entries: changed, ...(note.trim() ? { note: note.trim() } : {}) })
      .catch(() => undefined);
    if (draft) {
      setEdits({});
      setNote('');
      onCreated(draft);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="library-draft-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="library-draft-title">
          {t('library.edit.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('library.edit.help')}
        </Text>
        <Group align="flex-end">
          <Select
            label={t('library.edit.base')}
            data={versions.map((v) => ({
              value: v.id,
              label: `${v.version} · ${t(`library.status.${v.status}`)}`,
            }))}
            value={baseId}
            onChange={(value) => {
              setBaseId(value);
              setEdits({});
            }}
            allowDeselect={false}
            w={260}
          />
          <Select
            label={t('library.edit.technique')}
            data={techniques.map((code) => ({ value: code, label: t(`technique.${code}`) }))}
            value={selected}
            onChange={setTechnique}
            allowDeselect={false}
            searchable
            w={320}
          />
        </Group>
        {entry && selected && (
          <RangeEditor
            entry={entry}
            edits={edits[selected] ?? {}}
            onEdit={(field, range) =>
              setEdits((previous) => ({ ...previous, [selected]: { ...previous[selected], [field]: range } }))
            }
          />
        )}
        <Textarea
          label={t('library.edit.note')}
          description={t('library.edit.noteHelp')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
          styles={{ description: { color: 'var(--mantine-color-gray-7)' } }}
        />
        <ProblemAlert error={create.error} title={t('library.edit.failed')} />
        <Group>
          <Button onClick={() => void save()} disabled={changedCount === 0} loading={create.isPending}>
            {t('library.edit.save')}
          </Button>
          <Text size="sm" c="gray.7" role="status">
            {t('library.edit.changedCount', { count: changedCount })}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
