// Today: the physician's worklist from the demo clinic's record, section by section, each row opening the chart page
// where the work is done.
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

test('a physician sees today’s sessions, screenings, consents, reviews and adverse events, each linking to the chart', async ({
  pageAs,
}) => {
  const page = await pageAs('physician');
  await page.goto('/today');
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

  const sessions = page.getByRole('region', { name: 'Sessions' });
  const adverse = page.getByRole('region', { name: 'Adverse events to review' });
  const screening = page.getByRole('region', { name: 'Waiting for screening review' });
  const consent = page.getByRole('region', { name: 'Plans awaiting consent' });
  const reviews = page.getByRole('region', { name: 'Course reviews due' });

  // Ramón signed his consent online and came for his session: a physician still has to countersign it.
  await expect(sessions.getByRole('link', { name: 'Ramón Iglesias' })).toBeVisible();
  const ramon = consent.getByRole('row', { name: /Ramón Iglesias/ });
  await expect(ramon).toContainText("A physician's countersignature");
  // Pedro's grade 2 reaction stops his next session until a physician reviews it.
  const pedro = adverse.getByRole('row', { name: /Pedro Navarro/ });
  await expect(pedro).toContainText('Grade 2: moderate');
  await expect(pedro).toContainText('Blocks the next session until reviewed');
  // María's screening asks for a pregnancy test before anything is decided.
  await expect(screening.getByRole('link', { name: 'María López' })).toBeVisible();
  // Francisco missed the response that justifies going on; Karim's wound has not been measured since the review point.
  await expect(reviews.getByRole('row', { name: /Francisco Gómez/ })).toContainText('Stop');
  await expect(reviews.getByRole('row', { name: /Karim Haddad/ })).toContainText('Reassess');

  await expectAccessible(page, 'today');
  await saveScreenshot(page, 'today');

  await expect(adverse.getByRole('link', { name: 'Pedro Navarro' })).toHaveAttribute(
    'href',
    /^\/patients\/[0-9a-f-]{36}\/sessions\/[0-9a-f-]{36}$/,
  );
  await expect(ramon.getByRole('link', { name: 'Ramón Iglesias' })).toHaveAttribute(
    'href',
    /^\/patients\/[0-9a-f-]{36}\/consent$/,
  );
  await expect(reviews.getByRole('link', { name: 'Karim Haddad' })).toHaveAttribute(
    'href',
    /^\/patients\/[0-9a-f-]{36}\/outcomes$/,
  );
  await screening.getByRole('link', { name: 'María López' }).click();
  await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}\/screening$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Screening' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Missing data and tests to order' })).toContainText(
    'Pregnancy status unknown',
  );
});

test('a nurse sees the same day, in Spanish when chosen', async ({ pageAs }) => {
  const page = await pageAs('nurse', { language: 'es' });
  await page.goto('/today');
  await expect(page.getByRole('heading', { level: 1, name: 'Hoy' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Efectos adversos por revisar' })).toContainText('Grado 2');
  await expectAccessible(page, 'today-es');
});
