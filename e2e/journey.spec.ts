// The whole journey of a medical traveller through the browser (issue 4): the patient states a goal in the portal
// before arrival, the physician screens, plans with a soft-limit override, the consent is signed on screen and
// countersigned, a nurse runs three sessions that the physician signs, the outcome at the review point shows the
// patient responded, and the reports count it.
//
// Set-up that has no screen of its own goes through the API, as staff do it: the coordinator registers the traveller,
// the administrator opens their portal account, and the clinician records the screening facts (G6PD, weight…) taken
// at the visit.
import type { Page } from '@playwright/test';
import { csrfToken, send } from './support/care-setup.ts';
import { expect, expectAccessible, test } from './support/fixtures.ts';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
const PARAVERTEBRAL = 'Intramuscular / paravertebral injection';

interface OutcomeReport {
  total: { responders: number; nonResponders: number };
}

async function outcomeReport(page: Page): Promise<OutcomeReport> {
  return (await (await page.request.get('/api/reports/outcomes')).json()) as OutcomeReport;
}

/** A nurse takes one session through the runner (mouse and keyboard), ending with "Complete session". */
async function runSession(nurse: Page, patientId: string): Promise<string> {
  await nurse.goto(`/patients/${patientId}/sessions`);
  await nurse
    .getByRole('button', { name: /Start session/ })
    .first()
    .click();
  await expect(nurse).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const next = async (heading: string) => {
    await nurse.getByRole('button', { name: 'Save and continue' }).click();
    await expect(nurse.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  };
  await nurse.getByRole('button', { name: 'Record start time now' }).click();
  await expect(nurse.getByText(/Day-of check as of/).first()).toBeVisible();
  await next('Vital signs');
  await nurse.getByLabel('Systolic blood pressure (mmHg)', { exact: true }).fill('124');
  await nurse.getByLabel('Diastolic blood pressure (mmHg)', { exact: true }).fill('80');
  await nurse.getByLabel('Heart rate (beats/min)', { exact: true }).fill('70');
  await nurse.getByLabel('Oxygen saturation SpO₂ (%)', { exact: true }).fill('98');
  await next('Consent');
  await nurse.getByLabel('Consent checked today').selectOption({ index: 1 });
  await next('Sterile and ozone-safety checklist');
  const items = nurse
    .getByRole('group', { name: 'Sterile and ozone-safety checklist' })
    .getByRole('checkbox');
  for (let i = 0; i < (await items.count()); i++) await items.nth(i).check();
  await next('Staff and generator');
  await nurse.getByRole('checkbox', { name: 'Ozone therapy training' }).check();
  await nurse.getByLabel('Supervising physician').selectOption({ label: 'Dr Pablo Ortiz' });
  await nurse.getByLabel('Generator device ID', { exact: true }).fill('GEN-7');
  await nurse.getByLabel('Concentration read on the generator (µg/mL)', { exact: true }).fill('25');
  await next('Administered values');
  await expect(nurse.getByLabel('Concentration (µg/mL)')).toHaveValue('25');
  await nurse.getByLabel('Duration (min)', { exact: true }).fill('5');
  await next('Adverse events');
  await next('Notes and signature');
  await nurse.getByLabel('Notes', { exact: true }).fill('Tolerated well.');
  await nurse.getByRole('button', { name: 'Complete session' }).click();
  await expect(nurse.getByText('Awaiting physician signature')).toBeVisible();
  return nurse.url();
}

/** The supervising physician signs, giving a coded reason for each warning of the day-of check. */
async function signSession(physician: Page, runnerUrl: string): Promise<void> {
  await physician.goto(runnerUrl);
  await physician.getByRole('button', { name: /Notes and signature/ }).click();
  const reasons = physician.getByRole('combobox', { name: /^Reason to go ahead/ });
  await expect(
    physician.getByRole('button', { name: 'Sign session as supervising physician' }),
  ).toBeVisible();
  for (let i = 0; i < (await reasons.count()); i++) await reasons.nth(i).selectOption('titration-plan');
  await physician.getByRole('button', { name: 'Sign session as supervising physician' }).click();
  await expect(physician.getByText(/This session is signed and cannot be edited/)).toBeVisible();
}

test('portal intake, screening, a plan with a soft-limit override, consent, three sessions, the outcome at the review point, and the report', async ({
  browser,
  clinic,
  pageAs,
}) => {
  test.setTimeout(600_000);
  const coordinator = await pageAs('coordinator');
  const suffix = Date.now().toString(36);
  const { patient } = await send<{ patient: { id: string } }>(
    coordinator.request,
    await csrfToken(coordinator.request),
    'POST',
    '/api/patients',
    { givenName: 'Marco', familyName: `Viajero-${suffix}`, birthDate: '1968-06-02', sex: 'male' },
    201,
  );
  const admin = await pageAs('admin');
  const username = `traveller-${suffix}`;
  const password = `Sunny balcony ${suffix} 2026!`;
  await send(
    admin.request,
    await csrfToken(admin.request),
    'POST',
    '/api/users',
    { username, displayName: `Marco Viajero-${suffix}`, role: 'patient', password, patientId: patient.id },
    201,
  );

  // 1. Before arrival: the traveller signs in to the portal and states the goal.
  const portal = await (await browser.newContext({ baseURL: clinic.url })).newPage();
  await portal.goto('/sign-in');
  await portal.getByLabel('Username').fill(username);
  await portal.getByLabel(/^Password/).fill(password);
  await portal.getByRole('button', { name: 'Sign in' }).click();
  await expect(portal).toHaveURL(/\/portal$/);
  await portal.goto('/portal/intake');
  await portal.getByRole('combobox', { name: 'What would you like help with?' }).click();
  await portal.getByRole('option', { name: 'Low back pain' }).click();
  await portal
    .getByRole('textbox', { name: 'Your goal in your own words' })
    .fill('Garden again without back pain');
  await portal.getByRole('radio', { name: 'Some help alongside my usual treatment' }).check();
  await portal.getByRole('button', { name: 'Send to the clinic' }).click();
  await expect(portal.getByRole('status').filter({ hasText: 'Sent to the clinic' })).toBeVisible();

  // 2. At the visit: the clinician records what screening needs, keeping the traveller's own goal.
  const physician = await pageAs('physician');
  const csrf = await csrfToken(physician.request);
  const stated = (await (await physician.request.get(`/api/patients/${patient.id}/intake`)).json()) as {
    intake: { intake: { goal: { code: string; text?: string } } };
  };
  expect(stated.intake.intake.goal).toEqual({
    code: 'low-back-pain',
    text: 'Garden again without back pain',
  });
  await send(
    physician.request,
    csrf,
    'PUT',
    `/api/patients/${patient.id}/intake`,
    {
      intake: {
        ...stated.intake.intake,
        fundamentalsAssessed: [
          'sleep',
          'metabolic-health',
          'movement',
          'diagnostics',
          'rehabilitation',
          'inflammatory-drivers',
        ],
        expectsCure: false,
        oxidativeBurden: 'low',
        unstableMedicalIssues: false,
      },
      facts: [
        { kind: 'g6pd', value: 'normal', effective: daysAgo(200) },
        { kind: 'weightKg', value: 82, effective: daysAgo(1) },
        { kind: 'heightCm', value: 179, effective: daysAgo(1) },
        { kind: 'haemoglobinGPerDl', value: 14.5, effective: daysAgo(1) },
      ],
    },
    200,
  );

  // 3. Screening: the paravertebral injection fits and is eligible.
  await physician.goto(`/patients/${patient.id}/screening`);
  await expect(physician.getByRole('heading', { level: 1, name: /Screening/ })).toBeVisible();
  const paravertebral = physician.getByRole('row', { name: new RegExp(PARAVERTEBRAL) });
  await expect(paravertebral).toContainText('No objection found');
  await expectAccessible(physician, 'journey: screening');

  // The baseline outcome, before the first session.
  await physician.goto(`/patients/${patient.id}/outcomes`);
  await expect(physician.getByLabel('When in the course')).toHaveValue('baseline');
  await physician.getByLabel(/^Value/).fill('7');
  await physician.getByRole('button', { name: 'Save measure' }).click();
  await expect(physician.getByRole('status')).toHaveText('Measure saved.');

  // 4. The plan: 25 µg/mL is above the usual range, so it needs a coded reason; review after 3 sessions.
  await physician.goto(`/patients/${patient.id}/plan`);
  await physician.getByRole('radio', { name: new RegExp(PARAVERTEBRAL) }).check();
  await physician.getByLabel('Concentration (µg/mL)').fill('25');
  await physician.getByLabel('Gas volume (mL)').fill('10');
  const reason = physician.getByLabel(/^Reason to go ahead: Concentration above the usual range/);
  await expect(reason).toBeVisible();
  await reason.selectOption({ label: 'Planned titration' });
  await physician.getByLabel('Review after (sessions)').fill('3');
  await physician.getByRole('button', { name: 'Sign the plan and its first order' }).click();
  await expect(physician.getByText('Plan and first order signed')).toBeVisible();

  // 5. Consent: the traveller signs on the clinic's screen, the physician countersigns.
  await physician.goto(`/patients/${patient.id}/consent`);
  await physician
    .getByRole('combobox', { name: 'Technique to consent to' })
    .selectOption({ label: PARAVERTEBRAL });
  await physician.getByRole('checkbox', { name: /The patient has read this consent/ }).check();
  const pad = physician.getByRole('img', { name: /Patient's signature/ });
  const box = (await pad.boundingBox())!;
  await physician.mouse.move(box.x + 30, box.y + box.height * 0.6);
  await physician.mouse.down();
  await physician.mouse.move(box.x + 140, box.y + box.height * 0.3, { steps: 8 });
  await physician.mouse.move(box.x + 240, box.y + box.height * 0.7, { steps: 8 });
  await physician.mouse.up();
  await physician.getByRole('button', { name: "Record the patient's signature" }).click();
  const consent = physician.getByRole('article').filter({ hasText: /Signed by Marco Viajero/ });
  await consent.getByRole('button', { name: 'Countersign' }).click();
  await expect(consent).toContainText('Signed and countersigned');

  // 6. Three sessions, each run by the nurse and signed by the physician (the second and third come sooner than the
  // library's interval, a warning the physician answers with a reason).
  const nurse = await pageAs('nurse');
  for (let session = 1; session <= 3; session++) {
    const runnerUrl = await runSession(nurse, patient.id);
    await signSession(physician, runnerUrl);
  }

  // 7. The outcome at the review point: 7 → 3 points is past the MCID, so the course continues.
  const before = await outcomeReport(physician);
  await physician.goto(`/patients/${patient.id}/outcomes`);
  await expect(physician.getByLabel('When in the course')).toHaveValue('review');
  await physician.getByLabel(/^Value/).fill('3');
  await physician.getByRole('button', { name: 'Save measure' }).click();
  await expect(physician.getByRole('status')).toHaveText('Measure saved.');
  await expect(physician.getByText('Course review: Continue')).toBeVisible();
  await expectAccessible(physician, 'journey: outcomes');

  // 8. The report counts the new responder and the override.
  const after = await outcomeReport(physician);
  expect(after.total.responders).toBe(before.total.responders + 1);
  await physician.goto('/reports');
  const judged = after.total.responders + after.total.nonResponders;
  await expect(
    physician.getByText(`${after.total.responders} of ${judged} courses that could be judged`),
  ).toBeVisible();
  await expect(physician.getByRole('region', { name: 'Soft-limit overrides, by reason' })).toContainText(
    'Planned titration',
  );
  await expectAccessible(physician, 'journey: reports');
});
