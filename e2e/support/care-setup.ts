// Shared API set-up for browser tests that need a patient further along the care pathway: registered, intake with a
// well-screened knee, a plan, a signed order and a signed, countersigned consent. Done through `page.request` of a
// page signed in as a physician (the routes a browser would call), so each test owns a fresh patient.
//
//   const page = await pageAs('physician');
//   const csrf = await csrfToken(page.request);
//   const care = await createPatientWithSignedOrder(page.request, csrf);
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect } from '@playwright/test';
import { kneeIntake } from '../../src/server/testing/well-screened-intake.ts';

export interface CareIds {
  readonly patientId: string;
  readonly planId: string;
  readonly orderId: string;
  readonly consentId: string;
}

/** The CSRF token of the request context's session (every write sends it back as `x-csrf-token`). */
export async function csrfToken(request: APIRequestContext): Promise<string> {
  const view = (await (await request.get('/api/auth/session')).json()) as { csrfToken?: string };
  expect(view.csrfToken, 'a signed-in session has a CSRF token').toBeTruthy();
  return view.csrfToken!;
}

async function json<T>(response: APIResponse, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** A JSON write with the CSRF header, answering `status`. */
export async function send<T>(
  request: APIRequestContext,
  csrf: string,
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  data: unknown,
  status: number,
): Promise<T> {
  return json<T>(await request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } }), status);
}

/** An adult with knee osteoarthritis whose record screens clean: G6PD normal, weight, height, haemoglobin. */
export const KNEE_INTAKE = () => kneeIntake(new Date());

/** The values of the knee order: inside the library's soft limits, so no override is needed. */
export const KNEE_ORDER_VALUES = { concentrationUgPerMl: 10, gasVolumeMl: 10 } as const;

/**
 * A new patient (named `givenName familyName`) taken to a signed intra-articular order with a signed and
 * countersigned consent, as a physician (or medical director) whose session `request` holds.
 */
export async function createPatientWithSignedOrder(
  request: APIRequestContext,
  csrf: string,
  name: { readonly givenName: string; readonly familyName: string } = {
    givenName: 'Marta',
    familyName: `Test-${crypto.randomUUID().slice(0, 6)}`,
  },
): Promise<CareIds> {
  const { patient } = await send<{ patient: { id: string } }>(
    request,
    csrf,
    'POST',
    '/api/patients',
    { ...name, birthDate: '1968-05-02', sex: 'female' },
    201,
  );
  const base = `/api/patients/${patient.id}`;
  await send(request, csrf, 'PUT', `${base}/intake`, KNEE_INTAKE(), 200);
  const { plan } = await send<{ plan: { id: string } }>(
    request,
    csrf,
    'POST',
    `${base}/plans`,
    {
      goal: { code: 'knee-osteoarthritis' },
      technique: 'intra-articular',
      escalationSchedule: [KNEE_ORDER_VALUES],
      courseSessions: 6,
      programme: [{ component: 'rehabilitation', timing: 'alongside' }],
    },
    201,
  );
  const { order } = await send<{ order: { id: string } }>(
    request,
    csrf,
    'POST',
    `/api/plans/${plan.id}/orders`,
    { values: KNEE_ORDER_VALUES },
    201,
  );
  const { templates } = await json<{ templates: { id: string; language: string; techniques: string[] }[] }>(
    await request.get('/api/consent-templates'),
    200,
  );
  const template =
    templates.find((t) => t.techniques.includes('intra-articular') && t.language === 'en') ??
    templates.find((t) => t.techniques.includes('intra-articular'));
  expect(template, 'the demo clinic has a consent template for intra-articular ozone').toBeTruthy();
  const { consent } = await send<{ consent: { id: string } }>(
    request,
    csrf,
    'POST',
    `${base}/consents`,
    {
      templateId: template!.id,
      techniques: ['intra-articular'],
      patientSignature: { name: `${name.givenName} ${name.familyName}`, method: 'wet-ink' },
    },
    201,
  );
  await send(request, csrf, 'POST', `/api/consents/${consent.id}/countersign`, {}, 200);
  return { patientId: patient.id, planId: plan.id, orderId: order.id, consentId: consent.id };
}

/** Records the patient's withdrawal of a consent (from then on the day-of check finds a hard stop). */
export async function withdrawConsent(
  request: APIRequestContext,
  csrf: string,
  consentId: string,
): Promise<void> {
  await send(
    request,
    csrf,
    'POST',
    `/api/consents/${consentId}/withdraw`,
    { reason: 'changed her mind' },
    200,
  );
}
