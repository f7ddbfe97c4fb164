// Importing a traveller's IPS or another FHIR R4 Bundle (a JSON file): the server matches or registers the patient,
// keeps each fact with the resource it came from and screens again; the report says what was taken, what was
// skipped and why, and links to the chart. Nothing is written when the server refuses the document.
import { Alert, Button, Group, Input, Modal, Stack, Text } from '@mantine/core';
import type { FormEvent } from 'react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useImportBundle } from '../api/patients.ts';
import { ImportReportView } from './import-report.tsx';

/** The file's JSON, or why it is not a FHIR document at all (checked here so the server sees only JSON). */
async function readJson(file: File): Promise<{ json: unknown } | { problem: 'not-json' | 'not-bundle' }> {
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return { problem: 'not-json' };
  }
  const isBundle =
    typeof json === 'object' &&
    json !== null &&
    (json as { resourceType?: unknown }).resourceType === 'Bundle';
  return isBundle ? { json } : { problem: 'not-bundle' };
}

export function ImportDocumentDialog({
  opened,
  onClose,
}: {
  readonly opened: boolean;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const fileErrorId = useId();
  const importBundle = useImportBundle();
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<'not-json' | 'not-bundle' | 'none-chosen' | null>(null);

  const close = () => {
    setFile(null);
    setFileProblem(null);
    importBundle.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileProblem('none-chosen');
      return;
    }
    const read = await readJson(file);
    if ('problem' in read) {
      setFileProblem(read.problem);
      return;
    }
    setFileProblem(null);
    importBundle.mutate(read.json);
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('import.title')}
      size="xl"
      closeButtonProps={{ 'aria-label': t('patients.closeDialog') }}
    >
      {importBundle.data ? (
        <Stack gap="md">
          <ImportReportView report={importBundle.data} fileName={file?.name} />
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                setFile(null);
                importBundle.reset();
              }}
            >
              {t('import.another')}
            </Button>
            <Button onClick={close}>{t('import.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('import.help')}</Text>
            <Input.Wrapper
              label={t('import.file')}
              description={
                <Text span size="xs" c="gray.7">
                  {t('import.fileHelp')}
                </Text>
              }
              id={inputId}
            >
              <input
                id={inputId}
                type="file"
                accept=".json,application/json,application/fhir+json"
                aria-invalid={fileProblem ? true : undefined}
                aria-describedby={fileProblem ? fileErrorId : undefined}
                onChange={(event) => {
                  setFile(event.currentTarget.files?.[0] ?? null);
                  setFileProblem(null);
                  importBundle.reset();
                }}
                style={{ display: 'block', marginTop: 6 }}
              />
            </Input.Wrapper>
            {fileProblem && (
              <Alert color="red" role="alert" id={fileErrorId}>
                {t(`import.fileProblem.${fileProblem}`)}
              </Alert>
            )}
            {file && (
              <Alert color="gray" variant="light">
                {t('import.chosen', { name: file.name, size: Math.ceil(file.size / 1024) })}
              </Alert>
            )}
            <ProblemAlert error={importBundle.error} title={t('import.failed')} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('app.cancel')}
              </Button>
              <Button type="submit" loading={importBundle.isPending}>
                {t('import.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
