// The ten public FHIR R4 documents in ../shared/fhir-examples (see its README for what each one holds).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { PatientFacts } from '../clinical/facts.ts';
import type { ExtractResult } from './extract-record.ts';
import { extractRecord } from './extract-record.ts';

const EXAMPLES = new URL('../../../shared/fhir-examples/', import.meta.url);

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8'));
}

function extractExample(name: string): Extract<ExtractResult, { ok: true }> {
  const result = extractRecord(load(name));
  if (!result.ok) assert.fail(`${name}: ${result.error.path}: ${result.error.message}`);
  return result;
}

/** The names of the fact lists that hold something. */
function nonEmptyLists(facts: PatientFacts): string[] {
  return Object.entries(facts)
    .filter(([, value]) => Array.isArray(value) && value.length > 0)
    .map(([key]) => key);
}

describe('public IPS and lab documents', () => {
  test('every example file extracts without error', () => {
    const files = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'));
    assert.equal(files.length, 10);
    for (const name of files) {
      const result = extractExample(name);
      assert.ok(result.facts.sex !== undefined, name);
    }
  });

  test('the IHE pregnancy summary gives sex, birth date, death, pregnancy status and vitals converted from US units', () => {
    const { facts, issues } = extractExample('ihe-fiio-ips-all-sections-pregnancy.json');
    assert.equal(facts.sex, 'female');
    assert.equal(facts.birthDate, '1996-05-01');
    assert.equal(facts.deceased?.effective, '2024-06-30');
    assert.deepEqual(facts.pregnancy, [
      {
        value: { pregnant: true, basis: 'status' },
        effective: '2014-02-01',
        provenance: {
          resource: 'Observation/525840ed-762d-44c5-a0bf-bac7a275ad80',
          code: 'http://loinc.org|82810-3',
        },
      },
    ]);
    assert.equal(facts.weightKg.length, 1);
    assert.ok(Math.abs((facts.weightKg[0]?.value ?? 0) - 104.33) < 0.005, 'weight 230 lb ≈ 104.33 kg');
    assert.deepEqual(
      facts.heightCm.map((fact) => fact.value),
      [180.34],
    );
    // Oseltamivir is a completed course; the influenza antigen in g/dL is not a haemoglobin.
    assert.deepEqual(facts.medications, []);
    assert.deepEqual(facts.haemoglobinGPerDl, []);
    assert.deepEqual(nonEmptyLists(facts).sort(), ['heightCm', 'pregnancy', 'weightKg']);
    assert.deepEqual(issues, []);
  });

  test('a Swiss record coding ramipril only by GTIN is still recognised as an ACE inhibitor', () => {
    const { facts } = extractExample('ch-ips-swiss-example-de.json');
    assert.deepEqual(facts.medications, [
      {
        value: { drugClass: 'ace-inhibitor', name: 'TRIATEC Tabl 2.5 mg' },
        provenance: {
          resource: 'MedicationStatement/c220e36c-eb67-4fc4-9ba1-2fabc52acec6',
          code: 'text:ramipril',
        },
      },
    ]);
  });

  test('the Swiss record’s metoprolol is not classed: beta blockers are not screened', () => {
    const { facts } = extractExample('ch-ips-swiss-example-de.json');
    assert.ok(facts.medications.every((fact) => !/metoprolol|beloc/i.test(fact.value.name)));
  });

  test('the minimal IPS gives sex and birth date only: anastrozole is not a screened drug class', () => {
    const { facts, history, issues } = extractExample('uv-ips-minimal.json');
    assert.equal(facts.sex, 'female');
    assert.equal(facts.birthDate, '1972-05-01');
    assert.deepEqual(nonEmptyLists(facts), []);
    assert.equal(facts.deceased, undefined);
    assert.equal(facts.intake, undefined);
    assert.deepEqual(history, { sessions: [], outcomes: [], consents: undefined });
    assert.deepEqual(issues, []);
  });

  test('the Canadian summary’s nystatin request is read but not classed, whatever its status', () => {
    const record = load('ca-ps-ca-connectathon.json') as {
      entry: { resource: { resourceType: string; status?: string } }[];
    };
    assert.deepEqual(nonEmptyLists(extractExample('ca-ps-ca-connectathon.json').facts), []);
    const request = record.entry.find((entry) => entry.resource.resourceType === 'MedicationRequest');
    assert.ok(request);
    request.resource.status = 'active';
    const result = extractRecord(record);
    assert.ok(result.ok);
    assert.deepEqual(result.facts.medications, []);
    assert.deepEqual(result.issues, []);
  });

  test('a New Zealand summary stating "no known" problems, allergies and medications gives no facts', () => {
    const { facts, issues } = extractExample('nz-ps-no-clinical-info.json');
    assert.deepEqual(nonEmptyLists(facts), []);
    assert.deepEqual(issues, []);
  });

  test('a Taiwanese vaccination certificate gives no clinical facts and does not trip on its look-alike fullUrls', () => {
    const { facts, issues } = extractExample('tw-dcc-vaccination-document.json');
    assert.equal(facts.sex, 'male');
    assert.deepEqual(nonEmptyLists(facts), []);
    assert.deepEqual(issues, []);
  });

  test('an Argentine summary with Patient.active as a string and absolute URL references reads normally', () => {
    const { facts, issues } = extractExample('ar-ips-connectathon-es.json');
    assert.equal(facts.sex, 'female');
    assert.equal(facts.birthDate, '1969-11-01');
    assert.deepEqual(nonEmptyLists(facts), []);
    assert.deepEqual(issues, []);
  });

  test('a Swiss lab report keeps the partial birth date "2015-10" as written', () => {
    const { facts } = extractExample('ch-elm-lab-report-partial-birthdate.json');
    assert.equal(facts.birthDate, '2015-10');
    assert.equal(facts.patientId, '1Pat-18c78209c8b945a99ba5e7bc8067f676');
    // A positive chlamydia test is not a pregnancy test.
    assert.deepEqual(facts.pregnancy, []);
  });

  test('the Australian summary gives weight and height in metric units and an unknown administrative gender', () => {
    const { facts } = extractExample('au-ps-provider-summary.json');
    assert.equal(facts.sex, 'unknown');
    assert.deepEqual(
      facts.weightKg.map((fact) => fact.value),
      [88.6],
    );
    assert.deepEqual(
      facts.heightCm.map((fact) => fact.value),
      [175],
    );
    assert.deepEqual(facts.medications, []);
  });

  test('the full HL7 IPS example gives no screened facts from its blood typing, HbA1c or black cohosh', () => {
    const { facts, issues } = extractExample('uv-ips-bundle-01.json');
    assert.deepEqual(nonEmptyLists(facts), []);
    assert.deepEqual(issues, []);
  });
});
