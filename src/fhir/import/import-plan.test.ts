import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import {
  bundle,
  concept,
  condition,
  loinc,
  observation,
  patient,
  sct,
  session,
  status,
  ucum,
} from '../../../test/fixtures/fhir/builders.ts';
import { extractRecord, readRecord } from '../extract-record.ts';
import type { ImportPlan, ImportProblem, PlannedResource } from './import-plan.ts';
import { planImport } from './import-plan.ts';

const EXAMPLES = join(import.meta.dirname, '../../../../shared/fhir-examples');
const exampleFiles = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'));
const example = (name: string): Bundle => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Bundle;

function planOf(input: unknown): ImportPlan {
  const planned = planImport(input);
  if (!planned.ok) assert.fail(`${planned.problem.path}: ${planned.problem.message}`);
  return planned.plan;
}

function problemOf(input: unknown): ImportProblem {
  const planned = planImport(input);
  if (planned.ok) assert.fail('expected the import to be refused');
  return planned.problem;
}

const named = (overrides: Parameters<typeof patient>[0] = {}) =>
  patient({ name: [{ family: 'Lopez', given: ['Ana'] }], ...overrides });
const traveller = (...resources: Resource[]): Bundle => bundle([named(), ...resources]);
const resourceNamed = (plan: ImportPlan, label: string): PlannedResource => {
  const found = plan.resources.find((resource) => resource.label === label);
  assert.ok(found, `${label} is in the plan`);
  return found;
};

describe('what importing a public example document would do', () => {
  test('every example file is a Bundle and plans without refusal, one planned entry per entry', () => {
    for (const file of exampleFiles) {
      const document = example(file);
      const plan = planOf(document);
      assert.equal(plan.resources.length, document.entry?.length, file);
      for (const resource of plan.resources) {
        assert.ok(
          resource.facts.length > 0 || resource.skip !== undefined || resource.label === plan.patientLabel,
          `${file}: ${resource.label} yields facts or says why not`,
        );
      }
    }
  });

  test('the facts an import plans are exactly the facts o3care check reads from the same file', () => {
    for (const file of exampleFiles) {
      const checked = extractRecord(example(file));
      assert.ok(checked.ok, file);
      const plan = planOf(example(file));
      const planned = plan.resources.flatMap((resource) => resource.facts);
      const checkedFacts = Object.entries(checked.facts).flatMap(([kind, value]) =>
        Array.isArray(value) ? value.map((fact: unknown) => ({ kind, fact })) : [],
      );
      if (checked.facts.deceased !== undefined)
        checkedFacts.push({ kind: 'deceased', fact: checked.facts.deceased });
      const key = (item: { kind: string; fact: unknown }) => JSON.stringify(item);
      assert.deepEqual(planned.map(key).sort(), checkedFacts.map(key).sort(), file);
    }
  });

  test('reading a record resource by resource gives the same facts, history and issues as extractRecord', () => {
    for (const file of exampleFiles) {
      const whole = extractRecord(example(file));
      const byEntry = readRecord(example(file));
      assert.ok(whole.ok && byEntry.ok, file);
      assert.deepEqual(
        { facts: byEntry.facts, history: byEntry.history, issues: byEntry.issues },
        { facts: whole.facts, history: whole.history, issues: whole.issues },
        file,
      );
    }
  });

  test('the IHE summary plans death, pregnancy status and vitals, and names its custodian and date as the source', () => {
    const plan = planOf(example('ihe-fiio-ips-all-sections-pregnancy.json'));
    const kinds = plan.resources.flatMap((resource) => resource.facts.map((fact) => fact.kind)).sort();
    assert.deepEqual(kinds, ['deceased', 'heightCm', 'pregnancy', 'weightKg']);
    assert.deepEqual(plan.source, {
      bundleType: 'document',
      system: 'World Health Organization (Organization)',
      documentIdentifier: 'urn:oid:1.3.6.1.4.1.19376.1.5.4|IHEPCCIPSVRDR-EX2026020611',
      date: '2026-02-05T10:30:00-05:00',
      title: 'International Patient Summary',
    });
    assert.equal(
      resourceNamed(plan, 'Immunization/7925d1b8-f0b2-49d8-b4a0-68f1b9ae238a').skip?.reason,
      'not-read',
    );
    assert.equal(
      resourceNamed(plan, 'Condition/22f96a81-b119-4150-bfd2-ffe8ea48cdbb').skip?.reason,
      'not-current',
    );
  });

  test('the Argentine summary without Bundle.timestamp takes its date from the Composition', () => {
    const plan = planOf(example('ar-ips-connectathon-es.json'));
    assert.equal(plan.source.date, '2018-01-26T14:30:00-03:00');
    assert.deepEqual(plan.patient.identifiers, [
      { system: 'http://hospitalPintos.org.ar/Patient', value: '9000022' },
      { system: 'http://www.renaper.gob.ar/dni', value: '99999999' },
    ]);
    assert.deepEqual([plan.patient.givenName, plan.patient.familyName], ['Maria Victoria', 'Villareal']);
  });

  test('the Swiss patient, who has no identifier, brings her e-mail and phone; the partial birth date stays partial', () => {
    const swiss = planOf(example('ch-ips-swiss-example-de.json')).patient;
    assert.deepEqual(
      [swiss.identifiers, swiss.email, swiss.phone],
      [[], 'elisabeth@broennimann.today', '+41 32 321 61 11'],
    );
    assert.equal(planOf(example('ch-elm-lab-report-partial-birthdate.json')).patient.birthDate, '2015-10');
  });
});

describe('why a resource is skipped', () => {
  test('entered in error, refuted, resolved, not screened and unusable units each say so', () => {
    const plan = planOf(
      traveller(
        condition(concept(sct('62403005')), {
          id: 'wrong',
          verificationStatus: status('condition-ver-status', 'entered-in-error'),
        }),
        condition(concept(sct('62403005')), {
          id: 'refuted',
          verificationStatus: status('condition-ver-status', 'refuted'),
        }),
        condition(concept(sct('195967001')), { id: 'asthma' }),
        observation('718-7', { id: 'hb', valueQuantity: ucum(12, 'mmol/mol') }),
        observation('718-7', { id: 'hb-ok', valueQuantity: ucum(12.5, 'g/dL') }),
      ),
    );
    const reason = (label: string) => resourceNamed(plan, label).skip?.reason;
    assert.deepEqual(
      ['Condition/wrong', 'Condition/refuted', 'Condition/asthma', 'Observation/hb'].map(reason),
      ['entered-in-error', 'refuted', 'not-screened', 'unusable'],
    );
    assert.match(resourceNamed(plan, 'Observation/hb').skip?.message ?? '', /unit/);
    assert.deepEqual(
      resourceNamed(plan, 'Observation/hb-ok').facts.map((fact) => [fact.kind, fact.fact.value]),
      [['haemoglobinGPerDl', 12.5]],
    );
  });

  test('an outcome measure without a date is unusable; a dated one is not stored (o3care records its own)', () => {
    const pain = (id: string, effectiveDateTime?: string) => {
      const resource = observation('72514-3', { id, valueInteger: 6 });
      if (effectiveDateTime === undefined) delete resource.effectiveDateTime;
      else resource.effectiveDateTime = effectiveDateTime;
      return resource;
    };
    const plan = planOf(traveller(pain('undated'), pain('dated', '2025-01-01')));
    assert.equal(resourceNamed(plan, 'Observation/undated').skip?.reason, 'unusable');
    assert.match(resourceNamed(plan, 'Observation/undated').skip?.message ?? '', /no effective date/);
    assert.equal(resourceNamed(plan, 'Observation/dated').skip?.reason, 'not-stored');
  });

  test('a resource about another patient is skipped as such', () => {
    const plan = planOf(
      traveller(
        condition(concept(sct('62403005')), { id: 'theirs', subject: { reference: 'Patient/someone-else' } }),
      ),
    );
    assert.equal(resourceNamed(plan, 'Condition/theirs').skip?.reason, 'other-patient');
  });

  test('an ozone session given elsewhere yields nothing unless it had a grade 3 or worse adverse event', () => {
    const plan = planOf(traveller(session('mah', { id: 'calm' })));
    assert.equal(resourceNamed(plan, 'Procedure/calm').skip?.reason, 'not-stored');
  });

  test('a transaction DELETE entry carries no resource and is skipped, not refused', () => {
    const document = traveller() as Bundle & { entry: unknown[] };
    document.type = 'transaction';
    document.entry.push({ request: { method: 'DELETE', url: 'Condition/old' } });
    const plan = planOf(document);
    assert.deepEqual(plan.resources.at(-1)?.skip?.reason, 'no-resource');
    assert.equal(plan.resources.at(-1)?.label, 'Condition/old');
  });
});

describe('malformed input is refused at the JSON path of its first problem', () => {
  const withPatient = (changes: Record<string, unknown>): Bundle => {
    const document = traveller(observation('718-7', { valueQuantity: ucum(12.5, 'g/dL') }));
    Object.assign(document.entry?.[0]?.resource ?? {}, changes);
    return document;
  };

  const cases: readonly [string, unknown, string][] = [
    ['a string', 'hello', '$'],
    ['null', null, '$'],
    ['an array', [], '$'],
    ['a Patient alone', named(), '$.resourceType'],
    ['a Bundle without a type', { resourceType: 'Bundle', entry: [] }, '$.type'],
    ['a history Bundle', { resourceType: 'Bundle', type: 'history', entry: [] }, '$.type'],
    ['entry that is not an array', { resourceType: 'Bundle', type: 'collection', entry: {} }, '$.entry'],
    ['an empty collection', { resourceType: 'Bundle', type: 'collection' }, '$.entry'],
    ['an entry that is a string', { resourceType: 'Bundle', type: 'collection', entry: ['x'] }, '$.entry[0]'],
    [
      'a resource without a type',
      { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { id: 'x' } }] },
      '$.entry[0].resource.resourceType',
    ],
    [
      'an id with spaces',
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Patient', id: 'a b' } }],
      },
      '$.entry[0].resource.id',
    ],
    [
      'a document not starting with its Composition',
      { ...traveller(), type: 'document' },
      '$.entry[0].resource.resourceType',
    ],
    ['an impossible birth date', withPatient({ birthDate: '1972-02-30' }), '$.entry[0].resource.birthDate'],
    [
      'a birth date in another format',
      withPatient({ birthDate: '12/04/1980' }),
      '$.entry[0].resource.birthDate',
    ],
    ['an unknown gender', withPatient({ gender: 'F' }), '$.entry[0].resource.gender'],
    ['a Patient without a name', withPatient({ name: [] }), '$.entry[0].resource.name'],
    [
      'a family name that is a number',
      withPatient({ name: [{ family: 42 }] }),
      '$.entry[0].resource.name[0].family',
    ],
    [
      'identifiers that are not an array',
      withPatient({ identifier: { value: 'x' } }),
      '$.entry[0].resource.identifier',
    ],
    [
      'an identifier value that is a number',
      withPatient({ identifier: [{ system: 'urn:x', value: 7 }] }),
      '$.entry[0].resource.identifier[0].value',
    ],
    ['a bad Bundle.timestamp', { ...traveller(), timestamp: 'yesterday' }, '$.timestamp'],
    ['no Patient at all', bundle([observation('718-7')]), '$.entry'],
    ['two Patients and no Composition', bundle([named(), named({ id: 'p2' })]), '$.entry[1].resource'],
  ];
  for (const [what, input, path] of cases) {
    test(`${what} → ${path}`, () => {
      const problem = problemOf(input);
      assert.equal(problem.path, path, problem.message);
      assert.ok(problem.message.length > 10);
    });
  }

  test('the first problem wins: a bad entry before a bad birth date is the one named', () => {
    const document = withPatient({ birthDate: 'never' }) as Bundle & { entry: unknown[] };
    document.entry.splice(1, 0, 'not an entry');
    assert.equal(problemOf(document).path, '$.entry[1]');
  });

  test('a resource nested absurdly deep is refused without exhausting the stack', () => {
    let deep: unknown = {};
    for (let level = 0; level < 100_000; level++) deep = { a: deep };
    const document = traveller(observation('718-7', { extension: [{ url: 'x', valueString: 'y' }] }));
    Object.assign(document.entry?.[1]?.resource ?? {}, { deep });
    assert.match(problemOf(document).path, /^\$\.entry\[1\]\.resource\.deep(\.a)+$/);
  });

  test('deep nesting outside the resources is refused too', () => {
    let deep: unknown = {};
    for (let level = 0; level < 100_000; level++) deep = [deep];
    assert.match(
      problemOf({ ...traveller(), signature: { data: deep } }).path,
      /^\$\.signature\.data(\[0\])+$/,
    );
  });

  test('a loinc-coded lab with an odd but well-formed value is not malformed: it is read or skipped', () => {
    const plan = planOf(traveller(observation('777-3', { valueQuantity: { value: 150, unit: 'bananas' } })));
    assert.equal(plan.resources[1]?.skip?.reason, 'unusable');
    assert.ok(loinc('777-3'));
  });
});
