// Issue 5's round trip: export a patient as an IPS document (Patient/$summary), import it into a fresh clinic
// (POST /api/patients/import), screen — and get the same findings. Two clinics, two databases, one clock: the
// screenings are taken at the same moment, so freshness windows cannot differ. A second check runs the same round on
// a public example document against `o3care check`'s reading of the same file.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Bundle } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { screenPatient } from '../src/clinical/engine.ts';
import type { Finding } from '../src/clinical/findings.ts';
import { TEMPLATE_LIBRARY } from '../src/clinical/library.ts';
import { extractRecord } from '../src/fhir/extract-record.ts';
import { buildApp } from '../src/server/app.ts';
import type { ImportReport } from '../src/server/services/patient-import.ts';
import type { Clinic } from '../src/server/testing/clinic-api.ts';
import { expectJson, openClinic, treatedPatient } from '../src/server/testing/clinic-api.ts';
import { kneeIntake } from '../src/server/testing/well-screened-intake.ts';
import type { Store } from '../src/store/database.ts';
import { openStore } from '../src/store/database.ts';

const NOW = new Date('2026-11-27T09:00:00Z');
const EXAMPLES = join(import.meta.dirname, '../../shared/fhir-examples');

interface Screening {
  readonly findings: readonly Finding[];
  readonly eligibility: Readonly<Record<string, string>>;
}

/** What a clinician compares: each finding's rule, severity and techniques (evidence names each clinic's own rows). */
const verdict = (screening: Screening) => ({
  findings: screening.findings
    .map((finding) => `${finding.ruleId} ${finding.severity} ${[...finding.techniques].sort().join(',')}`)
    .sort(),
  eligibility: screening.eligibility,
});

interface OpenClinic {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly clinic: Clinic;
}

async function openFreshClinic(): Promise<OpenClinic> {
  const store = await openStore({ dataDir: undefined });
  const app = await buildApp({ store, now: () => NOW });
  await app.ready();
  return { store, app, clinic: await openClinic(app) };
}

describe('IPS round trip: export a patient, import into a fresh clinic, screen', () => {
  let home: OpenClinic;
  let away: OpenClinic;
  before(async () => {
    home = await openFreshClinic();
    away = await openFreshClinic();
  });
  after(async () => {
    for (const { app, store } of [home, away]) {
      await app.close();
      await store.close();
    }
  });

  async function roundTrip(patientId: string): Promise<{ exported: Screening; imported: ImportReport }> {
    const { physician, coordinator } = home.clinic;
    const summary = await physician.api.get(`/fhir/R4/Patient/${patientId}/$summary`);
    assert.equal(summary.statusCode, 200, summary.body);
    const document = summary.json<Bundle>();
    assert.equal(document.type, 'document');
    // The latest screening at home is taken again at NOW, so that both clinics screen at the same moment.
    expectJson(
      await physician.api.put(`/api/patients/${patientId}/intake`, await currentIntakeBody(patientId)),
      200,
    );
    const exported = expectJson<{ screening: Screening }>(
      await coordinator.api.get(`/api/patients/${patientId}/screening`),
      200,
    ).screening;
    const response = await away.app.inject({
      method: 'POST',
      url: '/api/patients/import',
      headers: { ...away.clinic.coordinator.headers(), 'content-type': 'application/fhir+json' },
      payload: JSON.stringify(document),
    });
    const imported = expectJson<ImportReport>(response, 201);
    return { exported, imported };
  }

  /** The patient's current intake as a PUT body (no new facts): screening runs again, nothing else changes. */
  async function currentIntakeBody(patientId: string): Promise<unknown> {
    const current = expectJson<{ intake: { intake: unknown } }>(
      await home.clinic.physician.api.get(`/api/patients/${patientId}/intake`),
      200,
    );
    return { intake: current.intake.intake };
  }

  test('a treated knee patient screens the same in the clinic that imported their summary', async () => {
    const patient = await treatedPatient(home.app, home.clinic, { givenName: 'Rosa', familyName: 'Round' });
    const { exported, imported } = await roundTrip(patient.patientId);
    assert.equal(imported.patient.outcome, 'created');
    assert.ok(
      imported.imported.some((item) => item.intakeVersion === 1),
      'the o3care intake came across',
    );
    assert.deepEqual(verdict(imported.screening), verdict(exported));
  });

  test('a patient with contraindications, an anticoagulant and a grade 3 adverse event keeps every finding', async () => {
    const patient = await treatedPatient(home.app, home.clinic, { givenName: 'Carl', familyName: 'Contra' });
    const { physician, nurse } = home.clinic;
    const body = kneeIntake(NOW);
    expectJson(
      await physician.api.put(`/api/patients/${patient.patientId}/intake`, {
        ...body,
        facts: [
          { kind: 'medications', value: { drugClass: 'vka', name: 'warfarin' }, effective: '2026-10-01' },
          { kind: 'seizureDisorder', value: true, effective: '2019-05-01' },
          { kind: 'plateletsE9PerL', value: 90, effective: '2026-11-20' },
          { kind: 'alcoholIntoxication', value: true },
        ],
      }),
      200,
    );
    expectJson(
      await nurse.api.post(`/api/sessions/${patient.sessionId}/adverse-events`, {
        grade: 3,
        description: 'vasovagal collapse',
      }),
      201,
    );
    const { exported, imported } = await roundTrip(patient.patientId);
    const rules = verdict(exported).findings.join('\n');
    for (const rule of [
      'contraindication.ozone-intolerance',
      'contraindication.seizure-disorder',
      'contraindication.acute-intoxication',
    ]) {
      assert.match(rules, new RegExp(rule.replace('.', '\\.')), `the home screening finds ${rule}`);
    }
    // The session itself stays at home; its grade 3 adverse event crosses as ozone intolerance (decision 0012).
    const intolerance = imported.imported.flatMap((item) =>
      item.facts.filter((fact) => fact.kind === 'ozoneIntolerance').map(() => item.type),
    );
    assert.deepEqual(intolerance, ['Procedure']);
    assert.deepEqual(verdict(imported.screening), verdict(exported));
  });

  test('a public IPS document imported screens as o3care check reads the same file', async () => {
    for (const file of ['ihe-fiio-ips-all-sections-pregnancy.json', 'ch-ips-swiss-example-de.json']) {
      const document = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as unknown;
      const checked = extractRecord(document);
      assert.ok(checked.ok, file);
      const approved = { ...TEMPLATE_LIBRARY, status: 'approved' as const };
      const expected = screenPatient(checked.facts, checked.history, { library: approved, asOf: NOW });
      const response = await away.app.inject({
        method: 'POST',
        url: '/api/patients/import',
        headers: away.clinic.coordinator.headers(),
        payload: document as object,
      });
      const report = response.json<ImportReport>();
      assert.equal(response.statusCode, 201, response.body);
      assert.deepEqual(verdict(report.screening), verdict(expected), file);
    }
  });
});
