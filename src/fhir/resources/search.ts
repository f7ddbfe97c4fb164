// FHIR R4 search over the resources of one compartment (or of the audit trail), in memory: a patient's record is a
// few hundred resources at most, so filtering them after one load beats one SQL query per parameter. The parameters
// are R4's own names for each type; `date` and `status` are also accepted on every type (o3care's aliases where R4
// names them otherwise, e.g. Condition `onset-date`, DetectedIssue `identified`), as CapabilityStatement documents.
// Unknown parameters are refused (400 naming them) rather than ignored: R4 lets a server ignore them, but a client
// that believes it filtered and did not is a privacy risk (R4 http.html#search, "handling=strict" behaviour).

import type { Resource } from '@medplum/fhirtypes';

export type ParamType = 'token' | 'date' | 'reference' | 'string';

export interface SearchParamDefinition {
  readonly name: string;
  readonly type: ParamType;
  readonly documentation: string;
  /** The values the parameter compares, read from a resource (tokens as `system|code`, or `|code`). */
  readonly values: (resource: Record<string, unknown>) => readonly string[];
}

type Json = Record<string, unknown>;

const asList = (value: unknown): readonly unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const asJson = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** `system|code` for every coding of the CodeableConcepts at `path`. */
function tokensOf(...concepts: unknown[]): string[] {
  const out: string[] = [];
  for (const value of concepts) {
    for (const item of asList(value)) {
      for (const coding of asList(asJson(item)?.coding)) {
        const c = asJson(coding);
        const code = str(c?.code);
        if (code !== undefined) out.push(`${str(c?.system) ?? ''}|${code}`);
      }
    }
  }
  return out;
}

const plainCode = (value: unknown): string[] => {
  const code = str(value);
  return code === undefined ? [] : [`|${code}`];
};

const referenceOf = (value: unknown): string[] => {
  const reference = str(asJson(value)?.reference);
  return reference === undefined ? [] : [reference];
};

const texts = (...values: unknown[]): string[] =>
  values.flatMap((value) => {
    const text = str(value);
    return text === undefined ? [] : [text];
  });

const period = (value: unknown): string[] => texts(asJson(value)?.start);

const param = (
  name: string,
  type: ParamType,
  documentation: string,
  values: (r: Json) => readonly string[],
): SearchParamDefinition => ({ name, type, documentation, values });

const patientParam = (element: 'subject' | 'patient') =>
  param('patient', 'reference', `the patient (${element})`, (r) => referenceOf(r[element]));
const subjectParam = param('subject', 'reference', 'the subject (a Patient)', (r) => referenceOf(r.subject));

/** The date each type is sorted by and that its `date` alias compares. */
export const DATE_OF: Readonly<Record<string, (r: Json) => readonly string[]>> = {
  Patient: (r) => texts(r.birthDate),
  Condition: (r) => texts(r.onsetDateTime, r.recordedDate),
  Observation: (r) => texts(r.effectiveDateTime, r.issued),
  MedicationStatement: (r) => texts(r.effectiveDateTime, ...period(r.effectivePeriod)),
  AllergyIntolerance: (r) => texts(r.onsetDateTime, r.recordedDate),
  MedicationRequest: (r) => texts(r.authoredOn),
  Procedure: (r) => texts(r.performedDateTime, ...period(r.performedPeriod)),
  CarePlan: (r) => texts(...period(r.period), r.created),
  Consent: (r) => texts(r.dateTime),
  AdverseEvent: (r) => texts(r.date),
  DetectedIssue: (r) => texts(r.identifiedDateTime),
  QuestionnaireResponse: (r) => texts(r.authored),
  AuditEvent: (r) => texts(r.recorded),
};

const dateParam = (type: string, name: string, documentation: string) =>
  param(name, 'date', documentation, (r) => DATE_OF[type]?.(r) ?? []);

const statusParam = (documentation: string, values: (r: Json) => readonly string[]) =>
  param('status', 'token', documentation, values);

const clinicalStatus = (r: Json) => tokensOf(r.clinicalStatus);

/** The search parameters of each served type (besides `_id`, `_count`, `_sort`, `_offset`, `_format`). */
export const SEARCH_PARAMS: Readonly<Record<string, readonly SearchParamDefinition[]>> = {
  Patient: [
    param('identifier', 'token', 'an identifier (system|value)', (r) =>
      asList(r.identifier).map((i) => `${str(asJson(i)?.system) ?? ''}|${str(asJson(i)?.value) ?? ''}`),
    ),
    param('name', 'string', 'the start of a given or family name', (r) =>
      asList(r.name).flatMap((n) =>
        [...asList(asJson(n)?.given), asJson(n)?.family].flatMap((v) => texts(v)),
      ),
    ),
    param('gender', 'token', 'administrative gender', (r) => plainCode(r.gender)),
    dateParam('Patient', 'birthdate', 'the birth date'),
    dateParam('Patient', 'date', 'alias of birthdate'),
  ],
  Condition: [
    patientParam('subject'),
    subjectParam,
    param('code', 'token', 'the condition code', (r) => tokensOf(r.code)),
    param('clinical-status', 'token', 'the clinical status', clinicalStatus),
    statusParam('alias of clinical-status', clinicalStatus),
    dateParam('Condition', 'onset-date', 'the onset'),
    dateParam('Condition', 'date', 'alias of onset-date'),
  ],
  Observation: [
    patientParam('subject'),
    subjectParam,
    param('code', 'token', 'the observation code (LOINC, o3care outcome measure)', (r) => tokensOf(r.code)),
    param('category', 'token', 'the category', (r) => tokensOf(r.category)),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('Observation', 'date', 'the effective time'),
  ],
  MedicationStatement: [
    patientParam('subject'),
    subjectParam,
    param('code', 'token', 'the medication code (ATC)', (r) => tokensOf(r.medicationCodeableConcept)),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('MedicationStatement', 'effective', 'the effective time'),
    dateParam('MedicationStatement', 'date', 'alias of effective'),
  ],
  AllergyIntolerance: [
    patientParam('patient'),
    param('code', 'token', 'the substance code', (r) => tokensOf(r.code)),
    param('clinical-status', 'token', 'the clinical status', clinicalStatus),
    statusParam('alias of clinical-status', clinicalStatus),
    dateParam('AllergyIntolerance', 'date', 'the onset'),
  ],
  MedicationRequest: [
    patientParam('subject'),
    subjectParam,
    param('code', 'token', 'the medication code (medical-ozone)', (r) =>
      tokensOf(r.medicationCodeableConcept),
    ),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('MedicationRequest', 'authoredon', 'when signed'),
    dateParam('MedicationRequest', 'date', 'alias of authoredon'),
  ],
  Procedure: [
    patientParam('subject'),
    subjectParam,
    param('code', 'token', 'the technique', (r) => tokensOf(r.code)),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('Procedure', 'date', 'when performed'),
  ],
  CarePlan: [
    patientParam('subject'),
    subjectParam,
    param('activity-code', 'token', 'the technique or programme component', (r) =>
      tokensOf(...asList(r.activity).map((a) => asJson(asJson(a)?.detail)?.code)),
    ),
    param('code', 'token', 'alias of activity-code', (r) =>
      tokensOf(...asList(r.activity).map((a) => asJson(asJson(a)?.detail)?.code)),
    ),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('CarePlan', 'date', 'the period'),
  ],
  Consent: [
    patientParam('patient'),
    param('action', 'token', 'the techniques consented to', (r) => tokensOf(asJson(r.provision)?.code)),
    param('code', 'token', 'alias of action', (r) => tokensOf(asJson(r.provision)?.code)),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('Consent', 'date', 'when the patient signed'),
  ],
  AdverseEvent: [
    patientParam('subject'),
    subjectParam,
    param('severity', 'token', 'mild, moderate or severe', (r) => tokensOf(r.severity)),
    param('code', 'token', 'alias of severity', (r) => tokensOf(r.severity)),
    statusParam('the actuality', (r) => plainCode(r.actuality)),
    dateParam('AdverseEvent', 'date', 'onset, else when reported'),
  ],
  DetectedIssue: [
    patientParam('patient'),
    param('code', 'token', 'DOSEH / DOSEL (v3 ActCode) or the rule id', (r) => tokensOf(r.code)),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('DetectedIssue', 'identified', 'when identified or overridden'),
    dateParam('DetectedIssue', 'date', 'alias of identified'),
  ],
  QuestionnaireResponse: [
    patientParam('subject'),
    subjectParam,
    param('questionnaire', 'token', 'the questionnaire canonical', (r) =>
      plainCode(r.questionnaire).map((c) => c.slice(1)),
    ),
    param('code', 'token', 'alias of questionnaire', (r) =>
      plainCode(r.questionnaire).map((c) => c.slice(1)),
    ),
    statusParam('the status', (r) => plainCode(r.status)),
    dateParam('QuestionnaireResponse', 'authored', 'when answered'),
    dateParam('QuestionnaireResponse', 'date', 'alias of authored'),
  ],
  AuditEvent: [
    param('patient', 'reference', 'the patient the event concerns', (r) =>
      asList(r.entity)
        .flatMap((e) => referenceOf(asJson(e)?.what))
        .filter((ref) => ref.startsWith('Patient/')),
    ),
    param('subtype', 'token', 'the o3care action or REST interaction', (r) =>
      tokensOf({ coding: r.subtype }),
    ),
    param('code', 'token', 'alias of subtype', (r) => tokensOf({ coding: r.subtype })),
    param('outcome', 'token', '0 success, 4 refused, 8 error', (r) => plainCode(r.outcome)),
    statusParam('alias of outcome', (r) => plainCode(r.outcome)),
    dateParam('AuditEvent', 'date', 'when recorded'),
  ],
};

// ---------------------------------------------------------------- matching

const DATE_PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'] as const;
type DatePrefix = (typeof DATE_PREFIXES)[number];

/** The instant range [start, end) a FHIR date or dateTime covers (a day, a month, a year, or one instant). */
export function dateRange(value: string): { start: number; end: number } | undefined {
  const date = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (date) {
    const [, y, m, d] = date;
    const year = Number(y);
    if (m === undefined) return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
    const month = Number(m) - 1;
    if (d === undefined) return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
    const start = Date.UTC(year, month, Number(d));
    return { start, end: start + 86_400_000 };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  // A time to the second or finer covers its second; a time to the minute covers its minute.
  const width = /T\d{2}:\d{2}(Z|[+-]|$)/.test(value) ? 60_000 : 1_000;
  return { start: ms, end: ms + width };
}

/** R4 search.html#date: the prefix compares the parameter's range with the value's range. */
function dateMatches(prefix: DatePrefix, target: { start: number; end: number }, value: string): boolean {
  const range = dateRange(value);
  if (range === undefined) return false;
  switch (prefix) {
    case 'eq':
      return range.start >= target.start && range.end <= target.end;
    case 'ne':
      return !(range.start >= target.start && range.end <= target.end);
    case 'gt':
    case 'sa':
      return range.end > target.end;
    case 'lt':
    case 'eb':
      return range.start < target.start;
    case 'ge':
      return range.end > target.start;
    case 'le':
      return range.start < target.end;
  }
}

function tokenMatches(query: string, value: string): boolean {
  const bar = query.indexOf('|');
  if (bar < 0) return value.slice(value.indexOf('|') + 1) === query;
  const system = query.slice(0, bar);
  const code = query.slice(bar + 1);
  const valueBar = value.indexOf('|');
  const valueSystem = value.slice(0, valueBar);
  const valueCode = value.slice(valueBar + 1);
  if (code === '') return valueSystem === system;
  return valueSystem === system && valueCode === code;
}

export class SearchParamError extends Error {
  override name = 'SearchParamError';
  /** The parameter at fault, as the client sent it. */
  readonly param: string;
  constructor(param: string, message: string) {
    super(message);
    this.param = param;
  }
}

/** A compiled test: does a resource match this one parameter (any of its comma-separated values)? */
export type ResourceTest = (resource: Resource) => boolean;

function compileOne(definition: SearchParamDefinition, raw: string): ResourceTest {
  const alternatives = raw.split(',').map((v) => v.trim());
  if (alternatives.some((v) => v === '')) {
    throw new SearchParamError(definition.name, `search parameter ${definition.name} has an empty value`);
  }
  const read = (resource: Resource) => definition.values(resource as unknown as Json);
  switch (definition.type) {
    case 'token':
      return (resource) => read(resource).some((value) => alternatives.some((q) => tokenMatches(q, value)));
    case 'string': {
      const prefixes = alternatives.map((q) => q.toLowerCase());
      return (resource) =>
        read(resource).some((value) => prefixes.some((q) => value.toLowerCase().startsWith(q)));
    }
    case 'reference':
      return (resource) =>
        read(resource).some((value) =>
          alternatives.some((q) => value === q || value === `Patient/${q}` || value.endsWith(`/${q}`)),
        );
    case 'date': {
      const tests = alternatives.map((q) => {
        const prefix = DATE_PREFIXES.find((p) => q.startsWith(p)) ?? 'eq';
        const text = DATE_PREFIXES.some((p) => q.startsWith(p)) ? q.slice(2) : q;
        const target = dateRange(text);
        if (target === undefined) {
          throw new SearchParamError(
            definition.name,
            `search parameter ${definition.name}: ${q} is not a FHIR date`,
          );
        }
        return (value: string) => dateMatches(prefix, target, value);
      });
      return (resource) => read(resource).some((value) => tests.some((test) => test(value)));
    }
  }
}

/** The patient a search names through `patient` or `subject` (`Patient/x` or `x`), if any. */
export function patientOfSearch(params: ReadonlyMap<string, readonly string[]>): string | undefined {
  for (const name of ['patient', 'subject']) {
    const [value] = params.get(name) ?? [];
    if (value !== undefined) return value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
  }
  return undefined;
}

/**
 * Compiles the search's filters for `type`. `params` holds each parameter's values (a repeated parameter is AND, a
 * comma inside one value is OR, R4 search.html#combining). Result parameters (`_count`, `_sort`, …) are skipped.
 * Throws SearchParamError naming the first unknown parameter or bad value.
 */
export function compileSearch(type: string, params: ReadonlyMap<string, readonly string[]>): ResourceTest[] {
  const definitions = SEARCH_PARAMS[type] ?? [];
  const tests: ResourceTest[] = [];
  for (const [name, values] of params) {
    if (RESULT_PARAMS.has(name)) continue;
    if (name === '_id') {
      for (const value of values) {
        const ids = value.split(',');
        tests.push((resource) => resource.id !== undefined && ids.includes(resource.id));
      }
      continue;
    }
    const bare = name.split(':')[0] ?? name;
    const definition = definitions.find((d) => d.name === bare);
    if (definition === undefined || bare !== name) {
      throw new SearchParamError(name, `unknown search parameter ${name} for ${type}`);
    }
    for (const value of values) tests.push(compileOne(definition, value));
  }
  return tests;
}

/** Parameters that shape the result rather than filter it. */
export const RESULT_PARAMS: ReadonlySet<string> = new Set([
  '_count',
  '_sort',
  '_offset',
  '_format',
  '_total',
]);

export type SortKey = '_id' | '-_id' | 'date' | '-date';
export const SORT_KEYS: readonly SortKey[] = ['date', '-date', '_id', '-_id'];

/** Sorts in place by the type's date (undated last) or id; ties broken by id so pages are stable. */
export function sortResources(type: string, resources: Resource[], sort: SortKey): void {
  const dateOf = DATE_OF[type];
  const first = (r: Resource): number => {
    const [value] = dateOf?.(r as unknown as Json) ?? [];
    return value === undefined ? Number.NaN : (dateRange(value)?.start ?? Number.NaN);
  };
  const descending = sort.startsWith('-');
  const byDate = sort.endsWith('date');
  resources.sort((a, b) => {
    const idOrder = (a.id ?? '').localeCompare(b.id ?? '');
    if (!byDate) return descending ? -idOrder : idOrder;
    const da = first(a);
    const db = first(b);
    if (Number.isNaN(da) || Number.isNaN(db)) {
      if (Number.isNaN(da) && Number.isNaN(db)) return idOrder;
      return Number.isNaN(da) ? 1 : -1;
    }
    const order = da - db;
    return (descending ? -order : order) || idOrder;
  });
}
