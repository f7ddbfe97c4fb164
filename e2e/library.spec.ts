// The protocol library: the medical director compares versions side by side, edits a soft limit into a new draft and
// approves it; a physician reads the same library without any edit control.
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

test('the medical director compares versions, edits a soft limit into a draft and approves it', async ({
  pageAs,
}) => {
  const page = await pageAs('medical-director');
  await page.goto('/library');
  await expect(page.getByRole('heading', { level: 1, name: 'Protocol library' })).toBeVisible();
  const versions = page.getByRole('table', { name: 'Library versions, oldest first' });
  await expect(versions.getByRole('row', { name: /^template-1 / })).toContainText('Template (not for care)');
  await expect(versions.getByText('Approved · in use')).toHaveCount(1);
  // By default the newest version is compared with the one it was based on.
  await expect(page.getByText(/^template-1 and clinic-\d+ set the same limits\.$/)).toBeVisible();
  await expectAccessible(page, 'library');

  // Bagging's duration soft maximum, 20 → 25 minutes: a soft limit, so a longer bath only asks for a reason.
  const technique = page.getByRole('combobox', { name: 'Technique', exact: true });
  await technique.click();
  await page.getByRole('option', { name: 'Transcutaneous gas bath (limb bag)' }).click();
  const softMax = page.getByLabel('Duration (min): Soft maximum');
  await expect(softMax).toHaveValue('20');
  await softMax.fill('25');
  await expect(page.getByText('1 limit changed')).toBeVisible();
  await page.getByLabel('Why this version differs').fill('Longer limb baths tolerated in our wound clinic');
  await page.getByRole('button', { name: 'Save as a new draft' }).click();

  // The new draft is compared with its base at once: the changed limit shaded and marked in words.
  const summary = page.getByRole('status').filter({ hasText: /1 limit differs between/ });
  await expect(summary).toBeVisible();
  const draftName = /and (clinic-\d+)\./.exec((await summary.textContent()) ?? '')?.[1];
  expect(draftName).toBeTruthy();
  await page.getByRole('switch', { name: 'Show only changes' }).check();
  const comparison = page.getByRole('table', { name: /changed limits are shaded/ });
  const changedRow = comparison.getByRole('row').filter({ hasText: 'Transcutaneous gas bath' });
  await expect(changedRow).toHaveCount(1);
  await expect(changedRow).toContainText('Duration (min)');
  await expect(changedRow).toContainText('Soft maximum');
  await expect(changedRow.getByRole('cell').nth(3)).toHaveText(/^20\s*changed$/);
  await expect(changedRow.getByRole('cell').nth(4)).toHaveText(/^25\s*changed$/);
  await expect(versions.getByRole('row', { name: new RegExp(`^${draftName} `) })).toContainText('Draft');
  await expectAccessible(page, 'library comparison');
  await saveScreenshot(page, 'library-compare');

  await page.getByRole('button', { name: `Approve ${draftName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Approve ${draftName}?` });
  await expect(dialog).toContainText('can never be changed');
  await dialog.getByRole('button', { name: 'Approve for care' }).click();
  await expect(dialog).toBeHidden();
  await expect(versions.getByRole('row', { name: new RegExp(`^${draftName} `) })).toContainText(
    'Approved · in use',
  );
  await expect(versions.getByText('Approved · in use')).toHaveCount(1);
  await expect(page.getByRole('button', { name: /^Approve / })).toHaveCount(0);
});

test('a physician reads the library and compares versions but sees no edit controls', async ({ pageAs }) => {
  const page = await pageAs('physician');
  await page.goto('/library');
  await expect(page.getByRole('heading', { level: 1, name: 'Protocol library' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Library versions, oldest first' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Compare two versions' })).toBeVisible();
  await expect(page.getByRole('table', { name: /changed limits are shaded/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Edit limits into a new draft' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save as a new draft' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Approve / })).toHaveCount(0);
  await expect(page.getByRole('spinbutton')).toHaveCount(0);
  await expectAccessible(page, 'library (read only)');
});
