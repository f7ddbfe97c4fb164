// Finding resources inside a Bundle by reference. Senders mix three forms (see the example files' README):
// `urn:uuid:` fullUrls, relative `Type/id` references against RESTful fullUrls, and absolute URLs. A reference
// resolves by exact fullUrl first, then by resource type and id (FHIR R4 §2.36.4.1, "Resolving references").

import { asShortString, isRecord } from './json.ts';
import type { JsonRecord } from './json.ts';

/** References and fullUrls longer than this never resolve (real ones are far shorter). */
const MAX_REFERENCE_LENGTH = 4096;

// `Type/id` at the end of a relative or absolute reference, with an optional `_history/version`. FHIR ids are at
// most 64 characters of [A-Za-z0-9\-.].
const TYPE_ID = /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

export interface IndexedEntry {
  readonly index: number;
  /** `$.entry[3].resource`, the base of every path reported for this resource. */
  readonly path: string;
  readonly resource: JsonRecord;
  readonly type: string;
  readonly id: string | undefined;
  readonly fullUrl: string | undefined;
}

export interface BundleIndex {
  readonly entries: readonly IndexedEntry[];
  readonly byFullUrl: ReadonlyMap<string, IndexedEntry>;
  readonly byTypeId: ReadonlyMap<string, IndexedEntry>;
}

export interface SkippedEntry {
  readonly path: string;
  readonly message: string;
}

/** Indexes the entries that hold a resource; reports the ones that do not. The first of duplicate keys wins. */
export function indexEntries(entries: readonly unknown[]): { index: BundleIndex; skipped: SkippedEntry[] } {
  const indexed: IndexedEntry[] = [];
  const byFullUrl = new Map<string, IndexedEntry>();
  const byTypeId = new Map<string, IndexedEntry>();
  const skipped: SkippedEntry[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (!isRecord(entry)) {
      skipped.push({ path: `$.entry[${index}]`, message: `$.entry[${index}] is not an object; skipped` });
      continue;
    }
    const resource = entry.resource;
    if (!isRecord(resource)) {
      // Transaction DELETE entries and search outcome links legitimately carry no resource.
      if (resource !== undefined) {
        skipped.push({
          path: `$.entry[${index}].resource`,
          message: `$.entry[${index}].resource is not an object; skipped`,
        });
      }
      continue;
    }
    const type = asShortString(resource.resourceType, 64);
    if (type === undefined) {
      skipped.push({
        path: `$.entry[${index}].resource.resourceType`,
        message: `$.entry[${index}].resource has no resourceType; skipped`,
      });
      continue;
    }
    const item: IndexedEntry = {
      index,
      path: `$.entry[${index}].resource`,
      resource,
      type,
      id: asShortString(resource.id, 64),
      fullUrl: asShortString(entry.fullUrl, MAX_REFERENCE_LENGTH),
    };
    indexed.push(item);
    if (item.fullUrl !== undefined && !byFullUrl.has(item.fullUrl)) byFullUrl.set(item.fullUrl, item);
    if (item.id !== undefined) {
      const key = `${type}/${item.id}`;
      if (!byTypeId.has(key)) byTypeId.set(key, item);
    }
  }
  return { index: { entries: indexed, byFullUrl, byTypeId }, skipped };
}

/** `Reference.reference` when it is a plausible reference string. */
export function referenceOf(reference: unknown): string | undefined {
  return isRecord(reference) ? asShortString(reference.reference, MAX_REFERENCE_LENGTH) : undefined;
}

/** `{ type, id }` named by a relative (`Patient/p1`) or absolute (`http://x/fhir/Patient/p1`) reference. */
export function parseTypeId(reference: string): { type: string; id: string } | undefined {
  if (reference.length > MAX_REFERENCE_LENGTH || reference.startsWith('urn:') || reference.startsWith('#')) {
    return undefined;
  }
  const match = TYPE_ID.exec(reference);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { type: match[1], id: match[2] };
}

export function resolveReference(index: BundleIndex, reference: string): IndexedEntry | undefined {
  const byUrl = index.byFullUrl.get(reference);
  if (byUrl !== undefined) return byUrl;
  const parsed = parseTypeId(reference);
  return parsed === undefined ? undefined : index.byTypeId.get(`${parsed.type}/${parsed.id}`);
}

/** A contained resource (`#med`) of `resource`. */
export function resolveContained(resource: JsonRecord, reference: string): JsonRecord | undefined {
  if (!reference.startsWith('#')) return undefined;
  const id = reference.slice(1);
  const contained = resource.contained;
  if (!Array.isArray(contained)) return undefined;
  for (const item of contained as readonly unknown[]) {
    if (isRecord(item) && item.id === id) return item;
  }
  return undefined;
}

/** What provenance calls a resource: `Type/id`, else its fullUrl, else its place in the Bundle. */
export function resourceLabel(entry: IndexedEntry): string {
  if (entry.id !== undefined) return `${entry.type}/${entry.id}`;
  return entry.fullUrl ?? entry.path;
}

/** The last path segment of a fullUrl (`urn:uuid:abc` → `abc`, `http://x/Patient/p1` → `p1`). */
export function fullUrlTail(fullUrl: string | undefined): string | undefined {
  if (fullUrl === undefined) return undefined;
  const tail = fullUrl.slice(Math.max(fullUrl.lastIndexOf('/'), fullUrl.lastIndexOf(':')) + 1);
  return tail === '' ? undefined : tail;
}
