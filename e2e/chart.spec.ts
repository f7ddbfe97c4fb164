// The patient list and the chart frame: finding a patient, the chart summary (eligibility by technique in colour
// and words, open findings with their evidence), labs and medications with their source, the timeline paged through
// a long history, registering a patient, importing an IPS, and who may do which.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

const EXAMPLES = '/work/shared/fhir-examples';
const unique = () => Math.random().toString(36).slice(2, 8);

async function openChartOf(page: Page, search: string, name: RegExp): Promise<void> {
  await page.goto('/patients');
  await page.getByLabel('Search by name').fill(search);
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
}

test('a physician finds a patient and reads the chart: eligibility, findings with evidence, labs, timeline', async ({
  pageAs,
}) => {
  const page = await pageAs('physician');
  await page.goto('/patients');
  const table = page.getByRole('table', { name: 'Patients, by family name' });
  await expect(table.getByRole('row', { name: /Karim/ })).toContainText('Diabetic foot ulcer');
  await expect(table.getByRole('row', { name: /Lucía/ })).toContainText('Decided against ozone');
  await expect(table.getByRole('row', { name: /Tomás/ })).toContainText('In treatment');
  await expectAccessible(page, 'patient list');
  await saveScreenshot(page, 'patient-list');

  await page.getByLabel('Search by name').fill('Kar');
  await expect(table.getByRole('row', { name: /Tomás/ })).toHaveCount(0);
  await table.getByRole('link', { name: /Karim/ }).click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);

  const header = page.getByRole('region', { name: 'Patient' });
  await expect(header).toContainText('Karim');
  await expect(header).toContainText('Male');
  await expect(header).toContainText('Diabetic foot ulcer');
  const sections = page.getByRole('navigation', { name: 'Chart sections' });
  await expect(sections.getByRole('link', { name: 'Summary' })).toHaveAttribute('aria-current', 'page');
  for (const name of ['Intake', 'Screening', 'Plan', 'Consent', 'Sessions', 'Outcomes'])
    await expect(sections.getByRole('link', { name })).toBeVisible();

  await expect(page.getByRole('heading', { level: 1, name: 'Summary' })).toBeVisible();
  // G6PD deficiency rules out systemic ozone: said in words, not by colour alone.
  const eligibility = page.getByRole('table', { name: /What the latest screening says/ });
  await expect(eligibility.getByRole('row', { name: /^Major autohemotherapy/ })).toContainText(
    'Contraindicated',
  );
  await expect(eligibility.getByRole('row', { name: /Transcutaneous gas bath/ })).toContainText('Caution');
  await expect(eligibility.getByRole('row', { name: /^Inhalation/ })).toContainText('Never used');

  const findings = page.getByRole('region', { name: 'Open findings' });
  const g6pd = findings.locator('[data-rule-id="contraindication.g6pd-deficiency"]').first();
  await expect(g6pd).toContainText('G6PD deficiency');
  await expect(g6pd).toContainText('Hard stop');
  await expect(g6pd.getByRole('list', { name: 'Evidence' })).toContainText('g6pd: deficient');
  await expect(g6pd).toContainText('Source:');
  await expect(page.getByRole('region', { name: 'Current plan' })).toContainText(
    'Transcutaneous gas bath (limb bag)',
  );
  await expectAccessible(page, 'chart summary');
  await saveScreenshot(page, 'chart-summary');

  await sections.getByRole('link', { name: 'Labs & medications' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Labs & medications' })).toBeVisible();
  const medications = page.getByRole('region', { name: 'Medications' });
  await expect(medications.getByRole('row', { name: /Medication/ })).toContainText(
    'insulin glargine (insulin)',
  );
  await expect(medications.getByRole('row', { name: /Medication/ })).toContainText('Entered at the clinic');
  const labs = page.getByRole('region', { name: 'Labs and measurements' });
  await expect(labs.getByRole('row', { name: /G6PD/ })).toContainText('Deficient');
  await expect(labs.getByRole('row', { name: /Haemoglobin/ })).toContainText('13.5 g/dL');
  await expectAccessible(page, 'labs and medications');

  await sections.getByRole('link', { name: 'Timeline' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Timeline' })).toBeVisible();
  const timeline = page.getByRole('table', { name: 'Events in the chart, newest first' });
  await expect(timeline.getByRole('row', { name: /Patient registered/ })).toHaveCount(1);
  await expect(timeline.getByRole('row', { name: /Session signed/ }).first()).toContainText('Transcutaneous');
  await expect(timeline.getByRole('row', { name: /Intake recorded/ })).toContainText('Diabetic foot ulcer');
  await page.getByLabel('Show').selectOption({ label: 'Order signed' });
  await expect(timeline.getByRole('row', { name: /Session signed/ })).toHaveCount(0);
  await expect(timeline.getByRole('row', { name: /Order signed/ }).first()).toBeVisible();
  await expectAccessible(page, 'timeline');
});

test('a chart with a thousand events pages through them all, newest first', async ({ pageAs }) => {
  test.slow(); // ten pages through a shared, busy machine: more time, never a timed assertion
  const page = await pageAs('physician');
  const pages = 10;
  const start = Date.UTC(2026, 10, 1);
  // The demo record has no patient with a thousand events: the server's pages are stood in for here, each 100
  // events older than the last, chained by the cursor as the server chains them.
  await page.route('**/api/patients/*/timeline?*', async (route) => {
    const url = new URL(route.request().url());
    const index = Number(url.searchParams.get('cursor') ?? '0');
    const limit = Number(url.searchParams.get('limit'));
    const events = Array.from({ length: limit }, (_, i) => {
      const n = index * limit + i;
      return {
        at: new Date(start - n * 60_000).toISOString(),
        kind: 'outcome.recorded',
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        detail: { measure: 'pain-nrs', value: n % 11, phase: 'follow-up' },
      };
    });
    await route.fulfill({
      json: { events, ...(index + 1 < pages ? { next: String(index + 1) } : {}) },
    });
  });
  await openChartOf(page, 'Tom', /Tomás/);
  await page
    .getByRole('navigation', { name: 'Chart sections' })
    .getByRole('link', { name: 'Timeline' })
    .click();
  const rows = page.getByRole('table', { name: 'Events in the chart, newest first' }).locator('tbody tr');
  await expect(rows).toHaveCount(100);
  const older = page.getByRole('button', { name: 'Load older events' });
  for (let loaded = 200; loaded <= 1000; loaded += 100) {
    await older.click();
    await expect(rows).toHaveCount(loaded);
  }
  await expect(older).toHaveCount(0);
  await expect(page.getByText('1,000 events, the whole history')).toBeVisible();
  await expect(rows.first()).toContainText('Nov 1, 2026');
  await expect(rows.last()).toContainText('Oct 31, 2026');
});

test('a physician registers a new patient through the form and lands on the new chart', async ({
  pageAs,
}) => {
  const page = await pageAs('physician');
  const family = `Prueba-${unique()}`;
  await page.goto('/patients');
  await page.getByRole('button', { name: 'New patient' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register a new patient' });
  await dialog.getByRole('button', { name: 'Register patient' }).click();
  await expect(dialog.getByText('Enter a given or a family name.').first()).toBeVisible();
  await dialog.getByLabel('Given name').fill('Nerea');
  await dialog.getByLabel('Family name').fill(family);
  await dialog.getByLabel('Birth date').fill('1979-05-14');
  await dialog.getByLabel('Sex').selectOption('female');
  await dialog.getByLabel('Preferred language').selectOption('es');
  await expectAccessible(page, 'new patient form');
  await dialog.getByRole('button', { name: 'Register patient' }).click();

  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
  const header = page.getByRole('region', { name: 'Patient' });
  await expect(header).toContainText(`Nerea ${family}`);
  await expect(header).toContainText('Female');
  await expect(header).toContainText('No goal recorded');
  await expect(page.getByText('Not screened yet')).toBeVisible();
  await expectAccessible(page, 'new patient chart');

  await page.goto('/patients');
  await page.getByLabel('Search by name').fill(family);
  await expect(page.getByRole('row', { name: new RegExp(family) })).toContainText('Awaiting intake');
});

test('a coordinator imports an IPS document and sees what was taken, what was skipped, and the chart', async ({
  pageAs,
}) => {
  const page = await pageAs('coordinator');
  // The Australian patient summary, its patient renamed so that each run registers a traveller of its own.
  const bundle = JSON.parse(readFileSync(`${EXAMPLES}/au-ps-provider-summary.json`, 'utf8')) as {
    entry: { resource: { resourceType: string; name?: unknown; identifier?: unknown } }[];
  };
  const family = `Ralph-${unique()}`;
  const patient = bundle.entry.find((entry) => entry.resource.resourceType === 'Patient')!.resource;
  patient.name = [{ use: 'official', family, given: ['Rudolf'] }];
  patient.identifier = [
    { system: 'http://ns.electronichealth.net.au/id/hi/ihi/1.0', value: `800${Date.now()}` },
  ];

  await page.goto('/patients');
  await expect(page.getByRole('button', { name: 'New patient' })).toBeVisible();
  await page.getByRole('button', { name: 'Import IPS/FHIR document' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import an IPS or FHIR document' });
  await dialog.getByLabel('FHIR document (JSON file)').setInputFiles({
    name: 'au-ps-provider-summary.json',
    mimeType: 'application/fhir+json',
    buffer: Buffer.from(JSON.stringify(bundle)),
  });
  await expectAccessible(page, 'import dialog');
  await dialog.getByRole('button', { name: 'Import' }).click();

  const report = dialog.getByRole('region', { name: 'Import report' });
  await expect(report.getByRole('status')).toContainText('a new patient was registered');
  await expect(report).toContainText('2 resources imported');
  await expect(report.getByRole('row', { name: /Observation/ }).first()).toBeVisible();
  await expect(report).toContainText('Weight');
  await expect(report.getByRole('row', { name: /Practitioner/ }).first()).toContainText('Not read');
  await expectAccessible(page, 'import report');
  await report.getByRole('link', { name: "Open the patient's chart" }).click();

  await expect(page.getByRole('region', { name: 'Patient' })).toContainText(`Rudolf ${family}`);
  await page
    .getByRole('navigation', { name: 'Chart sections' })
    .getByRole('link', { name: 'Labs & medications' })
    .click();
  const weight = page
    .getByRole('region', { name: 'Labs and measurements' })
    .getByRole('row', { name: /Weight/ });
  await expect(weight).toContainText('Imported document');
  await expect(weight).toContainText('Observation/');
});

test('a file that is not a FHIR Bundle is refused before anything is sent', async ({ pageAs }) => {
  const page = await pageAs('physician');
  await page.goto('/patients');
  await page.getByRole('button', { name: 'Import IPS/FHIR document' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import an IPS or FHIR document' });
  await dialog.getByLabel('FHIR document (JSON file)').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ resourceType: 'Patient', id: 'x' })),
  });
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText('This JSON is not a FHIR Bundle.')).toBeVisible();
});

test('a nurse reads the list but is offered neither registration nor import', async ({ pageAs }) => {
  const page = await pageAs('nurse');
  await page.goto('/patients');
  await expect(page.getByRole('link', { name: /Karim/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New patient' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import IPS/FHIR document' })).toHaveCount(0);
  await expectAccessible(page, 'patient list (nurse)');
});

test('the chart summary reads in Spanish when the physician chooses it', async ({ pageAs }) => {
  const page = await pageAs('physician', { language: 'es' });
  await page.goto('/patients');
  await page.getByLabel('Buscar por nombre').fill('Kar');
  await page.getByRole('link', { name: /Karim/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Resumen' })).toBeVisible();
  const sections = page.getByRole('navigation', { name: 'Secciones de la historia' });
  await expect(sections.getByRole('link', { name: 'Cronología' })).toBeVisible();
  const eligibility = page.getByRole('table', { name: /Lo que dice el último cribado/ });
  await expect(eligibility.getByRole('row', { name: /^Autohemoterapia mayor/ })).toContainText(
    'Contraindicada',
  );
  await expect(page.getByRole('region', { name: 'Hallazgos abiertos' })).toContainText('Déficit de G6PD');
  await expectAccessible(page, 'chart summary (es)');
  await saveScreenshot(page, 'chart-summary-es');
});
