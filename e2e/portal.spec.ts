// The patient portal as the demo patient (Tomás, low back pain, on a paravertebral course) uses it: every page
// renders and passes axe, the pre-arrival intake reaches the clinic, the education reads in English and Spanish, a
// questionnaire answer is recorded, a consent the clinic prepared is signed, and the access log lists the staff who
// opened the record. A patient never reaches the clinic app.
import type { Page } from '@playwright/test';
import enEducation from '../src/web/locales/en/education.json' with { type: 'json' };
import esEducation from '../src/web/locales/es/education.json' with { type: 'json' };
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

interface SessionView {
  readonly csrfToken?: string;
  readonly user?: { readonly patientId: string | null };
}

async function sessionOf(page: Page): Promise<{ csrf: string; patientId: string | null }> {
  const view = (await (await page.request.get('/api/auth/session')).json()) as SessionView;
  return { csrf: view.csrfToken ?? '', patientId: view.user?.patientId ?? null };
}

const PORTAL_PAGES = [
  ['/portal', 'Hello, Tomás Herrera'],
  ['/portal/intake', 'Before you arrive'],
  ['/portal/learn', 'About ozone therapy'],
  ['/portal/consent', 'Consent'],
  ['/portal/plan', 'Plan and sessions'],
  ['/portal/questionnaires', 'Questionnaires'],
  ['/portal/access-log', 'Who saw my record'],
] as const;

for (const [path, heading] of PORTAL_PAGES) {
  test(`the portal page ${path} opens for the patient with its heading and no serious accessibility problem`, async ({
    pageAs,
  }) => {
    const page = await pageAs('patient');
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await expectAccessible(page, path);
  });
}

test('the home page tells the patient what comes next', async ({ pageAs }) => {
  const page = await pageAs('patient');
  await page.goto('/portal');
  for (const next of ['Consent', 'Your next sessions', 'Questionnaires', 'Before you arrive'])
    await expect(page.getByRole('heading', { level: 2, name: next })).toBeVisible();
  await expect(page.getByText('Your goal on record: Lift my grandson without back pain')).toBeVisible();
  await saveScreenshot(page, 'portal-home');
});

test('the plan page shows the course, its review point and the sessions done', async ({ pageAs }) => {
  const page = await pageAs('patient');
  await page.goto('/portal/plan');
  await expect(
    page.getByRole('heading', { level: 2, name: 'Intramuscular / paravertebral injection' }),
  ).toBeVisible();
  await expect(page.getByText('Your physician reviews whether it is helping after session 6.')).toBeVisible();
  await expect(page.getByText(/Sessions: \d+ of 8 done/)).toBeVisible();
  const done = page.getByRole('table', { name: 'Sessions done' });
  await expect(done.getByRole('row').filter({ hasText: 'Done' }).first()).toBeVisible();
});

test('a medical traveller states their goal and expectations before arrival, and the clinic has it', async ({
  pageAs,
}) => {
  const page = await pageAs('patient');
  const { csrf, patientId } = await sessionOf(page);
  const before = (await (await page.request.get(`/api/patients/${patientId}/intake`)).json()) as {
    intake: { version: number; intake: { goal?: { code?: string; text?: string }; expectsCure?: boolean } };
  };
  await page.goto('/portal/intake');
  await expect(page.getByRole('heading', { name: 'What the clinic completes with you' })).toBeVisible();
  await page
    .getByRole('textbox', { name: 'Your goal in your own words' })
    .fill('Carry my grandson up the stairs');
  await page.getByRole('radio', { name: 'Some help alongside my usual treatment' }).check();

  // A records file is read in the browser and summarised; nothing is uploaded (no upload route for patients).
  const bundle = {
    resourceType: 'Bundle',
    type: 'document',
    entry: [
      { resource: { resourceType: 'Composition' } },
      { resource: { resourceType: 'Patient' } },
      { resource: { resourceType: 'MedicationStatement' } },
      { resource: { resourceType: 'MedicationStatement' } },
    ],
  };
  await page.locator('input[type="file"]').setInputFiles({
    name: 'my-summary.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bundle)),
  });
  await expect(page.getByText('my-summary.json: a FHIR file with these records')).toBeVisible();
  await expect(page.getByText('MedicationStatement: 2')).toBeVisible();
  await expect(page.getByText(/nothing has been uploaded/)).toBeVisible();

  await page.getByRole('button', { name: 'Send to the clinic' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent to the clinic' })).toBeVisible();
  await expectAccessible(page, 'portal intake, sent');

  const after = (await (await page.request.get(`/api/patients/${patientId}/intake`)).json()) as typeof before;
  expect(after.intake.version).toBeGreaterThan(before.intake.version);
  expect(after.intake.intake.goal).toEqual({
    code: 'low-back-pain',
    text: 'Carry my grandson up the stairs',
  });
  expect(after.intake.intake.expectsCure).toBe(false);

  // Put the demo patient's own words back for the other browser tests that read this record.
  const restore = await page.request.put(`/api/patients/${patientId}/intake`, {
    headers: { 'x-csrf-token': csrf },
    data: { intake: { goal: before.intake.intake.goal, expectsCure: before.intake.intake.expectsCure } },
  });
  expect(restore.status(), await restore.text()).toBe(200);
});

test('the education explains each technique, why ozone is never inhaled, and answers the FAQ in English', async ({
  pageAs,
}) => {
  const page = await pageAs('patient');
  await page.goto('/portal/learn');
  await expect(page.getByRole('heading', { name: 'Why ozone is never breathed in' })).toBeVisible();
  await expect(page.getByText(enEducation['education.inhalation.why'])).toBeVisible();
  await expect(page.getByRole('button', { name: enEducation['faq.1.q'] })).toBeVisible();
  await page.getByRole('button', { name: enEducation['faq.1.q'] }).click();
  await expect(page.getByText(enEducation['faq.1.a'])).toBeVisible();
  // The patient's own technique comes first, marked as in their plan, with what the evidence does not show.
  const own = page.getByRole('button', { name: /Intramuscular \/ paravertebral injection.*In your plan/ });
  await own.click();
  await expect(page.getByText(enEducation['education.paravertebral-im.evidenceDoesNotShow'])).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What the clinic checks first' }).first()).toBeVisible();
  // Prohibited techniques are explained, never offered.
  await expect(page.getByRole('button', { name: /^Inhalation/ })).toHaveCount(0);
  await expectAccessible(page, 'portal learn, expanded');
  await saveScreenshot(page, 'portal-learn');
});

test('the education reads in Spanish when the patient chooses Spanish', async ({ pageAs }) => {
  const page = await pageAs('patient', { language: 'es' });
  await page.goto('/portal/learn');
  await expect(page.getByRole('heading', { level: 1, name: 'Sobre la ozonoterapia' })).toBeVisible();
  await expect(page.getByText(esEducation['education.inhalation.why'])).toBeVisible();
  await page.getByRole('button', { name: esEducation['faq.2.q'] }).click();
  await expect(page.getByText(esEducation['faq.2.a'])).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expectAccessible(page, 'portal learn (es)');
  await saveScreenshot(page, 'portal-learn-es');
});

test('the patient answers their impression-of-change questionnaire and it is recorded on their plan', async ({
  pageAs,
}) => {
  const page = await pageAs('patient');
  const { patientId } = await sessionOf(page);
  await page.goto('/portal/questionnaires');
  await expect(page.getByText('For your goal: Low back pain')).toBeVisible();
  const pgic = page.getByRole('form', { name: /Patient Global Impression of Change/ });
  await pgic.getByRole('radio', { name: '2 — much improved' }).check();
  await pgic.getByRole('button', { name: 'Send my answer' }).click();
  await expect(pgic.getByRole('status').filter({ hasText: 'Answer sent' })).toBeVisible();
  await expectAccessible(page, 'portal questionnaires, sent');
  const timeline = (await (
    await page.request.get(`/api/patients/${patientId}/timeline?limit=20`)
  ).json()) as {
    events: { kind: string; at: string; detail: Record<string, unknown> }[];
  };
  const latest = timeline.events.find((event) => event.kind === 'outcome.recorded');
  expect(latest?.detail).toMatchObject({ measure: 'pgic', value: 2, phase: 'review' });
});

test('the patient reads the consent the clinic prepared and signs it in the portal', async ({ pageAs }) => {
  // The clinic prepares a consent text covering the technique of Tomás's plan.
  const physician = await pageAs('physician');
  const { csrf } = await sessionOf(physician);
  const title = `Paravertebral injections: consent ${Date.now()}`;
  const prepared = await physician.request.post('/api/consent-templates', {
    headers: { 'x-csrf-token': csrf },
    data: {
      key: `portal-e2e-${Date.now()}`,
      language: 'en',
      title,
      body: 'Ozone injections into the muscles beside the spine, as an add-on to physiotherapy. You may stop at any time.',
      techniques: ['paravertebral-im'],
    },
  });
  expect(prepared.status(), await prepared.text()).toBe(201);

  const page = await pageAs('patient');
  await page.goto('/portal/consent');
  const consent = page.getByRole('article', { name: title });
  await expect(consent.getByText('Ozone injections into the muscles beside the spine')).toBeVisible();
  await expect(consent.getByText('that ozone is never breathed in')).toBeVisible();
  const sign = consent.getByRole('button', { name: 'Sign the consent' });
  await expect(sign).toBeDisabled();
  await consent.getByRole('textbox', { name: 'Your full name' }).fill('Tomás Herrera');
  await consent.getByRole('checkbox', { name: /I have read this consent/ }).check();
  await sign.click();
  // Once signed it leaves the list waiting for a signature and joins the consents given.
  await expect(page.getByRole('status').filter({ hasText: 'Consent signed' })).toContainText(title);
  await expect(consent).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("Waiting for the physician's countersignature").first()).toBeVisible();
  await expect(page.getByText(title).first()).toBeVisible();
  await expectAccessible(page, 'portal consent, signed');
});

test('the patient sees who opened their record, staff included', async ({ pageAs }) => {
  const page = await pageAs('patient');
  // A physician opens the record now, so the newest page of the log holds a staff access whatever ran before.
  const { patientId } = await sessionOf(page);
  const physician = await pageAs('physician');
  expect((await physician.request.get(`/api/patients/${patientId!}`)).status()).toBe(200);
  await page.goto('/portal/access-log');
  const log = page.getByRole('table', { name: 'Accesses to your record, newest first' });
  await expect(log.getByRole('row').filter({ hasText: 'Physician' }).first()).toBeVisible();
  // The patient's own visits are listed too.
  await expect(log.getByRole('row').filter({ hasText: 'Tomás Herrera · Patient' }).first()).toBeVisible();
  await saveScreenshot(page, 'portal-access-log');
});

test('a patient who opens the clinic app is sent to the portal', async ({ pageAs }) => {
  const page = await pageAs('patient');
  await page.goto('/today');
  await expect(page).toHaveURL(/\/portal$/);
  await page.goto('/patients');
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole('link', { name: 'Patients' })).toHaveCount(0);
});
