// Test helpers for the clinical-record API: a client bound to a signed-in session, a clinic opened through the API
// (one user per clinical role, an approved library, a consent template), and a patient treated through the API from
// registration to a signed session. Everything goes through the routes, as a browser would.
//
//   const clinic = await openClinic(app);
//   const record = await treatedPatient(app, clinic);
//   await clinic.nurse.api.get(`/api/sessions/${record.sessionId}`);

import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { SignedIn, TestUser } from './auth.ts';
import { signInAs } from './auth.ts';
import { kneeIntake } from './well-screened-intake.ts';

export interface ApiClient {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
}

/** A client sending the session's cookie and CSRF header (none when `session` is undefined). */
export function apiClient(app: FastifyInstance, session?: SignedIn): ApiClient {
  const headers = () => session?.headers() ?? {};
  const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: headers(),
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  return {
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body),
    put: (url, body) => send('PUT', url, body),
    patch: (url, body) => send('PATCH', url, body),
  };
}

/** The JSON body of a response that must have `status`; the assertion message shows the body otherwise. */
export function expectJson<T>(response: LightMyRequestResponse, status: number): T {
  assert.equal(response.statusCode, status, `${response.statusCode}: ${response.body}`);
  return response.json<T>();
}

export type StaffMember = SignedIn & TestUser & { readonly api: ApiClient };

export interface Clinic {
  readonly director: StaffMember;
  readonly physician: StaffMember;
  readonly nurse: StaffMember;
  readonly coordinator: StaffMember;
  readonly libraryVersionId: string;
  /** A consent template covering intra-articular ozone. */
  readonly consentTemplateId: string;
}

async function staff(app: FastifyInstance, role: 'medical-director' | 'physician' | 'nurse' | 'coordinator') {
  const signedIn = await signInAs(app, role);
  return { ...signedIn, api: apiClient(app, signedIn) };
}

/** Staff for each clinical role, the template approved as the clinic's library, and a knee consent template. */
export async function openClinic(app: FastifyInstance): Promise<Clinic> {
  const director = await staff(app, 'medical-director');
  const { versions } = expectJson<{ versions: { id: string; version: string }[] }>(
    await director.api.get('/api/library/versions'),
    200,
  );
  const template = versions.find((v) => v.version === 'template-1');
  assert.ok(template, 'the template is listed');
  const draft = expectJson<{ version: { id: string } }>(
    await director.api.post('/api/library/versions', {
      basedOn: template.id,
      note: 'reviewed for our clinic',
    }),
    201,
  );
  expectJson(await director.api.post(`/api/library/versions/${draft.version.id}/approve`), 200);
  const consent = expectJson<{ template: { id: string } }>(
    await director.api.post('/api/consent-templates', {
      key: `intra-articular-${crypto.randomUUID().slice(0, 8)}`,
      language: 'en',
      title: 'Intra-articular ozone',
      body: 'Ozone is an adjunct, not a cure. The FDA position… It is never inhaled…',
      techniques: ['intra-articular'],
    }),
    201,
  );
  return {
    director,
    physician: await staff(app, 'physician'),
    nurse: await staff(app, 'nurse'),
    coordinator: await staff(app, 'coordinator'),
    libraryVersionId: draft.version.id,
    consentTemplateId: consent.template.id,
  };
}

export const KNEE_PLAN = {
  goal: { code: 'knee-osteoarthritis' },
  technique: 'intra-articular',
  escalationSchedule: [
    { concentrationUgPerMl: 10, gasVolumeMl: 10 },
    { concentrationUgPerMl: 20, gasVolumeMl: 10 },
  ],
  courseSessions: 6,
  programme: [{ component: 'rehabilitation', timing: 'alongside' }],
};

export interface TreatedPatient {
  readonly patientId: string;
  readonly planId: string;
  readonly orderId: string;
  readonly consentId: string;
  readonly sessionId: string;
  readonly adverseEventId: string;
}

/** A patient taken through the API to one signed session with a (grade 1) adverse event. */
export async function treatedPatient(
  app: FastifyInstance,
  clinic: Clinic,
  name: { readonly givenName: string; readonly familyName: string } = {
    givenName: 'Test',
    familyName: 'Patient',
  },
): Promise<TreatedPatient> {
  const { coordinator, physician, nurse } = clinic;
  const { patient } = expectJson<{ patient: { id: string } }>(
    await coordinator.api.post('/api/patients', { ...name, birthDate: '1976-03-14', sex: 'male' }),
    201,
  );
  const base = `/api/patients/${patient.id}`;
  expectJson(await physician.api.put(`${base}/intake`, kneeIntake(app.now())), 200);
  const { plan } = expectJson<{ plan: { id: string } }>(
    await physician.api.post(`${base}/plans`, KNEE_PLAN),
    201,
  );
  const { order } = expectJson<{ order: { id: string } }>(
    await physician.api.post(`/api/plans/${plan.id}/orders`, {
      values: { concentrationUgPerMl: 10, gasVolumeMl: 10 },
    }),
    201,
  );
  const { consent } = expectJson<{ consent: { id: string } }>(
    await coordinator.api.post(`${base}/consents`, {
      templateId: clinic.consentTemplateId,
      patientSignature: { name: `${name.givenName} ${name.familyName}`, method: 'wet-ink' },
    }),
    201,
  );
  expectJson(await physician.api.post(`/api/consents/${consent.id}/countersign`), 200);
  const { session } = expectJson<{ session: { id: string } }>(
    await nurse.api.post(`/api/orders/${order.id}/sessions`, {}),
    201,
  );
  expectJson(
    await nurse.api.patch(`/api/sessions/${session.id}`, {
      startedAt: app.now().toISOString(),
      consentId: consent.id,
      operator: { id: nurse.user.id, credentials: ['ozone-therapy'] },
      supervisingPhysicianId: physician.user.id,
    }),
    200,
  );
  expectJson(await physician.api.post(`/api/sessions/${session.id}/sign`, {}), 200);
  const { adverseEvent } = expectJson<{ adverseEvent: { id: string } }>(
    await nurse.api.post(`/api/sessions/${session.id}/adverse-events`, {
      grade: 1,
      description: 'mild knee ache',
    }),
    201,
  );
  return {
    patientId: patient.id,
    planId: plan.id,
    orderId: order.id,
    consentId: consent.id,
    sessionId: session.id,
    adverseEventId: adverseEvent.id,
  };
}
