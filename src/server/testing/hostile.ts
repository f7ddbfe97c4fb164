// Generators for the hostile-input test (routes/hostile-input.test.ts): request parts a careless or malicious client
// might send. Bodies are built from each route's own request schema as the OpenAPI document describes it, so a route
// added later is fuzzed with near-valid bodies without anyone writing a generator for it.
//
//   const body = fc.sample(nearValidBody(operation.body, { ids, now }), 1)[0]; // JSON text, one field made hostile
//
// Everything here produces *text* (JSON text, query strings, header values), because the point is to send what a
// well-behaved client library would never serialise: raw `1e400`, 100,000 nested brackets, `__proto__` keys.

import fc from 'fast-check';

/** The subset of JSON Schema (OpenAPI 3.0 flavour, as @fastify/swagger emits it from zod) the generators read. */
export interface JsonSchema {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number | boolean;
  readonly exclusiveMaximum?: number | boolean;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly $ref?: string;
}

export interface ValueOptions {
  /** Ids that exist in the database under test (patients, plans, users…), so that near-valid bodies reach services. */
  readonly ids: readonly string[];
  /** The app clock: generated instants lie around it. */
  readonly now: Date;
}

const DAY_MS = 86_400_000;

/** A JSON literal written into the text as is (`1e400`, `-0`, a 100,000-deep array), which JSON.stringify cannot. */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** An object holding `key` as an own property, even for `__proto__` (which an object literal would turn into a prototype). */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** JSON text of `value`, with every RawJson written verbatim. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `@@raw-${raws.length - 1}@@`;
    }
    return v;
  });
  return (text ?? 'null').replace(/"@@raw-(\d+)@@"/g, (_m, index: string) => raws[Number(index)]!);
}

// ---------------------------------------------------------------- values that fit a schema

const clamp = (text: string, schema: JsonSchema): string => {
  const clipped = schema.maxLength !== undefined ? text.slice(0, schema.maxLength) : text;
  return clipped.length >= (schema.minLength ?? 0) ? clipped : clipped.padEnd(schema.minLength ?? 0, 'x');
};

/** Building a regex arbitrary costs far more than drawing from it: one per pattern. */
const byPattern = new Map<string, fc.Arbitrary<string>>();
function matching(pattern: string): fc.Arbitrary<string> {
  let arbitrary = byPattern.get(pattern);
  if (!arbitrary)
    byPattern.set(pattern, (arbitrary = fc.stringMatching(new RegExp(pattern), { size: 'xsmall' })));
  return arbitrary;
}

function fittingString(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...options.ids) }, fc.uuid({ version: 4 }));
    case 'date-time':
      return fc
        .integer({ min: -400, max: 200 })
        .map((days) => new Date(options.now.getTime() + days * DAY_MS).toISOString());
    case 'email':
      return fc.constantFrom('marta@example.org', 'a.b+c@clinic.example.com');
    default:
      break;
  }
  if (schema.pattern !== undefined) return matching(schema.pattern).map((text) => clamp(text, schema));
  return matching("^[A-Za-z][A-Za-z .'-]{0,24}$").map((text) => clamp(text, schema).replace(/^\s|\s$/g, 'x'));
}

function fittingNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusive = (bound: number | boolean | undefined) => (typeof bound === 'number' ? bound : undefined);
  const lowest = schema.minimum ?? exclusive(schema.exclusiveMinimum) ?? -1000;
  const highest = schema.maximum ?? exclusive(schema.exclusiveMaximum) ?? 1000;
  const min = Math.max(lowest, Math.min(highest, -1000));
  const max = Math.min(highest, Math.max(lowest, 1000));
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter((n) => n !== schema.exclusiveMinimum && n !== schema.exclusiveMaximum);
}

/**
 * Values that fit `schema` most of the time: refinements the JSON Schema cannot express (a departure after the
 * arrival, a real calendar day) may still fail, which is fine, since every answer is checked the same way.
 */
export function fittingValue(schema: JsonSchema, options: ValueOptions, depth = 0): fc.Arbitrary<unknown> {
  const base = fittingNonNull(schema, options, depth);
  return schema.nullable === true ? fc.oneof({ weight: 4, arbitrary: base }, fc.constant(null)) : base;
}

function fittingNonNull(schema: JsonSchema, options: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined && alternatives.length > 0)
    return fc.oneof(...alternatives.map((s) => fittingValue(s, options, depth + 1)));
  if (schema.allOf !== undefined && schema.allOf.length > 0)
    return fittingValue(schema.allOf[0]!, options, depth + 1);
  switch (schema.type) {
    case 'string':
      return fittingString(schema, options);
    case 'integer':
      return fittingNumber(schema, true);
    case 'number':
      return fittingNumber(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(
        schema.items ? fittingValue(schema.items, options, depth + 1) : fc.jsonValue({ maxDepth: 1 }),
        {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        },
      );
    case 'object':
      return fittingObject(schema, options, depth);
    default:
      // `{}` or an unresolved `$ref` (z.json(), z.unknown()): any JSON value.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function fittingObject(schema: JsonSchema, options: ValueOptions, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  if (keys.length === 0 && typeof schema.additionalProperties === 'object') {
    return fc.dictionary(
      fc.stringMatching(/^[a-z][a-z-]{0,15}$/),
      fittingValue(schema.additionalProperties, options, depth + 1),
      { maxKeys: 3 },
    );
  }
  const required = (schema.required ?? []).filter((key) => keys.includes(key));
  return fc.record(
    Object.fromEntries(keys.map((key) => [key, fittingValue(properties[key]!, options, depth + 1)])),
    { requiredKeys: required },
  );
}

// ---------------------------------------------------------------- hostile values

const nested = (depth: number, open: string, close: string, inner: string) =>
  new RawJson(open.repeat(depth) + inner + close.repeat(depth));

/** Values that are wrong for almost any field: wrong types, edge numbers, hostile text, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, 1, -1, '', ' ', 'x', [], {}, [null], { '': '' }, [[[]]]),
  // numbers at and past the edges, including literals JSON.stringify cannot write
  fc.constantFrom<unknown>(
    -0.000001,
    1e308,
    -1e308,
    2 ** 53 + 2,
    5e-324,
    0.1,
    3.5,
    new RawJson('1e400'),
    new RawJson('-1e400'),
    new RawJson('123456789012345678901234567890'),
    new RawJson('-0'),
    new RawJson('1E+2'),
  ),
  // numbers and dates as text
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e3',
    '0x10',
    ' 12 ',
    '١٢',
    '12abc',
    'null',
    'undefined',
    '2026-02-30',
    '0000-00-00',
    '2026-11-27T25:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '2026-11-27T09:00:00+99:00',
    '1969-12-31',
  ),
  // text a database or a template engine could choke on
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udc00y',
    '\u202eevil',
    '\ufeff',
    '\u0301'.repeat(1000),
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '{{7*7}}',
    '../../etc/passwd',
    '%00',
    '\\',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // huge text and arrays, still under the 1 MiB body limit
  fc.constantFrom(201, 2_001, 10_001, 70_000, 300_000).map((n) => 'x'.repeat(n)),
  fc.constantFrom(51, 1_000, 50_000).map((n) => Array.from({ length: n }, () => 'a')),
  // nesting, shallow enough for a generous parser and far too deep for any
  fc.constantFrom(70, 1_000, 100_000).map((depth) => nested(depth, '[', ']', '')),
  fc.constantFrom(70, 5_000).map((depth) => nested(depth, '{"a":', '}', '1')),
  // prototype-poisoning shapes (Fastify is set to refuse them)
  fc.constantFrom('__proto__', 'constructor').map((key) => withOwnKey({}, key, { polluted: true })),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
);

/** Keys nobody declared: plain ones, prototype keys, empty, very long, unicode. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', 'a.b', '$ref', 'id', 'k'.repeat(10_000)),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
);

type Path = readonly (string | number)[];

/** Every path into `value` (the root included), breadth first. */
function pathsOf(value: unknown): Path[] {
  const paths: Path[] = [];
  const queue: { path: Path; at: unknown }[] = [{ path: [], at: value }];
  while (queue.length > 0) {
    const { path, at } = queue.shift()!;
    paths.push(path);
    if (Array.isArray(at)) at.forEach((item, index) => queue.push({ path: [...path, index], at: item }));
    else if (at !== null && typeof at === 'object' && !(at instanceof RawJson))
      for (const [key, item] of Object.entries(at)) queue.push({ path: [...path, key], at: item });
  }
  return paths;
}

/** A copy of `value` with the node at `path` changed by `change` (which returns the new node, or undefined to drop it). */
function changedAt(value: unknown, path: Path, change: (node: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy: unknown[] = [...(value as unknown[])];
    const next = changedAt(copy[head as number], rest, change);
    if (next === undefined) copy.splice(head as number, 1);
    else copy[head as number] = next;
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key !== head) withOwnKey(copy, key, item);
    else {
      const next = changedAt(item, rest, change);
      if (next !== undefined) withOwnKey(copy, key, next);
    }
  }
  return copy;
}

export interface HostileBody {
  /** The JSON text to send. */
  readonly text: string;
  /** What was done to the fitting value, for failure messages. */
  readonly mutation: string;
}

const isObject = (node: unknown): node is Record<string, unknown> =>
  node !== null && typeof node === 'object' && !Array.isArray(node) && !(node instanceof RawJson);

/**
 * A body that fits the route's schema except for one thing: a field replaced by a hostile value, a field dropped, an
 * undeclared (or prototype-poisoning) key added. Without a schema, any JSON value.
 */
export function nearValidBody(
  schema: JsonSchema | undefined,
  options: ValueOptions,
): fc.Arbitrary<HostileBody> {
  const fitting = schema ? fittingValue(schema, options) : fc.jsonValue({ maxDepth: 2 });
  return fc
    .record({
      value: fitting,
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'replace', 'replace', 'drop', 'add-key'),
      hostile: hostileValue,
      key: hostileKey,
    })
    .map(({ value, at, kind, hostile, key }) => {
      const paths = pathsOf(value);
      const path = paths[at % paths.length]!;
      const where = `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
      if (kind === 'drop' && path.length > 0)
        return { text: toJsonText(changedAt(value, path, () => undefined)), mutation: `dropped ${where}` };
      if (kind === 'add-key') {
        const objects = paths.filter((p) => isObject(pathValue(value, p)));
        const target = objects.length > 0 ? objects[at % objects.length]! : [];
        const added = changedAt(value, target, (node) =>
          isObject(node) ? withOwnKey({ ...node }, key, hostile) : withOwnKey({}, key, node),
        );
        return {
          text: toJsonText(added),
          mutation: `added key ${JSON.stringify(key.slice(0, 40))} at ${where}`,
        };
      }
      return {
        text: toJsonText(changedAt(value, path, () => hostile)),
        mutation: `replaced ${where} with ${describeValue(hostile)}`,
      };
    });
}

function pathValue(value: unknown, path: Path): unknown {
  let at = value;
  for (const step of path) at = (at as Record<string | number, unknown>)[step];
  return at;
}

export function describeValue(value: unknown): string {
  const text = value instanceof RawJson ? value.text : toJsonText(value);
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

/** JSON text no JSON parser may accept, and valid JSON of the wrong top-level shape. */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"a":',
    '{"a":1,}',
    '[1,2',
    "{'a':1}",
    '{a:1}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":undefined}',
    '{"a":01}',
    '{"a":"\\x41"}',
    '{"a":"\\u12"}',
    '{"a":1}{"b":2}',
    '{"a":1} trailing',
    '\ufeff{}',
    '/* comment */ {}',
    '{"a":"line\nbreak"}',
    '{"a":"tab\tin string"}',
    '{"a":"\u0000"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":1,"a":2}',
    'null',
    'true',
    '0',
    '"text"',
    '[]',
    '[{}]',
  ),
  fc.constantFrom(10_000, 200_000).map((n) => '['.repeat(n)),
  fc.constantFrom(10_000, 200_000).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v).slice(0, -1)),
);

// ---------------------------------------------------------------- headers, query strings, path ids

/** Content types a JSON route should refuse or read carefully. `undefined`: no content-type header at all. */
export const hostileContentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined,
  'text/plain',
  'application/xml',
  'text/html',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;',
  'application/json;;;',
  'application/jsonx',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/json, text/plain',
  ';;;',
  ' ',
  '*/*',
);

export const hostileAccept: fc.Arbitrary<string> = fc.constantFrom(
  'application/xml',
  'text/html',
  '*/*;q=0',
  'application/problem+json',
  'application/fhir+json',
  'garbage/;;',
  'application/json; charset=ebcdic',
  'text/*, image/png;q=1.5',
  ';',
  'a'.repeat(4_000),
);

/** Cookie header values that carry no usable session. `live` is a valid `name=token` pair to mangle. */
export function hostileCookie(live: string | undefined): fc.Arbitrary<string> {
  const token = live?.split('=')[1] ?? 'x';
  return fc.oneof(
    fc.constantFrom(
      'o3care_session=',
      'o3care_session=garbage',
      'o3care_session=%',
      'o3care_session=%E0%A4%A',
      'o3care_session=%00',
      'o3care_session="unterminated',
      'o3care_session=a; o3care_session=b',
      '=;=;=',
      ';;;',
      'o3care_session',
      `o3care_session=${'a'.repeat(8_000)}`,
      `o3care_session=${token}x`,
      `o3care_session=${token.slice(0, -1)}`,
      `o3care_session=${token.toUpperCase()}`,
      `o3care_session= ${token}`,
    ),
    fc
      .string({ unit: 'grapheme-ascii', maxLength: 60 })
      .map((s) => `o3care_session=${s.replace(/[\r\n]/g, '')}`),
  );
}

export const hostileCsrf: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined,
  '',
  'garbage',
  ' ',
  'a'.repeat(10_000),
  'null',
);

/** Other request headers a proxy or a scanner might send. */
export const oddHeader: fc.Arbitrary<readonly [string, string]> = fc.constantFrom(
  ['authorization', 'Bearer x'] as const,
  ['authorization', 'Basic Zm9vOmJhcg=='] as const,
  ['authorization', ''] as const,
  ['authorization', 'garbage'] as const,
  ['x-forwarded-for', 'not-an-ip, 999.1.1.1'] as const,
  ['x-forwarded-host', 'evil.example'] as const,
  ['x-http-method-override', 'DELETE'] as const,
  ['origin', 'null'] as const,
  ['referer', 'javascript:alert(1)'] as const,
  ['user-agent', 'u'.repeat(10_000)] as const,
  ['user-agent', 'Mozilla/5.0 \u00e9\u00ff'] as const,
  ['accept-encoding', 'gzip;q=2, br;q=-1, garbage'] as const,
  ['content-encoding', 'gzip'] as const,
  ['accept-language', '*;q=NaN'] as const,
  ['if-none-match', '*'] as const,
  ['range', 'bytes=garbage'] as const,
  ['x-o3care-local-token', 't'.repeat(500)] as const,
);

export interface QueryParameter {
  readonly name: string;
  readonly schema: JsonSchema;
}

/** A hostile query-string value, already percent-encoded (or deliberately not). */
const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '%',
    '%zz',
    '%00',
    '%ff%fe',
    '%E0%A4%A',
    '%ED%A0%80',
    '-1',
    '0',
    '1e3',
    '1.5',
    '0x10',
    '9999999999999999999999',
    'NaN',
    'Infinity',
    'null',
    'true',
    '2026-02-30',
    '2026-11-27T25:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    'not-a-date',
    'not-a-cursor',
    'eyJ9',
    '..%2F..',
    '%27%20OR%201%3D1--',
    '%3Cscript%3E',
    'a'.repeat(10_000),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.base64String({ maxLength: 40 }),
);

/** A query string (without `?`) for a route with `parameters`: repeated keys, arrays, unknown keys, bad values. */
export function hostileQuery(
  parameters: readonly QueryParameter[],
  options: ValueOptions,
): fc.Arbitrary<string> {
  const names = parameters.length > 0 ? parameters.map((p) => p.name) : ['limit'];
  const fitting = (name: string) => {
    const parameter = parameters.find((p) => p.name === name);
    return parameter
      ? fittingValue(parameter.schema, options).map((v) => encodeURIComponent(String(v)))
      : fc.constant('1');
  };
  const pair = fc.oneof(
    fc.tuple(fc.constantFrom(...names), hostileQueryValue).map(([name, value]) => `${name}=${value}`),
    fc
      .constantFrom(...names)
      .chain((name) => fc.tuple(fitting(name), fitting(name)).map(([a, b]) => `${name}=${a}&${name}=${b}`)),
    fc.constantFrom(...names).map((name) => `${name}[]=1&${name}[]=2`),
    fc.constantFrom(...names).map((name) => `${name}[0]=1`),
    fc.constantFrom(...names).map((name) => `${name}[a][b]=1`),
    fc.constantFrom(...names),
    fc.constantFrom(
      '__proto__=1',
      'constructor[prototype]=1',
      '=1',
      '&&&',
      ';',
      'unknown=1',
      `${'k'.repeat(5_000)}=1`,
    ),
  );
  return fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.join('&'));
}

/** Path segments where a UUID belongs: everything from empty to encoded garbage to well-formed ids of nothing. */
export const hostilePathId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ' ',
    '%20',
    'null',
    'undefined',
    '0',
    '-1',
    '1e3',
    'a'.repeat(101),
    'a'.repeat(5_000),
    '%',
    '%zz',
    '%00',
    '%ff%fe',
    '%C0%AF',
    '..',
    '..%2F..%2Fhealthz',
    '%2e%2e',
    '*',
    '$',
    '%27%20OR%201%3D1--',
    '%3Cscript%3E',
    '%E2%80%AE',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000000000000000000000000000',
  ),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.uuid().map((id) => id.replaceAll('-', '')),
  fc.uuid().map((id) => `%7B${id}%7D`),
  fc.uuid().map((id) => `${id}%20`),
  fc.uuid().map((id) => id.slice(0, -1)),
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);
