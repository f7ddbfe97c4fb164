// Intake and screening: a physician records a new patient's intake, is shown a bad value next to its field, saves,
// and reads the screening the server ran on the new record: what is missing and which test to order, in English and
// in Spanish.
import type { Page } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

/** A new patient registered through the API as the signed-in user, so the test owns its data. */
async function newPatient(page: Page, familyName: string): Promise<string> {
  const session = (await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string };
  const response = await page.request.post('/api/patients', {
    data: { givenName: 'Inés', familyName, birthDate: '1991-04-12', sex: 'female' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { patient: { id: string } }).patient.id;
}

test('a physician records an intake, corrects a value the server refused, and the screening asks for G6PD and pregnancy tests', async ({
  pageAs,
}) => {
  const page = await pageAs('physician');
  const patientId = await newPatient(page, `Serrano-${Date.now()}`);
  await page.goto(`/patients/${patientId}/intake`);
  await expect(page.getByRole('heading', { level: 1, name: 'Intake' })).toBeVisible();
  await expect(page.getByText('no intake recorded yet')).toBeVisible();
  await expectAccessible(page, 'intake');

  await page.getByLabel('Goal', { exact: true }).selectOption({ label: 'Knee osteoarthritis' });
  await page.getByLabel("In the patient's words").fill('Walk my dog again without knee pain');
  await page
    .getByLabel('Expectations', { exact: true })
    .selectOption({ label: 'Understands ozone is an adjunct, not a cure' });
  await page.getByRole('checkbox', { name: 'Sleep' }).check();
  await page.getByRole('checkbox', { name: 'Movement' }).check();
  await page.getByLabel('Weight (kg)').fill('64');
  await page.getByLabel('Height (cm)').fill('168');
  // A haemoglobin of 128 g/dL was meant as 12.8: the server refuses it and names the field.
  const haemoglobin = page.getByLabel('Haemoglobin (g/dL)');
  await haemoglobin.fill('128');
  await page.getByRole('button', { name: 'Save intake and screen again' }).click();
  await expect(haemoglobin).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'The intake was not saved' })).toBeVisible();
  await expectAccessible(page, 'intake with a field error');

  await haemoglobin.fill('12.8');
  await page.getByRole('button', { name: 'Save intake and screen again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Intake saved' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Haemoglobin.*12\.8 g\/dL/ })).toBeVisible();
  await page.getByRole('link', { name: 'See the screening' }).click();

  await expect(page).toHaveURL(new RegExp(`/patients/${patientId}/screening$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Screening' })).toBeVisible();
  const missing = page.getByRole('region', { name: 'Missing data and tests to order' });
  await expect(missing).toContainText('G6PD status unknown');
  await expect(missing).toContainText('Order a G6PD activity test');
  await expect(missing).toContainText('Pregnancy status unknown');
  await expect(missing).toContainText('Order a pregnancy test');
  // Systemic techniques wait for those results; the eligibility says so in words as well as colour.
  const eligibility = page.getByRole('region', { name: 'Eligibility by technique' });
  await expect(eligibility.getByRole('row', { name: /Major autohemotherapy/ })).toContainText('Needs data');
  await expect(eligibility.getByRole('row', { name: /^Inhalation/ })).toContainText('Never used');
  // The fundamentals left unassessed are named, not given as codes.
  const findings = page.getByRole('region', { name: 'Findings', exact: true });
  await expect(findings).toContainText('Metabolic health');
  await expect(findings).not.toContainText('metabolic-health');
  const evidence = page.getByRole('region', { name: 'Evidence for the goal' });
  await expect(evidence).toContainText('Knee osteoarthritis');
  await expect(evidence.getByRole('list', { name: 'Sources' }).getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page, 'screening');
  await saveScreenshot(page, 'screening');

  const spanish = await pageAs('physician', { language: 'es' });
  await spanish.goto(`/patients/${patientId}/screening`);
  await expect(spanish.getByRole('heading', { level: 1, name: 'Cribado' })).toBeVisible();
  const faltan = spanish.getByRole('region', { name: 'Datos que faltan y pruebas que pedir' });
  await expect(faltan).toContainText('Solicite la actividad de G6PD');
  await expect(faltan).toContainText('Solicite una prueba de embarazo');
  await expect(spanish.getByRole('region', { name: 'Hallazgos', exact: true })).toContainText(
    'Salud metabólica',
  );
  await expectAccessible(spanish, 'screening-es');
  await saveScreenshot(spanish, 'screening-es');
});

test('a patient with no intake yet is sent to record one before screening', async ({ pageAs }) => {
  const page = await pageAs('physician');
  const patientId = await newPatient(page, `Vidal-${Date.now()}`);
  await page.goto(`/patients/${patientId}/screening`);
  await expect(page.getByText('No screening yet')).toBeVisible();
  await page.getByRole('link', { name: 'Edit the intake' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patientId}/intake$`));
});
