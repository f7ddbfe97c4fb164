// Consent on the clinic's screen: the technique's template, the patient's signature drawn with the mouse, then the
// physician's countersignature, after which the consent stands.
import type { Page } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

async function newPatient(page: Page, familyName: string): Promise<string> {
  const view = (await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string };
  const created = await page.request.post('/api/patients', {
    headers: { 'x-csrf-token': view.csrfToken },
    data: { givenName: 'Lucía', familyName, birthDate: '1964-02-11', sex: 'female', preferredLanguage: 'en' },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { patient: { id: string } }).patient.id;
}

test('the patient signs on screen with the mouse and the physician countersigns', async ({ pageAs }) => {
  const page = await pageAs('physician');
  const patientId = await newPatient(page, 'Firma');
  await page.goto(`/patients/${patientId}/consent`);
  await expect(page.getByRole('heading', { level: 1, name: 'Consent' })).toBeVisible();
  await expect(page.getByText('No consent on record yet.')).toBeVisible();
  await page
    .getByRole('combobox', { name: 'Technique to consent to' })
    .selectOption({ label: 'Intramuscular / paravertebral injection' });
  await expect(page.getByText('Ozone is never inhaled.')).toBeVisible();

  const record = page.getByRole('button', { name: "Record the patient's signature" });
  await page.getByRole('checkbox', { name: /The patient has read this consent/ }).check();
  await expect(page.getByLabel("Patient's full name")).toHaveValue('Lucía Firma');
  await expect(record).toBeDisabled();

  const pad = page.getByRole('img', { name: /Patient's signature/ });
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + box.height * 0.3, { steps: 8 });
  await page.mouse.move(box.x + 220, box.y + box.height * 0.7, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByText('Signature drawn.')).toBeVisible();
  await expect(record).toBeEnabled();
  await record.click();
  await expect(page.getByText('Signature recorded')).toBeVisible();

  const consent = page.getByRole('article').filter({ hasText: 'Signed by Lucía Firma' });
  await expect(consent).toContainText('Awaiting countersignature');
  await expect(consent).toContainText("on the clinic's screen");
  await expectAccessible(page, 'consent');
  await saveScreenshot(page, 'consent');

  await consent.getByRole('button', { name: 'Countersign' }).click();
  await expect(consent).toContainText('Signed and countersigned');
  const stored = (await (await page.request.get(`/api/patients/${patientId}/consents`)).json()) as {
    consents: { patientSignature: { method: string }; countersignature?: unknown }[];
  };
  expect(stored.consents).toHaveLength(1);
  expect(stored.consents[0]!.patientSignature.method).toBe('electronic');
  expect(stored.consents[0]!.countersignature).toBeDefined();
});

test('a keyboard user signs by typing the name instead of drawing', async ({ pageAs }) => {
  const page = await pageAs('physician');
  const patientId = await newPatient(page, 'Teclado');
  await page.goto(`/patients/${patientId}/consent`);
  await page
    .getByRole('combobox', { name: 'Technique to consent to' })
    .selectOption({ label: 'Intramuscular / paravertebral injection' });
  await page.getByRole('checkbox', { name: /The patient has read this consent/ }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('checkbox', { name: 'Sign by typing the name instead of drawing' }).focus();
  await page.keyboard.press('Space');
  const record = page.getByRole('button', { name: "Record the patient's signature" });
  await expect(record).toBeEnabled();
  await record.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article').filter({ hasText: 'Signed by Lucía Teclado' })).toBeVisible();
});
