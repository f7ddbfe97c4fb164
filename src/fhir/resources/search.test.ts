// Search parameters over a compartment's resources: R4 token, date-prefix and reference matching, AND across
// repeated parameters and OR within one, unknown parameters refused, and sorting by date both ways.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Resource } from '@medplum/fhirtypes';
import { fullRecord, PATIENT_ID } from '../testing/full-record.ts';
import { compartmentResources } from './compartment.ts';
import { compileSearch, dateRange, SearchParamError, sortResources } from './search.ts';

const resources = compartmentResources(fullRecord());
const ofType = (type: string) => resources.filter((r) => r.resourceType === type);

function search(type: string, query: Record<string, string | string[]>): string[] {
  const params = new Map(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  const tests = compileSearch(type, params);
  return ofType(type)
    .filter((r) => tests.every((t) => t(r)))
    .map((r) => r.id ?? '');
}

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('FHIR search over a compartment', () => {
  test('code matches system|code, a bare code, or a system alone', () => {
    assert.deepEqual(search('Observation', { code: 'http://loinc.org|29463-7' }), [idOf(1)]);
    assert.deepEqual(search('Observation', { code: '29463-7' }), [idOf(1)]);
    assert.equal(search('Observation', { code: 'http://loinc.org|' }).length, 11, '10 labs and pain NRS');
    assert.deepEqual(search('Observation', { code: 'http://snomed.info/sct|29463-7' }), []);
  });

  test('a comma is OR, a repeated parameter is AND', () => {
    assert.deepEqual(search('Observation', { code: '29463-7,8302-2' }).sort(), [idOf(1), idOf(2)]);
    assert.deepEqual(search('Observation', { code: ['29463-7', '8302-2'] }), []);
  });

  test('date prefixes compare ranges: a day, a month, a year, an instant (R4 search.html#prefix)', () => {
    assert.deepEqual(search('Procedure', { date: '2026-11-21' }), [idOf(400)]);
    assert.deepEqual(search('Procedure', { date: 'ge2026-11-22' }), [idOf(402)]);
    assert.deepEqual(search('Procedure', { date: 'lt2026-11' }), []);
    assert.deepEqual(search('Condition', { date: '2023' }), [idOf(8)]);
    assert.deepEqual(search('Condition', { 'onset-date': 'le2020-06-01' }).sort(), [idOf(14), idOf(20)]);
    assert.deepEqual(dateRange('2026-11'), { start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) });
  });

  test('status and patient narrow the search; the patient may be given as an id or a reference', () => {
    assert.deepEqual(search('Procedure', { status: 'completed' }), [idOf(400)]);
    assert.deepEqual(search('Consent', { status: 'proposed,inactive' }), [idOf(501), idOf(502)]);
    assert.equal(search('Procedure', { patient: PATIENT_ID }).length, 3);
    assert.equal(search('Procedure', { subject: `Patient/${PATIENT_ID}` }).length, 3);
    assert.deepEqual(search('Procedure', { patient: 'someone-else' }), []);
    assert.deepEqual(
      search('DetectedIssue', { code: 'http://terminology.hl7.org/CodeSystem/v3-ActCode|DOSEH' }),
      [idOf(300)],
    );
  });

  test('an unknown parameter, a modifier, or a date that is not a date is refused, naming the parameter', () => {
    const refused = (type: string, query: Record<string, string>) => {
      try {
        search(type, query);
      } catch (error) {
        assert.ok(error instanceof SearchParamError);
        return error.param;
      }
      return undefined;
    };
    assert.equal(refused('Observation', { colour: 'blue' }), 'colour');
    assert.equal(refused('Observation', { 'code:text': 'weight' }), 'code:text');
    assert.equal(refused('Observation', { date: 'yesterday' }), 'date');
    assert.equal(refused('Observation', { code: '' }), 'code');
  });

  test('sorting by date puts the newest first with -date and undated resources last either way', () => {
    const conditions: Resource[] = ofType('Condition');
    sortResources('Condition', conditions, '-date');
    const newestFirst = conditions.map((r) => r.id);
    assert.equal(newestFirst[0], idOf(21), 'alcohol intoxication, 2026-11-26');
    assert.equal(newestFirst.at(-1), idOf(13), 'the undated thrombocytopenia');
    sortResources('Condition', conditions, 'date');
    assert.equal(conditions[0]?.id, idOf(20), 'seizure disorder, 2019');
    assert.equal(conditions.at(-1)?.id, idOf(13));
  });
});
