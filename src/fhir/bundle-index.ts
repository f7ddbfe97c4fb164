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

/**
 * An indexed entry whose path is built when it is read. Only a reported issue needs a path, and building one for
 * every entry up front was a measurable share of screen-bulk (BENCHMARKS.md, "Where screen-bulk spends its time").
 */
class Entry implements IndexedEntry {
  readonly index: number;
  readonly resource: JsonRecord;
  readonly type: string;
  readonly id: string | undefined;
  readonly fullUrl: string | undefined;

  constructor(
    index: number,
    resource: JsonRecord,
    type: string,
    id: string | undefined,
    fullUrl: string | undefined,
  ) {
    this.index = index;
    this.resource = resource;
    this.type = type;
    this.id = id;
    this.fullUrl = fullUrl;
  }

  get path(): string {
    return `$.entry[${this.index}].resource`;
  }
}

/**
 * Lookups answered by scanning the entries before maps of them are built. A record resolves a handful of references
 * at most (its patient's own reference forms, a Composition subject, a medication reference), and a few scans of its
 * entries cost less than building two maps of every entry, which was a measurable share of screen-bulk
 * (BENCHMARKS.md, "Where screen-bulk spends its time"). Past this many lookups the maps are built, so a Bundle that
 * resolves many references stays linear.
 */
const SCANNED_LOOKUPS = 8;

interface EntryMaps {
  readonly byFullUrl: ReadonlyMap<string, IndexedEntry>;
  /** Resource type → id → entry. */
  readonly byTypeId: ReadonlyMap<string, ReadonlyMap<string, IndexedEntry>>;
}

/** The entries that hold a resource, found by fullUrl or by type and id. The first of duplicate keys wins. */
export class BundleIndex {
  readonly entries: readonly IndexedEntry[];
  private lookups = 0;
  private maps: EntryMaps | undefined;

  constructor(entries: readonly IndexedEntry[]) {
    this.entries = entries;
  }

  /** The first entry with this fullUrl. */
  byFullUrl(fullUrl: string): IndexedEntry | undefined {
    const maps = this.mapsAfterScans();
    return maps === undefined
      ? this.entries.find((entry) => entry.fullUrl === fullUrl)
      : maps.byFullUrl.get(fullUrl);
  }

  /** The first entry with this resource type and id. */
  byTypeId(type: string, id: string): IndexedEntry | undefined {
    const maps = this.mapsAfterScans();
    return maps === undefined
      ? this.entries.find((entry) => entry.type === type && entry.id === id)
      : maps.byTypeId.get(type)?.get(id);
  }

  /** Undefined while lookups are still answered by scanning; the maps, built once, after that. */
  private mapsAfterScans(): EntryMaps | undefined {
    if (this.maps === undefined && ++this.lookups > SCANNED_LOOKUPS) this.maps = this.buildMaps();
    return this.maps;
  }

  private buildMaps(): EntryMaps {
    const byFullUrl = new Map<string, IndexedEntry>();
    const byTypeId = new Map<string, Map<string, IndexedEntry>>();
    for (const item of this.entries) {
      if (item.fullUrl !== undefined && !byFullUrl.has(item.fullUrl)) byFullUrl.set(item.fullUrl, item);
      if (item.id !== undefined) {
        const ids = byTypeId.get(item.type) ?? new Map<string, IndexedEntry>();
        byTypeId.set(item.type, ids);
        if (!ids.has(item.id)) ids.set(item.id, item);
      }
    }
    return { byFullUrl, byTypeId };
  }
}

export interface SkippedEntry {
  readonly path: string;
  readonly message: string;
}

/** Indexes the entries that hold a resource; reports the ones that do not. */
export function indexEntries(entries: readonly unknown[]): { index: BundleIndex; skipped: SkippedEntry[] } {
  const indexed: IndexedEntry[] = [];
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
    indexed.push(
      new Entry(
        index,
        resource,
        type,
        asShortString(resource.id, 64),
        asShortString(entry.fullUrl, MAX_REFERENCE_LENGTH),
      ),
    );
  }
  return { index: new BundleIndex(indexed), skipped };
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
  const byUrl = index.byFullUrl(reference);
  if (byUrl !== undefined) return byUrl;
  const parsed = parseTypeId(reference);
  return parsed === undefined ? undefined : index.byTypeId(parsed.type, parsed.id);
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
