// The audit trail: the medical director sees that the hash chain is intact and filters who accessed one patient's
// record.
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

test('the medical director filters the audit trail by patient and sees the chain verified intact', async ({
  pageAs,
}) => {
  const page = await pageAs('medical-director');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByText('Audit chain intact')).toBeVisible();
  await expect(page.getByTestId('audit-chain-status')).toContainText('Intact: all');

  const { patients } = (await (await page.request.get('/api/patients?limit=5')).json()) as {
    patients: { id: string; givenName?: string; familyName?: string }[];
  };
  const patient = patients.find((p) => p.familyName && p.givenName)!;
  const patientField = page.getByRole('combobox', { name: 'Patient', exact: true });
  await patientField.fill(patient.familyName!);
  await page
    .getByRole('option', { name: new RegExp(`^${patient.familyName}, ${patient.givenName}`) })
    .click();
  const filtered = page.waitForResponse(
    (response) =>
      response.url().includes('/api/audit?') && response.url().includes(`patientId=${patient.id}`),
  );
  await page.getByRole('button', { name: 'Apply filters' }).click();
  expect((await filtered).status()).toBe(200);
  await expect(page).toHaveURL(new RegExp(`patientId=${patient.id}`));

  const table = page.getByRole('table', { name: 'Audit events, newest first' });
  const rows = table.getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  // Every row shown concerns that patient (the header row aside).
  const count = await rows.count();
  expect(count).toBeGreaterThan(1);
  for (let i = 1; i < count; i += 1) {
    await expect(rows.nth(i).getByRole('cell').nth(3)).toHaveText(
      new RegExp(`^${patient.familyName}, ${patient.givenName}`),
    );
  }
  await expect(page.getByRole('status').filter({ hasText: /events? shown/ })).toHaveText(
    `${count - 1} events shown.`,
  );
  await expectAccessible(page, 'audit');
  await saveScreenshot(page, 'audit');
});
