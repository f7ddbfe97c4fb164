// Reports: a physician reads the safety dashboard, outcomes and declines of the demo clinic, with the numbers the
// server counted, and downloads a section as CSV built from the same numbers.
import { readFileSync } from 'node:fs';
import type { DeclineReport, OutcomeReport, SafetyReport } from '../src/server/routes/safety-reports.ts';
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

test('a physician sees the demo clinic’s safety, outcome and decline numbers and downloads them as CSV', async ({
  pageAs,
}) => {
  const page = await pageAs('physician');
  await page.goto('/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  const get = async <T>(name: string) => (await (await page.request.get(`/api/reports/${name}`)).json()) as T;
  const safety = await get<SafetyReport>('safety');
  const outcomes = await get<OutcomeReport>('outcomes');
  const declines = await get<DeclineReport>('declines');
  // The demo clinic has treated patients, refused attempts and decisions against ozone.
  expect(safety.adverseEvents.total.sessions).toBeGreaterThan(0);
  expect(safety.hardStopCatches.total).toBeGreaterThan(0);
  expect(declines.noOzone).toBeGreaterThan(0);

  const adverse = page.getByRole('region', { name: 'Adverse events per 1,000 sessions, by technique' });
  const total = safety.adverseEvents.total;
  await expect(adverse).toContainText(
    `${total.adverseEvents} adverse events (${total.severeAdverseEvents} of grade 3 or worse) in ${total.sessions} signed sessions`,
  );
  await expect(adverse.getByRole('table').getByRole('row')).toHaveCount(
    safety.adverseEvents.byTechnique.length + 1,
  );
  await expect(page.getByRole('region', { name: 'Hard-stop catches, by rule' })).toContainText(
    `${safety.hardStopCatches.total} attempts were refused by a hard stop.`,
  );
  await expect(page.getByRole('region', { name: 'Library compliance' })).toContainText(
    safety.libraryCompliance.current!.version,
  );
  await expect(page.getByRole('region', { name: 'Soft-limit overrides, by reason' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Soft-limit override rate, by technique' })).toBeVisible();
  const judged = outcomes.total.responders + outcomes.total.nonResponders;
  await expect(
    page.getByText(`${outcomes.total.responders} of ${judged} courses that could be judged`),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Responder rate, by goal' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Decisions against ozone, by reason' })).toContainText(
    `${declines.noOzone} of ${declines.decisions} decisions were against ozone`,
  );
  await expectAccessible(page, 'reports');
  await saveScreenshot(page, 'reports');

  const downloading = page.waitForEvent('download');
  await page
    .getByRole('button', { name: 'Download CSV: Adverse events per 1,000 sessions, by technique' })
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('adverse-events-per-1000-sessions.csv');
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    '"Technique","Signed sessions","Adverse events","Grade 3 or worse","Adverse events per 1,000 sessions"',
  );
  expect(lines).toHaveLength(safety.adverseEvents.byTechnique.length + 1);
  const fields = (line: string) =>
    [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replaceAll('""', '"'));
  safety.adverseEvents.byTechnique.forEach((row, i) => {
    const [, sessions, events, severe, rate] = fields(lines[i + 1]!);
    expect([Number(sessions), Number(events), Number(severe)]).toEqual([
      row.sessions,
      row.adverseEvents,
      row.severeAdverseEvents,
    ]);
    expect(Number(rate)).toBeCloseTo(row.perThousandSessions!, 1);
  });
});

test('the reports read in Spanish when the physician chooses Spanish', async ({ pageAs }) => {
  const page = await pageAs('physician', { language: 'es' });
  await page.goto('/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Informes' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Eventos adversos por cada 1000 sesiones, por técnica' }),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Decisiones de no usar ozono, por motivo' })).toBeVisible();
  await expectAccessible(page, 'reports (es)');
  await saveScreenshot(page, 'reports-es');
});
