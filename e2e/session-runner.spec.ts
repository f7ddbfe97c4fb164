// The session runner: a nurse runs a session step by step with the keyboard alone (day-of check, vitals, consent,
// checklist, staff and generator, values, a grade-1 adverse event, notes), it waits for the physician, who signs it;
// a signed session is read-only and corrected by amendment; a hard stop (consent withdrawn) keeps it from completion.
import type { Page } from '@playwright/test';
import { createPatientWithSignedOrder, csrfToken, send, withdrawConsent } from './support/care-setup.ts';
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';
import { tabTo } from './support/keyboard.ts';

async function next(page: Page, heading: string) {
  await tabTo(page, page.getByRole('button', { name: 'Save and continue' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
}

async function typeInto(page: Page, label: string | RegExp, text: string) {
  await tabTo(page, page.getByLabel(label, { exact: true }));
  await page.keyboard.type(text);
}

test('a nurse runs a session with the keyboard alone, it awaits the physician, who signs it', async ({
  pageAs,
}) => {
  test.setTimeout(300_000);
  const physician = await pageAs('physician');
  const care = await createPatientWithSignedOrder(physician.request, await csrfToken(physician.request));

  const nurse = await pageAs('nurse');
  await nurse.goto(`/patients/${care.patientId}/sessions`);
  await expect(nurse.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();
  await expectAccessible(nurse, 'sessions');
  await tabTo(nurse, nurse.getByRole('button', { name: /Start session/ }));
  await nurse.keyboard.press('Enter');
  await expect(nurse).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const runnerUrl = nurse.url();

  // Day-of check: record the start, which also runs the check.
  await expect(nurse.getByRole('heading', { level: 2, name: 'Day-of check' })).toBeVisible();
  await tabTo(nurse, nurse.getByRole('button', { name: 'Record start time now' }));
  await nurse.keyboard.press('Enter');
  await expect(nurse.getByText(/Day-of check as of/).first()).toBeVisible();
  await next(nurse, 'Vital signs');

  await typeInto(nurse, 'Systolic blood pressure (mmHg)', '128');
  await typeInto(nurse, 'Diastolic blood pressure (mmHg)', '82');
  await typeInto(nurse, 'Heart rate (beats/min)', '72');
  await typeInto(nurse, 'Oxygen saturation SpO₂ (%)', '98');
  await next(nurse, 'Consent');

  const consent = nurse.getByLabel('Consent checked today');
  await tabTo(nurse, consent);
  await nurse.keyboard.press('ArrowDown');
  await expect(consent).toHaveValue(care.consentId);
  await next(nurse, 'Sterile and ozone-safety checklist');

  const items = nurse
    .getByRole('group', { name: 'Sterile and ozone-safety checklist' })
    .getByRole('checkbox');
  const count = await items.count();
  expect(count).toBe(8);
  for (let i = 0; i < count; i++) {
    await tabTo(nurse, items.nth(i));
    await nurse.keyboard.press('Space');
    await expect(items.nth(i)).toBeChecked();
  }
  await next(nurse, 'Staff and generator');

  await tabTo(nurse, nurse.getByRole('checkbox', { name: 'Ozone therapy training' }));
  await nurse.keyboard.press('Space');
  const supervisor = nurse.getByLabel('Supervising physician');
  await tabTo(nurse, supervisor);
  await nurse.keyboard.type('Dr Pablo');
  await expect(supervisor.locator('option:checked')).toHaveText('Dr Pablo Ortiz');
  await typeInto(nurse, 'Generator device ID', 'GEN-7');
  await typeInto(nurse, 'Concentration read on the generator (µg/mL)', '10');
  await next(nurse, 'Administered values');

  await expect(nurse.getByLabel('Concentration (µg/mL)')).toHaveValue('10');
  await typeInto(nurse, 'Duration (min)', '5');
  await next(nurse, 'Adverse events');

  const grade = nurse.getByLabel('Grade');
  await tabTo(nurse, grade);
  await nurse.keyboard.press('ArrowDown');
  await expect(grade.locator('option:checked')).toHaveText('Grade 1: mild');
  await typeInto(nurse, 'What happened', 'Brief ache');
  await tabTo(nurse, nurse.getByRole('button', { name: 'Report adverse event' }));
  await nurse.keyboard.press('Enter');
  const events = nurse.getByRole('list', { name: 'Adverse events of this session' });
  await expect(events.getByRole('listitem')).toHaveCount(1);
  await expect(events).toContainText('Grade 1: mild');
  await next(nurse, 'Notes and signature');

  await typeInto(nurse, 'Notes', 'Tolerated well.');
  await tabTo(nurse, nurse.getByRole('button', { name: 'Complete session' }));
  await nurse.keyboard.press('Enter');
  await expect(nurse.getByText('Awaiting physician signature')).toBeVisible();
  await expect(nurse.getByText('The session cannot be completed yet')).toHaveCount(0);
  // A nurse completes; only a physician signs.
  await expect(nurse.getByRole('button', { name: /^Sign session/ })).toHaveCount(0);
  await expectAccessible(nurse, 'session-runner');
  await saveScreenshot(nurse, 'session-runner');

  // The physician opens the same session and signs it.
  await physician.goto(runnerUrl);
  await expect(physician.getByRole('heading', { level: 1, name: /^Session:/ })).toBeVisible();
  await physician.getByRole('button', { name: /Notes and signature/ }).click();
  await expect(physician.getByLabel('Notes', { exact: true })).toHaveValue('Tolerated well.');
  await physician.getByRole('button', { name: 'Sign session as supervising physician' }).click();
  await expect(physician.getByText(/This session is signed and cannot be edited/)).toBeVisible();
  await expect(physician.getByRole('button', { name: 'Save and continue' })).toHaveCount(0);
  const recordTable = physician.getByRole('table', { name: 'Session record' });
  await expect(recordTable).toContainText('Dr Pablo Ortiz');
  await expect(recordTable).toContainText('Tolerated well.');

  // A correction is an amendment, shown as such; the signed row stays.
  await physician.getByLabel('Field').selectOption({ label: 'Duration (min)' });
  await physician.getByLabel('Corrected value').fill('6');
  await physician.getByLabel('Reason for the correction').fill('Timer read after the needle came out');
  await physician.getByRole('button', { name: 'Save amendment' }).click();
  await expect(physician.getByText('1 amendment')).toBeVisible();
  await expect(recordTable.getByRole('row', { name: /Duration \(min\)/ })).toContainText('6');
  await expect(recordTable.getByRole('row', { name: /Duration \(min\)/ })).toContainText('Amended');
  await expectAccessible(physician, 'signed session');
});

test('a session cannot be completed or signed while a hard stop stands: the consent was withdrawn', async ({
  pageAs,
}) => {
  const physician = await pageAs('physician');
  const csrf = await csrfToken(physician.request);
  const care = await createPatientWithSignedOrder(physician.request, csrf);
  const me = (await (await physician.request.get('/api/auth/session')).json()) as { user: { id: string } };
  // Withdrawn before the session starts: the day-of check (as of the start) finds the consent no longer stands.
  await withdrawConsent(physician.request, csrf, care.consentId);
  const { session } = await send<{ session: { id: string } }>(
    physician.request,
    csrf,
    'POST',
    `/api/orders/${care.orderId}/sessions`,
    {},
    201,
  );
  await send(
    physician.request,
    csrf,
    'PATCH',
    `/api/sessions/${session.id}`,
    {
      startedAt: new Date().toISOString(),
      consentId: care.consentId,
      operator: { id: me.user.id, credentials: ['ozone-therapy'] },
      supervisingPhysicianId: me.user.id,
    },
    200,
  );

  const nurse = await pageAs('nurse');
  await nurse.goto(`/patients/${care.patientId}/sessions/${session.id}`);
  await nurse.getByRole('button', { name: /Notes and signature/ }).click();
  await nurse.getByRole('button', { name: 'Save and run the day-of check' }).last().click();
  const blocked = nurse.getByText('The session cannot be completed yet');
  await expect(blocked).toBeVisible();
  await expect(nurse.getByText('Consent expired or withdrawn').first()).toBeVisible();
  await expect(nurse.getByText('The patient withdrew consent for this technique.').first()).toBeVisible();
  await expect(nurse.getByRole('button', { name: 'Complete session' })).toBeDisabled();
  await expect(nurse.getByText('Awaiting physician signature')).toHaveCount(0);

  await physician.goto(`/patients/${care.patientId}/sessions/${session.id}`);
  await physician.getByRole('button', { name: /Notes and signature/ }).click();
  await expect(
    physician.getByRole('button', { name: 'Sign session as supervising physician' }),
  ).toBeDisabled();
  // The server refuses too, whatever the page shows.
  const refused = await physician.request.post(`/api/sessions/${session.id}/sign`, {
    data: {},
    headers: { 'x-csrf-token': csrf },
  });
  expect(refused.status()).toBe(422);
});
