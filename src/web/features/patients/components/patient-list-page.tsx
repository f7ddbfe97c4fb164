// The clinic's patients: find one by name, open the chart, register a new patient, or import a traveller's IPS /
// FHIR document. The buttons appear only for roles the server lets do it (the session's actions).
import { Alert, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../../../components/page.tsx';
import { ProblemAlert } from '../../../components/problem-alert.tsx';
import { useSession } from '../../auth/api/session.ts';
import { useOverviews } from '../api/overview.ts';
import { PATIENT_PAGE_SIZE, usePatientSearch } from '../api/patients.ts';
import { ImportDocumentDialog } from './import-document-dialog.tsx';
import { NewPatientDialog } from './new-patient-dialog.tsx';
import { ageInYears, formatDate, patientName } from './patient-format.ts';
import { PatientStatusBadge } from './patient-status-badge.tsx';

export function PatientListPage() {
  const { t, i18n } = useTranslation();
  const actions = useSession().data?.user?.actions ?? [];
  const [name, setName] = useState('');
  const [debouncedName] = useDebouncedValue(name, 250);
  const [page, setPage] = useState(0);
  const search = usePatientSearch({ name: debouncedName, page });
  const patients = search.data?.patients ?? [];
  const overviewOf = useOverviews(patients.map((patient) => patient.id));
  const [creating, creatingDialog] = useDisclosure(false);
  const [importing, importingDialog] = useDisclosure(false);
  const today = new Date();

  return (
    <Page
      title={t('patients.title')}
      actions={
        <Group gap="sm">
          {actions.includes('patient.create') && (
            <Button onClick={creatingDialog.open}>{t('patients.new')}</Button>
          )}
          {actions.includes('patient.import') && (
            <Button variant="default" onClick={importingDialog.open}>
              {t('patients.import')}
            </Button>
          )}
        </Group>
      }
    >
      <TextInput
        label={t('patients.search')}
        description={
          <Text span size="xs" c="gray.7">
            {t('patients.searchHelp')}
          </Text>
        }
        value={name}
        onChange={(event) => {
          setName(event.currentTarget.value);
          setPage(0);
        }}
        maw={420}
      />
      <ProblemAlert error={search.error} />
      {search.isPending ? (
        <Text>{t('app.loading')}</Text>
      ) : patients.length === 0 ? (
        <Alert color="gray" variant="light">
          {debouncedName.trim()
            ? t('patients.noneMatch', { name: debouncedName.trim() })
            : t('patients.none')}
        </Alert>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-busy={search.isFetching}>
            <Table.Caption c="gray.7">{t('patients.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('patients.column.name')}</Table.Th>
                <Table.Th scope="col">{t('patients.column.birthDate')}</Table.Th>
                <Table.Th scope="col">{t('patients.column.goal')}</Table.Th>
                <Table.Th scope="col">{t('patients.column.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {patients.map((patient) => {
                const age = ageInYears(patient.birthDate, today);
                const overview = overviewOf(patient.id);
                return (
                  <Table.Tr key={patient.id}>
                    <Table.Td>
                      <Link to={`/patients/${patient.id}`}>
                        {patientName(patient) || t('patients.unnamed')}
                      </Link>
                    </Table.Td>
                    <Table.Td>
                      {patient.birthDate ? (
                        <>
                          {formatDate(patient.birthDate, i18n.language)}
                          {age !== undefined && (
                            <Text span size="sm" c="gray.7">
                              {' '}
                              ({t('patients.age', { count: age })})
                            </Text>
                          )}
                        </>
                      ) : (
                        <Text span size="sm" c="gray.7">
                          {t('patients.unknown')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {overview?.goal ? (
                        t(`goal.${overview.goal}`)
                      ) : (
                        <Text span size="sm" c="gray.7">
                          {t('chart.noGoal')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{overview && <PatientStatusBadge status={overview.status} />}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {(page > 0 || search.data?.hasMore) && (
        <Group gap="sm" component="nav" aria-label={t('patients.pages')}>
          <Button variant="default" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            {t('patients.previous')}
          </Button>
          <Text size="sm">{t('patients.page', { page: page + 1 })}</Text>
          <Button variant="default" disabled={!search.data?.hasMore} onClick={() => setPage((p) => p + 1)}>
            {t('patients.next')}
          </Button>
          <Text size="sm" c="gray.7">
            {t('patients.perPage', { count: PATIENT_PAGE_SIZE })}
          </Text>
        </Group>
      )}
      <NewPatientDialog opened={creating} onClose={creatingDialog.close} />
      <ImportDocumentDialog opened={importing} onClose={importingDialog.close} />
    </Page>
  );
}
