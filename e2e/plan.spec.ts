// The decision after screening: the plan builder checks dose values live (a soft limit asks for a coded reason, a hard
// limit blocks signing), the server refuses a hand-crafted request past a hard limit, the builder works from the
// keyboard alone, and a decision against ozone is recorded with its reason.
import type { Locator, Page } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './support/fixtures.ts';

const DAY_MS = 86_400_000;
const PARAVERTEBRAL = /Intramuscular \/ paravertebral injection/;

async function csrfHeaders(page: Page): Promise<Record<string, string>> {
  const view = (await (await page.request.get('/api/auth/session')).json()) as { csrfToken: string };
  return { 'x-csrf-token': view.csrfToken };
}

/** A new, well-screened adult with low back pain, registered and taken in through the API. */
async function lowBackPainPatient(page: Page, familyName: string): Promise<string> {
  const headers = await csrfHeaders(page);
  const created = await page.request.post('/api/patients', {
    headers,
    data: { givenName: 'Tomás', familyName, birthDate: '1971-04-09', sex: 'male', preferredLanguage: 'es' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { patient } = (await created.json()) as { patient: { id: string } };
  const dated = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  const intake = await page.request.put(`/api/patients/${patient.id}/intake`, {
    headers,
    data: {
      intake: {
        goal: { code: 'low-back-pain', text: 'I want to garden again without back pain' },
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
        { kind: 'g6pd', value: 'normal', effective: dated(300) },
        { kind: 'weightKg', value: 78, effective: dated(5) },
        { kind: 'heightCm', value: 176, effective: dated(5) },
        { kind: 'haemoglobinGPerDl', value: 14.2, effective: dated(5) },
      ],
    },
  });
  expect(intake.status(), await intake.text()).toBe(200);
  return patient.id;
}

/** Presses Tab until `target` has the focus (fails after `max` presses): the way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((element) => document.activeElement === element, handle)) return;
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

test('a soft limit asks for a coded reason and a hard limit blocks signing, as the values are typed', async ({
  pageAs,
}) => {
  const page = await pageAs('physician');
  const patientId = await lowBackPainPatient(page, 'Soft-Hard');
  await page.goto(`/patients/${patientId}/plan`);
  await expect(page.getByRole('heading', { level: 1, name: 'Plan' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Inhalation/ })).toBeDisabled();
  await page.getByRole('radio', { name: PARAVERTEBRAL }).check();

  const concentration = page.getByLabel('Concentration (µg/mL)');
  const sign = page.getByRole('button', { name: 'Sign the plan and its first order' });
  await concentration.fill('15');
  await page.getByLabel('Gas volume (mL)').fill('10');
  await expect(page.getByText('No findings: the values are inside the library')).toBeVisible();
  await expect(sign).toBeEnabled();

  await concentration.fill('25');
  const reason = page.getByLabel('Reason to go ahead: Concentration above the usual range');
  await expect(reason).toBeVisible();
  await expect(page.getByText('Outside the usual range: give a reason below')).toBeVisible();
  await expect(sign).toBeDisabled();
  await reason.selectOption({ label: 'Planned titration' });
  await expect(sign).toBeEnabled();
  await expectAccessible(page, 'plan builder');
  await saveScreenshot(page, 'plan-builder');

  await concentration.fill('35');
  await expect(page.getByText('Above the hard limit: this value cannot be signed.')).toBeVisible();
  await expect(concentration).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Blocked: a hard stop stands. Change the values.')).toBeVisible();
  await expect(sign).toBeDisabled();

  await concentration.fill('25');
  await expect(sign).toBeEnabled();
  await sign.click();
  await expect(page.getByText('Plan and first order signed')).toBeVisible();
  const plan = page.getByRole('article').filter({ hasText: 'Intramuscular / paravertebral injection' });
  await expect(plan).toContainText('1 order signed: 25 µg/mL · 10 mL gas');
  await expectAccessible(page, 'plan page with a plan');
});

test('a hand-crafted plan or order past a hard limit is refused by the server and nothing is stored', async ({
  pageAs,
}) => {
  const page = await pageAs('physician');
  const patientId = await lowBackPainPatient(page, 'Bypass');
  const headers = await csrfHeaders(page);
  const overLimit = { concentrationUgPerMl: 35, gasVolumeMl: 10 };
  const plan = {
    goal: { code: 'low-back-pain' },
    technique: 'paravertebral-im',
    courseSessions: 6,
  };

  const refusedPlan = await page.request.post(`/api/patients/${patientId}/plans`, {
    headers,
    data: { ...plan, escalationSchedule: [overLimit] },
  });
  expect(refusedPlan.status()).toBe(422);
  const problem = (await refusedPlan.json()) as { type: string; findings: { ruleId: string }[] };
  expect(problem.type).toMatch(/clinical-hard-stop$/);
  expect(problem.findings.map((f) => f.ruleId)).toContain('dose.concentration-above-hard-max');
  const plans = (await (await page.request.get(`/api/patients/${patientId}/plans`)).json()) as {
    plans: unknown[];
  };
  expect(plans.plans).toEqual([]);

  const accepted = await page.request.post(`/api/patients/${patientId}/plans`, {
    headers,
    data: { ...plan, escalationSchedule: [{ concentrationUgPerMl: 15, gasVolumeMl: 10 }] },
  });
  expect(accepted.status(), await accepted.text()).toBe(201);
  const { plan: stored } = (await accepted.json()) as { plan: { id: string } };
  const refusedOrder = await page.request.post(`/api/plans/${stored.id}/orders`, {
    headers,
    data: { values: overLimit },
  });
  expect(refusedOrder.status()).toBe(422);
  expect(((await refusedOrder.json()) as { type: string }).type).toMatch(/clinical-hard-stop$/);
  const orders = (await (await page.request.get(`/api/patients/${patientId}/orders`)).json()) as {
    orders: unknown[];
  };
  expect(orders.orders).toEqual([]);
});

test('the plan builder can be completed with the keyboard alone', async ({ pageAs }) => {
  const page = await pageAs('physician');
  const patientId = await lowBackPainPatient(page, 'Keyboard');
  await page.goto(`/patients/${patientId}/plan`);
  // The technique radios share one name; Tab enters their group at its first choice.
  const firstTechnique = page.locator('input[name="technique"]').first();
  await expect(firstTechnique).toBeVisible();

  await tabTo(page, firstTechnique);
  await page.keyboard.press('Space');
  const paravertebral = page.getByRole('radio', { name: PARAVERTEBRAL });
  for (let i = 0; i < 16 && !(await paravertebral.isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(paravertebral).toBeChecked();

  await tabTo(page, page.getByLabel('Concentration (µg/mL)'));
  await page.keyboard.type('15');
  await tabTo(page, page.getByLabel('Gas volume (mL)'));
  await page.keyboard.type('10');
  await expect(page.getByText('No findings: the values are inside the library')).toBeVisible();

  await tabTo(page, page.getByRole('checkbox', { name: 'Rehabilitation' }));
  await page.keyboard.press('Space');
  await expect(page.getByLabel('When: Rehabilitation')).toBeVisible();

  const sign = page.getByRole('button', { name: 'Sign the plan and its first order' });
  await expect(sign).toBeEnabled();
  await tabTo(page, sign);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Plan and first order signed')).toBeVisible();
  await expect(page.getByRole('article').filter({ hasText: 'Rehabilitation' })).toBeVisible();
});

test('the physician decides against ozone with a coded reason', async ({ pageAs }) => {
  const page = await pageAs('physician');
  const patientId = await lowBackPainPatient(page, 'Declines');
  await page.goto(`/patients/${patientId}/plan`);
  const record = page.getByRole('button', { name: 'Record the decision against ozone' });
  await expect(record).toBeDisabled();
  await page
    .getByRole('combobox', { name: 'Reason', exact: true })
    .selectOption({ label: 'Patient declined' });
  await record.click();
  await expect(page.getByText('Decision against ozone recorded')).toBeVisible();
  const timeline = (await (await page.request.get(`/api/patients/${patientId}/timeline`)).json()) as {
    events: { kind: string; detail: Record<string, unknown> }[];
  };
  expect(JSON.stringify(timeline.events)).toContain('patient-declined');
});

test('the plan builder in Spanish', async ({ pageAs }) => {
  const page = await pageAs('physician', { language: 'es' });
  const patientId = await lowBackPainPatient(page, 'Español');
  await page.goto(`/patients/${patientId}/plan`);
  await expect(page.getByRole('heading', { level: 2, name: 'Nuevo plan' })).toBeVisible();
  await page.getByRole('radio', { name: /Infiltración intramuscular \/ paravertebral/ }).check();
  await page.getByLabel('Concentración (µg/mL)').fill('25');
  await page.getByLabel('Volumen de gas (mL)').fill('10');
  await expect(
    page.getByLabel('Motivo para continuar: Concentración por encima del rango habitual'),
  ).toBeVisible();
  await expectAccessible(page, 'plan builder (es)');
  await saveScreenshot(page, 'plan-builder-es');
});
