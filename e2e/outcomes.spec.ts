// Outcomes: a clinician records a baseline and a later measure of the patient's goal and sees the trajectory as a chart
// with the MCID line, the same numbers in a table beside it, and the engine's recommendation for the course.
import { createPatientWithSignedOrder, csrfToken } from './support/care-setup.ts';
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

test('a baseline and a later pain score show as a chart and a table with the MCID, and the course review says continue', async ({
  pageAs,
}) => {
  const physician = await pageAs('physician');
  const care = await createPatientWithSignedOrder(physician.request, await csrfToken(physician.request));
  const page = await pageAs('nurse');
  await page.goto(`/patients/${care.patientId}/outcomes`);
  await expect(page.getByRole('heading', { level: 1, name: 'Outcomes' })).toBeVisible();
  await expect(page.getByText('Goal: Knee osteoarthritis', { exact: true })).toBeVisible();
  await expect(page.getByText('No outcome measure recorded yet.')).toBeVisible();

  await expect(page.getByLabel('Measure', { exact: true })).toHaveValue('pain-nrs');
  await expect(page.getByLabel('When in the course')).toHaveValue('baseline');
  await page.getByLabel(/^Value/).fill('7');
  await page.getByRole('button', { name: 'Save measure' }).click();
  await expect(page.getByRole('status')).toHaveText('Measure saved.');
  // After a baseline the form moves on to the review point.
  await expect(page.getByLabel('When in the course')).toHaveValue('review');
  await page.getByLabel(/^Value/).fill('4');
  await page.getByRole('button', { name: 'Save measure' }).click();

  const trajectory = page.getByRole('region', { name: 'Pain score (0–10)' });
  const table = trajectory.getByRole('table', { name: 'Pain score (0–10): the values in the chart' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toContainText('Baseline');
  await expect(table.getByRole('row').nth(1)).toContainText('7');
  await expect(table.getByRole('row').nth(2)).toContainText('Review point');
  await expect(table.getByRole('row').nth(2)).toContainText('-3');
  // Pain NRS: 2 points or 30 % lower is the MCID; from 7 the nearer threshold is 5.
  await expect(
    trajectory.getByText(/MCID \(smallest change that matters\): 2 points or 30 % of the baseline/),
  ).toBeVisible();
  await expect(trajectory.getByText('From this baseline, the MCID is reached at 5 points.')).toBeVisible();
  await expect(trajectory.locator('svg').first()).toBeVisible();
  await expect(trajectory.getByText('MCID 5')).toBeVisible();
  // No session yet: the review point is not reached, so the engine says to continue.
  await expect(page.getByText('Course review: Continue')).toBeVisible();
  await expect(trajectory.getByText('not reached yet')).toBeVisible();

  await expectAccessible(page, 'outcomes');
  await saveScreenshot(page, 'outcomes');
});

test('with a baseline on record, the next measure is a review even when the values arrive after the plan', async ({
  pageAs,
}) => {
  const physician = await pageAs('physician');
  const care = await createPatientWithSignedOrder(physician.request, await csrfToken(physician.request));
  const baseline = await physician.request.post(`/api/patients/${care.patientId}/outcomes`, {
    headers: { 'x-csrf-token': await csrfToken(physician.request) },
    data: { measure: 'pain-nrs', value: 6, phase: 'baseline' },
  });
  expect(baseline.status(), await baseline.text()).toBe(201);
  // The recorded values (read from the timeline) come a second after everything else: the form must not pick its
  // phase before they do.
  await physician.route(new RegExp(`/api/patients/${care.patientId}/timeline(\\?|$)`), async (route) => {
    if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await physician.goto(`/patients/${care.patientId}/outcomes`);
  await expect(
    physician.getByRole('table', { name: 'Pain score (0–10): the values in the chart' }),
  ).toBeVisible();
  await expect(physician.getByLabel('When in the course')).toHaveValue('review');
});
