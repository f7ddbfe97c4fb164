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
import fp from 'fastify-plugin';
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

export const storableInput = fp(
  (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      (
        request: FastifyRequest,
        body: string | Buffer,
        done: (error: Error | null, value?: unknown) => void,
      ) => {
        // Fastify's default JSON parser answers through `done`, synchronously; it returns nothing to await.
        void parseJson(request, String(body), (error: Error | null, value?: unknown) => {
          if (error) {
            // Fastify says only "not valid JSON"; say why when the JSON is fine but holds a prototype key.
            if (error.message.includes('not valid JSON') && parsesAsPlainJson(String(body)))
              return done(
                new JsonBodyRefused('$.body', 'the keys __proto__ and constructor.prototype are refused'),
              );
            return done(error);
          }
          const problem = jsonValueProblem(value, '$.body');
          if (problem) return done(new JsonBodyRefused(problem.path, problem.message));
          done(null, value);
        });
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
