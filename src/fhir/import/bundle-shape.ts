// The structural checks an import makes before reading anything (SPEC-INTEROP §5: malformed input → 400 with the
// JSON path of the first problem). Screening is lenient and reads what it can; an import writes to the record, so a
// Bundle whose shape is wrong where o3care depends on it is refused whole, at the first problem, in entry order.

import { asShortString, isRecord, preview } from '../json.ts';
import type { JsonRecord } from '../json.ts';

/** A problem that refuses the whole import: where (a JSON path from the Bundle's root) and why. */
export interface ImportProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Bundle types an import accepts: an IPS or other document (FHIR R4 §3.3.1.2, Composition first), a collection, a
 * transaction or batch as another system would post it, and a searchset (a `Patient/$everything` answer).
 * `history`, `message` and the `-response` types describe exchanges, not a record.
 */
export const IMPORTABLE_BUNDLE_TYPES = [
  'document',
  'collection',
  'transaction',
  'batch',
  'searchset',
] as const;
export type ImportableBundleType = (typeof IMPORTABLE_BUNDLE_TYPES)[number];

/** Most entries one import reads: the same bound as screening (extract-record.ts). */
export const MAX_IMPORT_ENTRIES = 10_000;
/** Deepest nesting of objects and arrays inside one resource; real resources stay well under 20. */
export const MAX_RESOURCE_DEPTH = 64;

// FHIR R4 §2.24.0.1 `id`: 1 to 64 of [A-Za-z0-9\-.].
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const MAX_FULL_URL_LENGTH = 4096;

const isImportable = (value: unknown): value is ImportableBundleType =>
  typeof value === 'string' && (IMPORTABLE_BUNDLE_TYPES as readonly string[]).includes(value);

export type ShapeCheck =
  | { readonly ok: true; readonly bundle: JsonRecord; readonly type: ImportableBundleType }
  | { readonly ok: false; readonly problem: ImportProblem };

const refuse = (path: string, message: string): ShapeCheck => ({ ok: false, problem: { path, message } });

/** The Bundle itself, its type, and each entry's resource, id and fullUrl; the first problem found, in order. */
export function checkBundleShape(input: unknown): ShapeCheck {
  if (!isRecord(input))
    return refuse('$', `expected a FHIR R4 Bundle (a JSON object), found ${preview(input)}`);
  if (input.resourceType !== 'Bundle') {
    return refuse(
      '$.resourceType',
      `expected a FHIR R4 Bundle (resourceType "Bundle"), found resourceType ${preview(input.resourceType)}`,
    );
  }
  if (!isImportable(input.type)) {
    return refuse(
      '$.type',
      `Bundle.type ${preview(input.type)} cannot be imported; expected one of ${IMPORTABLE_BUNDLE_TYPES.join(', ')}`,
    );
  }
  const entries = input.entry ?? [];
  if (!Array.isArray(entries))
    return refuse('$.entry', `$.entry must be an array, found ${preview(input.entry)}`);
  if (entries.length > MAX_IMPORT_ENTRIES) {
    return refuse(
      '$.entry',
      `the Bundle has ${entries.length} entries; o3care imports at most ${MAX_IMPORT_ENTRIES}`,
    );
  }
  for (let index = 0; index < entries.length; index++) {
    const problem = entryProblem(entries[index] as unknown, `$.entry[${index}]`);
    if (problem !== undefined) return { ok: false, problem };
  }
  // Outside the resources too (Bundle.signature, entry.request…): the whole document is hashed as JSON text.
  const tooDeep = deepestPath(input, '$', MAX_RESOURCE_DEPTH + 3);
  if (tooDeep !== undefined) {
    return refuse(tooDeep, `the Bundle nests deeper than ${MAX_RESOURCE_DEPTH + 3} levels at ${tooDeep}`);
  }
  if (input.type === 'document') {
    const first = isRecord(entries[0]) ? entries[0].resource : undefined;
    // FHIR R4 Bundle invariant bdl-9 and §3.3.1.2: a document's first entry is its Composition.
    if (!isRecord(first) || first.resourceType !== 'Composition') {
      return refuse(
        '$.entry[0].resource.resourceType',
        'a document Bundle starts with its Composition (FHIR R4 §3.3.1.2), found ' +
          (isRecord(first) ? preview(first.resourceType) : 'no first entry'),
      );
    }
  }
  return { ok: true, bundle: input, type: input.type };
}

function entryProblem(entry: unknown, path: string): ImportProblem | undefined {
  if (!isRecord(entry)) return { path, message: `${path} must be an object, found ${preview(entry)}` };
  if (entry.fullUrl !== undefined && asShortString(entry.fullUrl, MAX_FULL_URL_LENGTH) === undefined) {
    return {
      path: `${path}.fullUrl`,
      message: `${path}.fullUrl must be a URI string, found ${preview(entry.fullUrl)}`,
    };
  }
  const resource = entry.resource;
  // A transaction or batch DELETE names a resource without carrying one: nothing to import, and nothing wrong.
  if (resource === undefined && isRecord(entry.request)) return undefined;
  if (!isRecord(resource)) {
    return {
      path: `${path}.resource`,
      message: `${path}.resource must be a resource, found ${preview(resource)}`,
    };
  }
  const resourcePath = `${path}.resource`;
  if (asShortString(resource.resourceType, 64) === undefined) {
    return {
      path: `${resourcePath}.resourceType`,
      message: `${resourcePath}.resourceType must name a resource type, found ${preview(resource.resourceType)}`,
    };
  }
  if (resource.id !== undefined && !(typeof resource.id === 'string' && FHIR_ID.test(resource.id))) {
    return {
      path: `${resourcePath}.id`,
      message: `${resourcePath}.id must be a FHIR id (1–64 of A-Z a-z 0-9 - .), found ${preview(resource.id)}`,
    };
  }
  const tooDeep = deepestPath(resource, resourcePath, MAX_RESOURCE_DEPTH);
  if (tooDeep !== undefined) {
    return { path: tooDeep, message: `${resourcePath} nests deeper than ${MAX_RESOURCE_DEPTH} levels` };
  }
  return undefined;
}

/**
 * The path of the first value nested deeper than `maxDepth`, or undefined. Walks with an explicit stack:
 * a hostile document cannot exhaust the call stack here or, later, in JSON.stringify when it is stored.
 */
function deepestPath(resource: JsonRecord, path: string, maxDepth: number): string | undefined {
  const work: { value: unknown; path: string; depth: number }[] = [{ value: resource, path, depth: 0 }];
  while (work.length > 0) {
    const { value, path: at, depth } = work.pop() ?? { value: undefined, path: '', depth: 0 };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return at;
    if (Array.isArray(value)) {
      value.forEach((item: unknown, i) => work.push({ value: item, path: `${at}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(value))
        work.push({ value: item, path: `${at}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}
