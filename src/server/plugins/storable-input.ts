// Input the validators can walk and the database can store, refused as a 400 naming the spot otherwise (found by the
// hostile-input test, routes/hostile-input.test.ts):
// - JSON nested deeper than MAX_JSON_DEPTH: zod walks `z.json()` values recursively and overflowed the stack (a 500)
//   at a few thousand levels; no o3care or FHIR document comes near 64 (OWASP Input Validation Cheat Sheet: bound
//   the structure, not only the size).
// - text holding U+0000 or an unpaired UTF-16 surrogate: PostgreSQL cannot store NUL in `text` (SQLSTATE 22021) nor
//   the `\u0000` escape in `jsonb` (22P05), and refuses an unpaired `\ud800` escape in `jsonb` (22P02), while
//   node-pg silently turns one in `text` into U+FFFD (PostgreSQL docs §8.3 and §8.14). Both were 500s or silent
//   changes; both are now refused before validation or any service sees them.
// The JSON parser replaces Fastify's default for application/json and keeps its prototype-poisoning refusal.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorCodes } from 'fastify';
import fp from 'fastify-plugin';
import secureJson from 'secure-json-parse';
import { badRequest } from '../problem.ts';

export const MAX_JSON_DEPTH = 64;

/**
 * A JSON body the parser refused, coded as Fastify's own invalid-JSON error so that every error handler (the API's,
 * and the FHIR and CDS Hooks plugins' own) answers it with a 400; `path` names the spot.
 */
export class JsonBodyRefused extends Error {
  override readonly name = 'JsonBodyRefused';
  readonly code = 'FST_ERR_CTP_INVALID_JSON_BODY';
  readonly statusCode = 400;
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

const isUnstorable = (text: string): boolean => text.includes('\u0000') || !text.isWellFormed();

const UNSTORABLE = 'text with a NUL character (U+0000) or an unpaired UTF-16 surrogate cannot be stored';

const keyPath = (path: string, key: string): string =>
  /^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`;

/**
 * Whether a parsed JSON value is too deep or holds unstorable text: the check every JSON body pays, so it builds no
 * paths (a CDS Hooks prefetch has thousands of nodes); jsonValueProblem names the spot only when there is one.
 */
function hasJsonProblem(value: unknown): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const at = values.pop();
    const depth = depths.pop()!;
    if (typeof at === 'string') {
      if (isUnstorable(at)) return true;
      continue;
    }
    if (at === null || typeof at !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return true;
    if (Array.isArray(at)) {
      for (const item of at) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key in at) {
      if (isUnstorable(key)) return true;
      values.push((at as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return false;
}

/**
 * JSON text yields unstorable text only through a `\u0000` or surrogate escape: a raw control character is not valid
 * JSON, and a body decoded from UTF-8 holds no unpaired surrogate (the decoder turns bad bytes into U+FFFD). The raw
 * checks are kept anyway, so that the claim is checked rather than trusted. A `\\u0000` (an escaped backslash)
 * matches too and merely costs the full walk.
 */
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
const textMayBeUnstorable = (text: string): boolean => UNSTORABLE_ESCAPE.test(text) || isUnstorable(text);

/** Whether an object or array sits `limit` levels below `value`; recursion is bounded by `limit`. */
function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (deeperThan(item, limit - 1)) return true;
    return false;
  }
  for (const key in value) if (deeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  return false;
}

/**
 * The first problem in the JSON value parsed from `text`: the body parser's check. Text without an unstorable escape
 * needs only the depth walk over objects and arrays, which skips the strings of a large body (a CDS Hooks prefetch
 * has thousands); otherwise, or when too deep, jsonValueProblem finds the spot.
 */
export function jsonTextProblem(
  text: string,
  value: unknown,
  root: string,
): { readonly path: string; readonly message: string } | undefined {
  if (!textMayBeUnstorable(text) && !deeperThan(value, MAX_JSON_DEPTH)) return undefined;
  return jsonValueProblem(value, root);
}

/** The first problem in a parsed JSON value: too deep, or unstorable text in a string or a key. Iterative, so any depth is safe. */
export function jsonValueProblem(
  value: unknown,
  root: string,
): { readonly path: string; readonly message: string } | undefined {
  if (!hasJsonProblem(value)) return undefined;
  const stack: { readonly value: unknown; readonly path: string; readonly depth: number }[] = [
    { value, path: root, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value: at, path, depth } = stack.pop()!;
    if (typeof at === 'string') {
      if (isUnstorable(at)) return { path, message: UNSTORABLE };
      continue;
    }
    if (at === null || typeof at !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { path, message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(at)) {
      at.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(at)) {
      if (isUnstorable(key)) return { path: keyPath(path, key), message: `a key: ${UNSTORABLE}` };
      stack.push({ value: item, path: keyPath(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}

/** Query strings and path parameters are flat: strings, or arrays of strings for a repeated key. */
function checkFlat(values: unknown, root: string): void {
  if (values === null || typeof values !== 'object') return;
  for (const [key, value] of Object.entries(values)) {
    const texts = Array.isArray(value) ? value : [value];
    if (isUnstorable(key) || texts.some((text) => typeof text === 'string' && isUnstorable(text)))
      throw badRequest(`${root}.${key}`, UNSTORABLE);
  }
}

/**
 * A JSON request body read as the app reads every one: Fastify's own parsing (secure-json-parse, refusing the
 * prototype-poisoning keys; Fastify's errors for an empty or broken body), then the checks above. Pure, so the CDS
 * Hooks evaluator can read a body in a worker thread exactly as the API reads it (server/cds/answer.ts).
 */
export function parseJsonBody(
  text: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error } {
  if (text.length === 0) return { ok: false, error: new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY() };
  let value: unknown;
  try {
    value = secureJson.parse(text, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    // Fastify says only "not valid JSON"; say why when the JSON is fine but holds a prototype key.
    const error = parsesAsPlainJson(text)
      ? new JsonBodyRefused('$.body', 'the keys __proto__ and constructor.prototype are refused')
      : new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
    return { ok: false, error };
  }
  const problem = jsonTextProblem(text, value, '$.body');
  return problem
    ? { ok: false, error: new JsonBodyRefused(problem.path, problem.message) }
    : { ok: true, value };
}

export const storableInput = fp(
  (app: FastifyInstance) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      (
        _request: FastifyRequest,
        body: string | Buffer,
        done: (error: Error | null, value?: unknown) => void,
      ) => {
        const parsed = parseJsonBody(String(body));
        if (parsed.ok) done(null, parsed.value);
        else done(parsed.error);
      },
    );
    // After validation, so that a caller the route refuses (401/403) or a body of the wrong shape gets that answer.
    app.addHook('preHandler', async (request) => {
      checkFlat(request.query, '$.querystring');
      checkFlat(request.params, '$.params');
    });
  },
  { name: 'o3care-storable-input', dependencies: ['o3care-error-handler'] },
);

function parsesAsPlainJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
