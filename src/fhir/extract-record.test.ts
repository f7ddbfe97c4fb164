import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Composition, Medication, Observation, Quantity, Resource } from '@medplum/fhirtypes';
import {
  BASE,
  EXT,
  GOAL,
  PATIENT_ID,
  allergy,
  atc,
  bundle,
  concept,
  condition,
  consent,
  icd10cm,
  intakeResponse,
  loinc,
  medicationRequest,
  medicationStatement,
  observation,
  patient,
  quantityExtension,
  sct,
  session,
  status,
  ucum,
} from '../../test/fixtures/fhir/builders.ts';
import type { ExtractResult } from './extract-record.ts';
import { extractRecord } from './extract-record.ts';

type Extracted = Extract<ExtractResult, { ok: true }>;

function expectOk(result: ExtractResult): Extracted {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.path}: ${result.error.message}`);
  return result;
}

function expectError(result: ExtractResult): { path: string; message: string } {
  if (result.ok) assert.fail('expected ok:false');
  return result.error;
}

/** Extracts a collection Bundle of the patient plus `resources`. */
const extract = (...resources: Resource[]): Extracted =>
  expectOk(extractRecord(bundle([patient(), ...resources])));

const values = <T>(facts: readonly { value: T }[]): T[] => facts.map((fact) => fact.value);

describe('the record as a whole', () => {
  test('a value that is not a Bundle is refused at the root', () => {
    for (const input of ['hello', 42, null, [], { resourceType: 'Patient', id: 'p1' }, undefined]) {
      const error = expectError(extractRecord(input));
      assert.equal(error.path, '$');
      assert.match(error.message, /Bundle/);
    }
  });

  test('Bundle.entry that is not an array is refused with its path', () => {
    assert.equal(expectError(extractRecord({ resourceType: 'Bundle', entry: { a: 1 } })).path, '$.entry');
  });

  test('an empty Bundle gives empty facts and no consent records', () => {
    const result = expectOk(extractRecord({ resourceType: 'Bundle', type: 'collection' }));
    assert.deepEqual(result.facts.medications, []);
    assert.equal(result.history.consents, undefined);
    assert.deepEqual(result.issues, []);
  });

  test('a Bundle with more entries than allowed is refused, not half-read', () => {
    const small = bundle([patient(), condition(concept(icd10cm('G40.909')))]);
    const error = expectError(extractRecord(small, { maxResources: 1 }));
    assert.equal(error.path, '$.entry');
    assert.match(error.message, /2 entries.*at most 1/);
    const huge = { resourceType: 'Bundle', entry: Array.from({ length: 10_001 }, () => ({})) };
    assert.match(expectError(extractRecord(huge)).message, /10001 entries.*at most 10000/);
  });

  test('entries that are not objects or lack a resourceType are reported and skipped', () => {
    const record = {
      resourceType: 'Bundle',
      entry: [{ resource: patient() }, 7, { resource: { id: 'x' } }, {}],
    };
    const result = expectOk(extractRecord(record));
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['$.entry[1]', '$.entry[2].resource.resourceType'],
    );
  });

  test('resources this edge does not read (Composition, Immunization, Organization) are ignored silently', () => {
    const result = extract(
      {
        resourceType: 'Immunization',
        id: 'i1',
        status: 'completed',
        patient: { reference: 'Patient/p1' },
      } as Resource,
      { resourceType: 'Organization', id: 'o1', name: 'Clinic' },
    );
    assert.deepEqual(result.issues, []);
  });
});

describe('the patient', () => {
  test('sex, partial birth date and id come from the Patient resource', () => {
    const result = expectOk(extractRecord(bundle([patient({ gender: 'male', birthDate: '2015-10' })])));
    assert.equal(result.facts.patientId, PATIENT_ID);
    assert.equal(result.facts.sex, 'male');
    assert.equal(result.facts.birthDate, '2015-10');
    assert.equal(result.facts.deceased, undefined);
  });

  test('a deceased patient is recorded as a fact, with the date when one is given', () => {
    const byBoolean = expectOk(extractRecord(bundle([patient({ deceasedBoolean: true })])));
    assert.deepEqual(byBoolean.facts.deceased, { value: true, provenance: { resource: 'Patient/p1' } });
    const byDate = expectOk(extractRecord(bundle([patient({ deceasedDateTime: '2024-06-30' })])));
    assert.equal(byDate.facts.deceased?.effective, '2024-06-30');
    const alive = expectOk(extractRecord(bundle([patient({ deceasedBoolean: false })])));
    assert.equal(alive.facts.deceased, undefined);
  });

  test('an unreadable gender or birth date is reported, not guessed', () => {
    const record = bundle([patient({ gender: 'F' as 'female', birthDate: '12/04/1980' })]);
    const result = expectOk(extractRecord(record));
    assert.equal(result.facts.sex, undefined);
    assert.equal(result.facts.birthDate, undefined);
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['$.entry[0].resource.gender', '$.entry[0].resource.birthDate'],
    );
  });

  test('a record without a Patient is still read, with an issue saying sex and age are unknown', () => {
    const result = expectOk(extractRecord(bundle([condition(concept(icd10cm('G40.909')))])));
    assert.equal(result.facts.sex, undefined);
    assert.equal(result.facts.seizureDisorder.length, 1);
    assert.match(result.issues[0]?.message ?? '', /no Patient/);
  });

  test('two patients without a Composition naming one are refused', () => {
    const error = expectError(extractRecord(bundle([patient(), patient({ id: 'p2' })])));
    assert.equal(error.path, '$.entry[1].resource');
    assert.match(error.message, /2 Patient resources/);
  });

  test('with two patients, the Composition subject chooses the record’s patient and the other’s data is skipped', () => {
    const composition: Composition = {
      resourceType: 'Composition',
      id: 'doc',
      status: 'final',
      type: concept(loinc('60591-5')),
      subject: { reference: 'Patient/p2' },
      date: '2025-01-01',
      author: [{ display: 'Dr A' }],
      title: 'Patient summary',
    };
    const mother = patient({ gender: 'female' });
    const child = patient({ id: 'p2', gender: 'male', birthDate: '2010-02-02' });
    const hersOnly = condition(concept(icd10cm('Z33.1')), { subject: { reference: 'Patient/p1' } });
    const his = condition(concept(icd10cm('G40.909')), { subject: { reference: 'Patient/p2' } });
    const result = expectOk(extractRecord(bundle([composition, mother, child, hersOnly, his], 'document')));
    assert.equal(result.facts.patientId, 'p2');
    assert.equal(result.facts.sex, 'male');
    assert.deepEqual(result.facts.pregnancy, []);
    assert.equal(result.facts.seizureDisorder.length, 1);
    assert.deepEqual(result.issues, [
      {
        path: '$.entry[3].resource.subject.reference',
        message: '$.entry[3].resource (Condition) is about "Patient/p1", not the record\'s patient; skipped',
      },
    ]);
  });

  test('a resource naming a Patient id that is not the record’s patient is skipped even when that Patient is absent', () => {
    const result = extract(
      condition(concept(icd10cm('G40.909')), { subject: { reference: 'Patient/someone-else' } }),
    );
    assert.deepEqual(result.facts.seizureDisorder, []);
    assert.equal(result.issues.length, 1);
  });

  test('subjects given as urn:uuid fullUrls, relative ids and absolute URLs all resolve to the patient', () => {
    const uuid = 'urn:uuid:0963fc69-9112-440e-b69d-c96fad05861a';
    const seizure = (reference: string): Resource =>
      condition(concept(icd10cm('G40.909')), { subject: { reference } });
    const record = {
      resourceType: 'Bundle',
      type: 'document',
      entry: [
        { fullUrl: uuid, resource: patient({ id: 'local-id' }) },
        { fullUrl: 'urn:uuid:1', resource: seizure(uuid) },
        { fullUrl: 'urn:uuid:2', resource: seizure('Patient/local-id') },
        { fullUrl: 'urn:uuid:3', resource: seizure(`${BASE}/Patient/local-id`) },
        { fullUrl: 'urn:uuid:4', resource: seizure('Patient/0963fc69-9112-440e-b69d-c96fad05861a') },
      ],
    };
    const result = expectOk(extractRecord(record));
    assert.equal(result.facts.seizureDisorder.length, 4);
    assert.deepEqual(result.issues, []);
  });

  test('provenance names the resource as Type/id, or by its fullUrl when it has no id', () => {
    const noId = { ...condition(concept(icd10cm('G40.909'))), id: undefined };
    const record = {
      resourceType: 'Bundle',
      entry: [{ resource: patient() }, { fullUrl: 'urn:uuid:c-1', resource: noId }],
    };
    const result = expectOk(extractRecord(record));
    assert.deepEqual(result.facts.seizureDisorder[0]?.provenance, {
      resource: 'urn:uuid:c-1',
      code: 'http://hl7.org/fhir/sid/icd-10-cm|G40.909',
    });
  });
});

describe('conditions', () => {
  test('each recognised condition code becomes its fact, with provenance and onset date', () => {
    const cases: [string, (result: Extracted) => readonly unknown[], unknown][] = [
      ['D55.0', (r) => values(r.facts.g6pd), ['deficient']],
      ['Z33.1', (r) => values(r.facts.pregnancy), [{ pregnant: true, basis: 'diagnosis' }]],
      ['O26.891', (r) => values(r.facts.pregnancy), [{ pregnant: true, basis: 'diagnosis' }]],
      ['E05.90', (r) => values(r.facts.hyperthyroidism), [{ crisis: false }]],
      ['E05.91', (r) => values(r.facts.hyperthyroidism), [{ crisis: true }]],
      ['D69.6', (r) => values(r.facts.thrombocytopenia), [true]],
      ['D68.51', (r) => values(r.facts.coagulationDisorder), [true]],
      ['I20.0', (r) => values(r.facts.cardiovascularInstability), [true]],
      ['I21.4', (r) => values(r.facts.myocardialInfarction), [true]],
      ['G40.909', (r) => values(r.facts.seizureDisorder), [true]],
      ['F10.929', (r) => values(r.facts.alcoholIntoxication), [true]],
    ];
    for (const [code, read, expected] of cases) {
      const result = extract(condition(concept(icd10cm(code)), { id: 'c1' }));
      assert.deepEqual(read(result), expected, code);
    }
    const one = extract(condition(concept(sct('62403005')), { id: 'c1' })).facts.g6pd[0];
    assert.deepEqual(one, {
      value: 'deficient',
      effective: '2024-01-10',
      provenance: { resource: 'Condition/c1', code: 'http://snomed.info/sct|62403005' },
    });
  });

  test('every coding is looked at, not only the first', () => {
    const code = concept(sct('195967001', 'Asthma'), icd10cm('D69.6'));
    assert.equal(extract(condition(code)).facts.thrombocytopenia.length, 1);
  });

  test('a resolved G6PD deficiency does not count; only active, recurrent, relapsed or unstated conditions do', () => {
    const g6pd = concept(icd10cm('D55.0'));
    const withStatus = (code: string): number =>
      extract(condition(g6pd, { clinicalStatus: status('condition-clinical', code) })).facts.g6pd.length;
    assert.equal(withStatus('resolved'), 0);
    assert.equal(withStatus('inactive'), 0);
    assert.equal(withStatus('remission'), 0);
    assert.equal(withStatus('active'), 1);
    assert.equal(withStatus('recurrence'), 1);
    assert.equal(withStatus('relapse'), 1);
    assert.equal(extract(condition(g6pd, { clinicalStatus: undefined })).facts.g6pd.length, 1);
  });

  test('a seizure history counts whatever its clinical status', () => {
    const result = extract(
      condition(concept(sct('84757009')), { clinicalStatus: status('condition-clinical', 'resolved') }),
    );
    assert.equal(result.facts.seizureDisorder.length, 1);
  });

  test('a myocardial infarction marked resolved still counts, so the 183-day rule can see it', () => {
    const result = extract(
      condition(concept(icd10cm('I21.4')), {
        clinicalStatus: status('condition-clinical', 'resolved'),
        onsetDateTime: '2025-01-05',
      }),
    );
    assert.deepEqual(result.facts.myocardialInfarction[0]?.effective, '2025-01-05');
  });

  test('refuted and entered-in-error conditions are ignored, even seizures', () => {
    for (const code of ['refuted', 'entered-in-error']) {
      const result = extract(
        condition(concept(icd10cm('G40.909')), { verificationStatus: status('condition-ver-status', code) }),
        condition(concept(icd10cm('D55.0')), { verificationStatus: status('condition-ver-status', code) }),
      );
      assert.deepEqual(result.facts.seizureDisorder, [], code);
      assert.deepEqual(result.facts.g6pd, [], code);
    }
    const provisional = condition(concept(icd10cm('D55.0')), {
      verificationStatus: status('condition-ver-status', 'provisional'),
    });
    assert.equal(extract(provisional).facts.g6pd.length, 1);
  });

  test('the effective date is the onset, else the onset period start, else the recorded date', () => {
    const code = concept(icd10cm('I21.4'));
    const date = (overrides: Parameters<typeof condition>[1]): string | undefined =>
      extract(condition(code, { onsetDateTime: undefined, ...overrides })).facts.myocardialInfarction[0]
        ?.effective;
    assert.equal(date({ onsetDateTime: '2025-01-01', recordedDate: '2025-02-01' }), '2025-01-01');
    assert.equal(date({ onsetPeriod: { start: '2025-01-03' }, recordedDate: '2025-02-01' }), '2025-01-03');
    assert.equal(date({ recordedDate: '2025-02-01' }), '2025-02-01');
    assert.equal(date({}), undefined);
  });
});

describe('observations', () => {
  const quantity = (code: string, value: Quantity): Observation =>
    observation(code, { valueQuantity: value });

  test('every accepted unit converts to the canonical unit', () => {
    const cases: [string, Quantity, (result: Extracted) => readonly number[], number][] = [
      ['3016-3', ucum(2.5, 'mIU/L'), (r) => values(r.facts.tshMiuPerL), 2.5],
      ['3016-3', ucum(2.5, 'm[IU]/L'), (r) => values(r.facts.tshMiuPerL), 2.5],
      ['3016-3', ucum(2.5, 'uIU/mL'), (r) => values(r.facts.tshMiuPerL), 2.5],
      ['3016-3', ucum(2.5, 'u[IU]/mL'), (r) => values(r.facts.tshMiuPerL), 2.5],
      ['3016-3', { value: 2.5, unit: 'µIU/mL' }, (r) => values(r.facts.tshMiuPerL), 2.5],
      ['777-3', ucum(180, '10*3/uL'), (r) => values(r.facts.plateletsE9PerL), 180],
      ['777-3', ucum(180, '10*9/L'), (r) => values(r.facts.plateletsE9PerL), 180],
      ['777-3', { value: 180, unit: '10^9/L' }, (r) => values(r.facts.plateletsE9PerL), 180],
      ['777-3', { value: 180, unit: 'K/uL' }, (r) => values(r.facts.plateletsE9PerL), 180],
      ['777-3', ucum(180, '/nL'), (r) => values(r.facts.plateletsE9PerL), 180],
      ['777-3', ucum(180_000, '/uL'), (r) => values(r.facts.plateletsE9PerL), 180],
      ['777-3', { value: 180_000, unit: '/mm3' }, (r) => values(r.facts.plateletsE9PerL), 180],
      ['6301-6', { value: 2.1 }, (r) => values(r.facts.inr), 2.1],
      ['34714-6', ucum(2.1, '1'), (r) => values(r.facts.inr), 2.1],
      ['6301-6', ucum(2.1, '{INR}'), (r) => values(r.facts.inr), 2.1],
      ['718-7', ucum(13.2, 'g/dL'), (r) => values(r.facts.haemoglobinGPerDl), 13.2],
      ['718-7', ucum(132, 'g/L'), (r) => values(r.facts.haemoglobinGPerDl), 13.2],
      ['718-7', ucum(8.2, 'mmol/L'), (r) => values(r.facts.haemoglobinGPerDl), 13.2102],
      ['29463-7', ucum(70, 'kg'), (r) => values(r.facts.weightKg), 70],
      ['29463-7', ucum(70_000, 'g'), (r) => values(r.facts.weightKg), 70],
      ['29463-7', ucum(154, '[lb_av]'), (r) => values(r.facts.weightKg), 69.853225],
      ['29463-7', { value: 154, unit: 'lb' }, (r) => values(r.facts.weightKg), 69.853225],
      ['29463-7', { value: 154, unit: 'lbs' }, (r) => values(r.facts.weightKg), 69.853225],
      ['8302-2', ucum(172, 'cm'), (r) => values(r.facts.heightCm), 172],
      ['8302-2', ucum(1.72, 'm'), (r) => values(r.facts.heightCm), 172],
      ['8302-2', ucum(68, '[in_i]'), (r) => values(r.facts.heightCm), 172.72],
      ['8302-2', { value: 68, unit: 'in' }, (r) => values(r.facts.heightCm), 172.72],
    ];
    for (const [code, value, read, expected] of cases) {
      const result = extract(quantity(code, value));
      assert.deepEqual(read(result), [expected], `${code} ${value.code ?? value.unit ?? 'no unit'}`);
      assert.deepEqual(result.issues, [], `${code} ${value.code ?? value.unit ?? 'no unit'}`);
    }
  });

  test('an unknown unit skips the observation with an issue naming the path; nothing is guessed', () => {
    const result = extract(
      quantity('29463-7', ucum(11, 'stone')),
      quantity('777-3', { value: 180, unit: 'G/L' }),
    );
    assert.deepEqual(result.facts.weightKg, []);
    assert.deepEqual(result.facts.plateletsE9PerL, []);
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['$.entry[1].resource.valueQuantity.code', '$.entry[2].resource.valueQuantity.unit'],
    );
    assert.match(result.issues[0]?.message ?? '', /"stone".*accepted: kg, g, \[lb_av\], lb, lbs/);
  });

  test('the UCUM code decides the unit; the display unit is read only when there is no UCUM code', () => {
    const codeWins = extract(
      quantity('29463-7', { value: 230, unit: 'kg', system: 'http://unitsofmeasure.org', code: '[lb_av]' }),
    );
    assert.deepEqual(values(codeWins.facts.weightKg), [104.326245]);
    const snomedUnit = extract(
      quantity('29463-7', { value: 70, unit: 'kg', system: 'http://snomed.info/sct', code: '258683005' }),
    );
    assert.deepEqual(values(snomedUnit.facts.weightKg), [70]);
  });

  test('a value given as a bound (<, >) or a negative or non-numeric value is skipped with an issue', () => {
    const result = extract(
      quantity('777-3', { ...ucum(20, '10*3/uL'), comparator: '<' }),
      quantity('718-7', ucum(-3, 'g/dL')),
      quantity('6301-6', { value: '2.5' as unknown as number }),
    );
    assert.deepEqual(result.facts.plateletsE9PerL, []);
    assert.deepEqual(result.facts.haemoglobinGPerDl, []);
    assert.deepEqual(result.facts.inr, []);
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      [
        '$.entry[1].resource.valueQuantity.comparator',
        '$.entry[2].resource.valueQuantity.value',
        '$.entry[3].resource.valueQuantity.value',
      ],
    );
  });

  test('entered-in-error and cancelled observations are skipped; preliminary and unstated ones are read', () => {
    const weight = (statusCode: Observation['status'] | undefined): Observation =>
      observation('29463-7', { status: statusCode as Observation['status'], valueQuantity: ucum(70, 'kg') });
    const result = extract(
      weight('entered-in-error'),
      weight('cancelled'),
      weight('preliminary'),
      weight(undefined),
    );
    assert.equal(result.facts.weightKg.length, 2);
  });

  test('the effective date is effectiveDateTime, else the period start, else the instant, else issued', () => {
    const date = (overrides: Partial<Observation>): string | undefined =>
      extract(
        observation('29463-7', { valueQuantity: ucum(70, 'kg'), effectiveDateTime: undefined, ...overrides }),
      ).facts.weightKg[0]?.effective;
    assert.equal(date({ effectiveDateTime: '2025-01-01', issued: '2025-01-09T00:00:00Z' }), '2025-01-01');
    assert.equal(
      date({ effectivePeriod: { start: '2025-01-02' }, issued: '2025-01-09T00:00:00Z' }),
      '2025-01-02',
    );
    assert.equal(date({ effectiveInstant: '2025-01-03T10:00:00Z' }), '2025-01-03T10:00:00Z');
    assert.equal(date({ issued: '2025-01-09T00:00:00Z' }), '2025-01-09T00:00:00Z');
  });

  test('a panel without a value of its own is ignored; its members are read as entries', () => {
    const member = observation('29463-7', { id: 'w1', valueQuantity: ucum(70, 'kg') });
    const panel = observation('85353-1', { hasMember: [{ reference: 'Observation/w1' }] });
    const result = extract(panel, member);
    assert.equal(result.facts.weightKg.length, 1);
    assert.deepEqual(result.issues, []);
  });

  test('G6PD is deficient when flagged L or LL or below the reference range, normal when N or within it', () => {
    const flagged = (code: string): Observation =>
      observation('2357-2', { interpretation: [status('v3-ObservationInterpretation', code)] });
    const range = { low: ucum(4.6, 'U/g{Hb}'), high: ucum(13.5, 'U/g{Hb}') };
    const measured = (value: number): Observation =>
      observation('32546-4', { valueQuantity: ucum(value, 'U/g{Hb}'), referenceRange: [range] });
    const result = extract(flagged('L'), flagged('LL'), flagged('N'), measured(2.1), measured(8));
    assert.deepEqual(values(result.facts.g6pd), ['deficient', 'deficient', 'normal', 'deficient', 'normal']);
  });

  test('a G6PD result that states neither a flag nor a comparable range is reported, not guessed', () => {
    const result = extract(observation('2357-2', { valueQuantity: ucum(7, 'U/g{Hb}') }));
    assert.deepEqual(result.facts.g6pd, []);
    assert.equal(result.issues[0]?.path, '$.entry[1].resource');
  });

  test('pregnancy status answers map to pregnant or not pregnant, on the status basis', () => {
    const answer = (code: string): Observation =>
      observation('82810-3', { valueCodeableConcept: concept(sct(code)), effectiveDateTime: '2025-03-02' });
    const result = extract(answer('77386006'), answer('60001007'));
    assert.deepEqual(values(result.facts.pregnancy), [
      { pregnant: true, basis: 'status' },
      { pregnant: false, basis: 'status' },
    ]);
    assert.equal(result.facts.pregnancy[0]?.effective, '2025-03-02');
  });

  test('an hCG test is read from a coded value, a text value or a POS/NEG interpretation', () => {
    const result = extract(
      observation('2106-3', { valueCodeableConcept: concept(sct('10828004')) }),
      observation('2118-8', { valueCodeableConcept: concept(sct('260385009')) }),
      observation('2106-3', { valueString: ' Positive ' }),
      observation('2106-3', { valueString: 'negative' }),
      observation('2118-8', { interpretation: [status('v3-ObservationInterpretation', 'POS')] }),
      observation('2118-8', { interpretation: [status('v3-ObservationInterpretation', 'NEG')] }),
      observation('2118-8', { valueString: 'equivocal' }),
    );
    assert.deepEqual(
      result.facts.pregnancy.map((fact) => fact.value.pregnant),
      [true, false, true, false, true, false],
    );
    assert.ok(result.facts.pregnancy.every((fact) => fact.value.basis === 'test'));
    assert.equal(result.issues.length, 1);
  });

  test('free T4 above range comes from its H/HH/N/L flag, else from the reference range high', () => {
    const flagged = (code: string): Observation =>
      observation('3024-7', { interpretation: [status('v3-ObservationInterpretation', code)] });
    const measured = (value: number): Observation =>
      observation('3024-7', {
        valueQuantity: ucum(value, 'pmol/L'),
        referenceRange: [{ low: ucum(12, 'pmol/L'), high: ucum(22, 'pmol/L') }],
      });
    const result = extract(
      flagged('H'),
      flagged('HH'),
      flagged('N'),
      flagged('L'),
      measured(30),
      measured(15),
    );
    assert.deepEqual(values(result.facts.freeT4AboveRange), [true, true, false, false, true, false]);
  });

  test('free T4 without a flag or range high is skipped with an issue', () => {
    const result = extract(observation('3024-7', { valueQuantity: ucum(30, 'pmol/L') }));
    assert.deepEqual(result.facts.freeT4AboveRange, []);
    assert.equal(result.issues.length, 1);
  });

  test('outcome measures are read from o3care’s code system and from LOINC pain NRS', () => {
    const result = extract(
      observation('72514-3', { id: 'nrs1', valueInteger: 6, effectiveDateTime: '2025-03-01' }),
      observation('x', {
        id: 'odi1',
        code: concept({ system: 'https://o3care.org/fhir/CodeSystem/outcome-measure', code: 'odi' }),
        valueQuantity: { value: 42 },
        effectiveDateTime: '2025-03-02',
      }),
    );
    assert.deepEqual(result.history.outcomes, [
      { measure: 'pain-nrs', value: 6, recordedAt: '2025-03-01', resource: 'Observation/nrs1' },
      { measure: 'odi', value: 42, recordedAt: '2025-03-02', resource: 'Observation/odi1' },
    ]);
  });

  test('wound areas and walking times are converted to cm² and seconds; other units are refused', () => {
    const outcome = (code: string, value: Quantity): Observation =>
      observation('x', {
        code: concept({ system: 'https://o3care.org/fhir/CodeSystem/outcome-measure', code }),
        valueQuantity: value,
      });
    const result = extract(
      outcome('wound-area', ucum(450, 'mm2')),
      outcome('wound-area', { value: 4.5 }),
      outcome('peak-walking-time', ucum(3, 'min')),
      outcome('pain-free-walking-time', ucum(95, 's')),
      outcome('wound-area', ucum(1, '[sin_i]')),
    );
    assert.deepEqual(
      result.history.outcomes.map((record) => [record.measure, record.value]),
      [
        ['wound-area', 4.5],
        ['wound-area', 4.5],
        ['peak-walking-time', 180],
        ['pain-free-walking-time', 95],
      ],
    );
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['$.entry[5].resource.valueQuantity.code'],
    );
  });

  test('an outcome that is undated, off its scale or not an o3care measure is skipped with an issue', () => {
    const result = extract(
      observation('72514-3', { valueInteger: 6, effectiveDateTime: undefined }),
      observation('72514-3', { valueInteger: 14 }),
      observation('x', {
        code: concept({ system: 'https://o3care.org/fhir/CodeSystem/outcome-measure', code: 'happiness' }),
        valueInteger: 3,
      }),
    );
    assert.deepEqual(result.history.outcomes, []);
    assert.equal(result.issues.length, 3);
  });
});

describe('medications', () => {
  test('ATC codes class a medication, with the matching code as provenance', () => {
    const cases: [string, string][] = [
      ['B01AA03', 'vka'],
      ['B01AB05', 'anticoagulant'],
      ['B01AE07', 'anticoagulant'],
      ['B01AF01', 'anticoagulant'],
      ['B01AC06', 'antiplatelet'],
      ['C09AA05', 'ace-inhibitor'],
      ['C09BA05', 'ace-inhibitor'],
      ['A10AB01', 'insulin'],
      ['A10BB09', 'sulfonylurea'],
    ];
    for (const [code, drugClass] of cases) {
      const result = extract(
        medicationStatement({ medicationCodeableConcept: concept(atc(code, 'some drug')) }),
      );
      assert.deepEqual(result.facts.medications[0]?.value, { drugClass, name: 'some drug' }, code);
      assert.equal(result.facts.medications[0]?.provenance.code, `http://www.whocc.no/atc|${code}`);
    }
  });

  test('a medication outside the screened classes (anastrozole, L02BG03) raises no fact', () => {
    const result = extract(
      medicationStatement({ medicationCodeableConcept: concept(atc('L02BG03', 'anastrozole')) }),
    );
    assert.deepEqual(result.facts.medications, []);
  });

  test('without an ATC code, an international name in the text classes the medication, matched as a whole word', () => {
    const named = (text: string): Resource => medicationStatement({ medicationCodeableConcept: { text } });
    const result = extract(
      named('Xarelto (RIVAROXABAN) 20 mg'),
      named('Acetylsalicylic   acid 100 mg'),
      named('Insulinoma marker'),
      named('Heparinoid cream'),
    );
    assert.deepEqual(values(result.facts.medications), [
      { drugClass: 'anticoagulant', name: 'Xarelto (RIVAROXABAN) 20 mg' },
      { drugClass: 'antiplatelet', name: 'Acetylsalicylic   acid 100 mg' },
    ]);
    assert.deepEqual(
      result.facts.medications.map((fact) => fact.provenance.code),
      ['text:rivaroxaban', 'text:acetylsalicylic acid'],
    );
  });

  test('an ATC code wins over a name, and a medication belongs to one class only', () => {
    const result = extract(
      medicationStatement({ medicationCodeableConcept: { ...concept(atc('C09AA05')), text: 'aspirin' } }),
      medicationStatement({ medicationCodeableConcept: { text: 'warfarin and aspirin' } }),
    );
    assert.deepEqual(
      result.facts.medications.map((fact) => fact.value.drugClass),
      ['ace-inhibitor', 'vka'],
    );
  });

  test('a referenced Medication is read from the Bundle, including its ingredients’ ATC codes', () => {
    const medication: Medication = {
      resourceType: 'Medication',
      id: 'med-1',
      code: { text: 'Marcoumar 3 mg' },
      ingredient: [{ itemCodeableConcept: concept(atc('B01AA04', 'phenprocoumon')) }],
    };
    const result = extract(
      medication,
      medicationStatement({ medicationReference: { reference: 'Medication/med-1' } }),
    );
    assert.deepEqual(values(result.facts.medications), [{ drugClass: 'vka', name: 'Marcoumar 3 mg' }]);
  });

  test('a contained Medication is read, and its ingredient text names the drug', () => {
    const result = extract(
      medicationStatement({
        contained: [
          {
            resourceType: 'Medication',
            id: 'm',
            code: {
              coding: [
                { system: 'urn:oid:2.51.1.1', code: '7680123456789', display: 'PLAVIX Filmtabl 75 mg' },
              ],
            },
            ingredient: [{ itemCodeableConcept: { text: 'Clopidogrel' } }],
          },
        ],
        medicationReference: { reference: '#m' },
      }),
    );
    assert.deepEqual(values(result.facts.medications), [
      { drugClass: 'antiplatelet', name: 'PLAVIX Filmtabl 75 mg' },
    ]);
  });

  test('an unresolvable medication reference is reported, and its display text is still read', () => {
    const result = extract(
      medicationStatement({
        medicationReference: { reference: 'Medication/elsewhere', display: 'Warfarin 5 mg' },
      }),
    );
    assert.deepEqual(values(result.facts.medications), [{ drugClass: 'vka', name: 'Warfarin 5 mg' }]);
    assert.equal(result.issues[0]?.path, '$.entry[1].resource.medicationReference.reference');
  });

  test('only current statements count: stopped, completed, not-taken and entered-in-error ones do not', () => {
    const warfarin = concept(atc('B01AA03'));
    const statement = (statusCode: string | undefined): Resource =>
      medicationStatement({ status: statusCode as 'active', medicationCodeableConcept: warfarin });
    const counted = ['active', 'intended', 'on-hold', 'unknown', undefined];
    const skipped = ['completed', 'stopped', 'not-taken', 'entered-in-error'];
    for (const statusCode of counted)
      assert.equal(extract(statement(statusCode)).facts.medications.length, 1, statusCode);
    for (const statusCode of skipped)
      assert.equal(extract(statement(statusCode)).facts.medications.length, 0, statusCode);
  });

  test('a statement marked completed whose dosage has a start and no end is read as current, with an issue', () => {
    const result = extract(
      medicationStatement({
        status: 'completed',
        medicationCodeableConcept: { text: 'Triatec 2.5 mg (ramipril)' },
        dosage: [{ timing: { repeat: { boundsPeriod: { start: '2011-11-29' } } } }],
      }),
      medicationStatement({
        status: 'completed',
        medicationCodeableConcept: { text: 'enalapril' },
        effectivePeriod: { start: '2020-01-01', end: '2020-06-01' },
        dosage: [{ timing: { repeat: { boundsPeriod: { start: '2020-01-01' } } } }],
      }),
    );
    assert.deepEqual(values(result.facts.medications), [
      { drugClass: 'ace-inhibitor', name: 'Triatec 2.5 mg (ramipril)' },
    ]);
    assert.equal(result.issues[0]?.path, '$.entry[1].resource.status');
  });

  test('medication requests count while active, draft or on hold; the ozone order itself is not a co-medication', () => {
    const apixaban = concept(atc('B01AF02', 'apixaban'));
    const result = extract(
      medicationRequest({ status: 'draft', medicationCodeableConcept: apixaban }),
      medicationRequest({ status: 'on-hold', medicationCodeableConcept: apixaban }),
      medicationRequest({ status: 'completed', medicationCodeableConcept: apixaban }),
      medicationRequest({ status: 'cancelled', medicationCodeableConcept: apixaban }),
      medicationRequest({
        status: 'active',
        medicationCodeableConcept: concept({
          system: 'https://o3care.org/fhir/CodeSystem/medication',
          code: 'medical-ozone',
        }),
      }),
    );
    assert.equal(result.facts.medications.length, 2);
    assert.equal(result.facts.medications[0]?.effective, '2025-02-01');
  });
});

describe('allergies and intolerances', () => {
  test('an allergy naming ozone in any of the recognised languages is an ozone intolerance', () => {
    const texts = [
      'Ozone intolerance',
      'Intolerancia al ozono',
      'Alergia ao ozônio',
      'Ozon-Unverträglichkeit',
    ];
    for (const text of texts) {
      const result = extract(allergy({ code: { text }, recordedDate: '2024-05-05' }));
      assert.equal(result.facts.ozoneIntolerance.length, 1, text);
      assert.equal(result.facts.ozoneIntolerance[0]?.effective, '2024-05-05');
    }
  });

  test('a coding display or a reaction substance text naming ozone counts too', () => {
    const result = extract(
      allergy({ code: concept({ system: 'http://example.org/local', code: 'X1', display: 'OZONE' }) }),
      allergy({
        code: concept(sct('419199007')),
        reaction: [{ substance: { text: 'Ozone (O3) gas' }, manifestation: [] }],
      }),
    );
    assert.equal(result.facts.ozoneIntolerance.length, 2);
    assert.equal(result.facts.ozoneIntolerance[0]?.provenance.code, 'text:ozone');
  });

  test('words that merely contain "ozone" do not count, nor do other allergies', () => {
    const result = extract(
      allergy({ code: { text: 'Ozonesphere dust' } }),
      allergy({ code: concept(sct('373270004')) }),
    );
    assert.deepEqual(result.facts.ozoneIntolerance, []);
  });

  test('resolved, inactive, refuted and entered-in-error allergies are ignored', () => {
    const result = extract(
      allergy({ code: { text: 'ozone' }, clinicalStatus: status('allergyintolerance-clinical', 'resolved') }),
      allergy({ code: { text: 'ozone' }, clinicalStatus: status('allergyintolerance-clinical', 'inactive') }),
      allergy({
        code: { text: 'ozone' },
        verificationStatus: status('allergyintolerance-verification', 'refuted'),
      }),
      allergy({
        code: { text: 'ozone' },
        verificationStatus: status('allergyintolerance-verification', 'entered-in-error'),
      }),
    );
    assert.deepEqual(result.facts.ozoneIntolerance, []);
  });
});

describe('earlier ozone sessions', () => {
  test('a completed session is read with its values in canonical units', () => {
    const result = extract(
      session('mah', {
        id: 's1',
        extension: [
          quantityExtension('ozone-concentration', ucum(30, 'mg/L')),
          quantityExtension('gas-volume', ucum(0.2, 'L')),
          quantityExtension('blood-volume', ucum(200, 'mL')),
        ],
      }),
    );
    assert.deepEqual(result.history.sessions, [
      {
        id: 's1',
        technique: 'mah',
        performedAt: '2025-02-20T10:00:00Z',
        concentrationUgPerMl: 30,
        gasVolumeMl: 200,
        bloodVolumeMl: 200,
        adverseEvents: [],
      },
    ]);
  });

  test('adverse events carry their grade and review; ungraded is undefined, unreviewed is false', () => {
    const result = extract(
      session('rectal-insufflation', {
        performedDateTime: undefined,
        performedPeriod: { start: '2025-02-21T09:00:00Z' },
        complication: [
          {
            text: 'Bloating',
            extension: [
              { url: EXT('adverse-event-grade'), valueInteger: 2 },
              { url: EXT('adverse-event-reviewed'), valueBoolean: true },
            ],
          },
          concept(sct('422587007', 'Nausea')),
        ],
      }),
    );
    const [recorded] = result.history.sessions;
    assert.equal(recorded?.performedAt, '2025-02-21T09:00:00Z');
    assert.deepEqual(recorded?.adverseEvents, [
      { grade: 2, reviewed: true, description: 'Bloating' },
      { grade: undefined, reviewed: false, description: 'Nausea' },
    ]);
    assert.deepEqual(result.facts.ozoneIntolerance, []);
  });

  test('a grade 3 adverse event is kept in the history, where the intolerance rule reads it (not duplicated as a fact)', () => {
    const result = extract(
      session('mah', {
        id: 's9',
        complication: [
          {
            ...concept(sct('39579001', 'Anaphylaxis')),
            extension: [{ url: EXT('adverse-event-grade'), valueInteger: 3 }],
          },
        ],
      }),
    );
    assert.equal(result.history.sessions[0]?.adverseEvents[0]?.grade, 3);
    assert.deepEqual(result.facts.ozoneIntolerance, []);
  });

  test('a completed session without a performed date is skipped with an issue', () => {
    const result = extract(session('mah', { performedDateTime: undefined }));
    assert.deepEqual(result.history.sessions, []);
    assert.match(result.issues[0]?.message ?? '', /without a performed date/);
  });

  test('a value in an unknown unit is dropped from the session, which is kept', () => {
    const result = extract(
      session('mah', { extension: [quantityExtension('ozone-concentration', ucum(30, 'ppm'))] }),
    );
    assert.equal(result.history.sessions.length, 1);
    assert.equal(result.history.sessions[0]?.concentrationUgPerMl, undefined);
    assert.equal(result.issues[0]?.path, '$.entry[1].resource.extension[0].valueQuantity.code');
  });

  test('sessions not yet completed and procedures without a technique code are not history', () => {
    const result = extract(session('mah', { status: 'in-progress' }), {
      ...session('mah'),
      code: concept(sct('80146002', 'Appendectomy')),
    });
    assert.deepEqual(result.history.sessions, []);
    assert.deepEqual(result.issues, []);
  });

  test('an unknown technique code is reported', () => {
    const result = extract(session('ozone-sauna'));
    assert.deepEqual(result.history.sessions, []);
    assert.equal(result.issues[0]?.path, '$.entry[1].resource.code.coding[0].code');
  });
});

describe('consents', () => {
  test('without o3care consents the sender keeps no consent records: consents is undefined', () => {
    const research = consent('active', [], { provision: { code: [concept(sct('1234'))] } });
    assert.equal(extract().history.consents, undefined);
    assert.equal(extract(research).history.consents, undefined);
  });

  test('consent statuses map to signed, unsigned and withdrawn, with techniques and validity', () => {
    const result = extract(
      consent('active', ['mah', 'rectal-insufflation'], { id: 'c-active' }),
      consent('proposed', ['mah']),
      consent('draft', ['mah']),
      consent('rejected', ['mah']),
      consent('inactive', ['mah']),
    );
    assert.deepEqual(result.history.consents?.[0], {
      id: 'c-active',
      status: 'signed',
      techniques: ['mah', 'rectal-insufflation'],
      signedAt: '2025-01-15T09:00:00Z',
      validUntil: '2026-01-15',
    });
    assert.deepEqual(
      result.history.consents?.map((record) => record.status),
      ['signed', 'unsigned', 'unsigned', 'withdrawn', 'withdrawn'],
    );
  });

  test('a consent entered in error is skipped but still shows that consent records are kept', () => {
    assert.deepEqual(extract(consent('entered-in-error', ['mah'])).history.consents, []);
  });
});

describe('intake', () => {
  const coding = (system: string, code: string): { valueCoding: { system: string; code: string } } => ({
    valueCoding: { system, code },
  });

  test('o3care’s intake questionnaire response becomes facts.intake', () => {
    const result = extract(
      intakeResponse(
        [
          { linkId: 'goal', answer: [coding(GOAL, 'knee-osteoarthritis')] },
          { linkId: 'goal-text', answer: [{ valueString: 'Walk my dog again' }] },
          {
            linkId: 'fundamentals',
            item: [
              {
                linkId: 'fundamentals-assessed',
                answer: [
                  coding('http://example.org', 'sleep'),
                  coding('x', 'movement'),
                  coding('x', 'sleep'),
                ],
              },
            ],
          },
          { linkId: 'expects-cure', answer: [{ valueBoolean: true }] },
          { linkId: 'oxidative-burden', answer: [coding('x', 'high')] },
          { linkId: 'unstable-medical-issues', answer: [{ valueBoolean: false }] },
        ],
        { questionnaire: 'https://o3care.org/fhir/Questionnaire/intake|1.2.0' },
      ),
    );
    assert.deepEqual(result.facts.intake, {
      goal: { code: 'knee-osteoarthritis', text: 'Walk my dog again' },
      fundamentalsAssessed: ['sleep', 'movement'],
      expectsCure: true,
      oxidativeBurden: 'high',
      unstableMedicalIssues: false,
    });
  });

  test('the latest authored intake wins', () => {
    const older = intakeResponse([{ linkId: 'expects-cure', answer: [{ valueBoolean: true }] }], {
      authored: '2025-01-01T00:00:00Z',
    });
    const newer = intakeResponse([{ linkId: 'expects-cure', answer: [{ valueBoolean: false }] }], {
      authored: '2025-03-01T00:00:00Z',
    });
    assert.equal(extract(newer, older).facts.intake?.expectsCure, false);
  });

  test('responses to other questionnaires are not an intake; records from elsewhere have none', () => {
    const other = intakeResponse([{ linkId: 'expects-cure', answer: [{ valueBoolean: true }] }], {
      questionnaire: 'http://example.org/Questionnaire/phq-9',
    });
    assert.equal(extract(other).facts.intake, undefined);
    assert.equal(extract().facts.intake, undefined);
  });

  test('answers outside the intake’s value sets are reported and ignored', () => {
    const result = extract(
      intakeResponse([
        { linkId: 'goal', answer: [coding(GOAL, 'eternal-youth')] },
        { linkId: 'fundamentals-assessed', answer: [coding('x', 'astrology')] },
        { linkId: 'oxidative-burden', answer: [coding('x', 'extreme')] },
      ]),
    );
    assert.deepEqual(result.facts.intake, { fundamentalsAssessed: [] });
    assert.equal(result.issues.length, 3);
  });
});
