// Reading codings, statuses and extensions out of untrusted FHIR elements.

import { asArray, asRecord, asShortString, asString, isRecord } from './json.ts';
import type { JsonRecord } from './json.ts';

/** Codes and systems longer than this are never real codes; treating them as absent keeps huge strings cheap. */
const MAX_CODE_LENGTH = 256;

export interface Coding {
  readonly system: string | undefined;
  readonly code: string | undefined;
  readonly display: string | undefined;
  /** Position in the `coding` array, for paths. */
  readonly index: number;
}

/** The codings of a CodeableConcept, skipping anything that is not an object. */
export function codingsOf(concept: unknown): Coding[] {
  const out: Coding[] = [];
  const list = asArray(asRecord(concept)?.coding);
  for (let index = 0; index < list.length; index++) {
    const coding = list[index];
    if (!isRecord(coding)) continue;
    out.push({
      system: asShortString(coding.system, MAX_CODE_LENGTH),
      code: asShortString(coding.code, MAX_CODE_LENGTH),
      display: asString(coding.display),
      index,
    });
  }
  return out;
}

export function hasCoding(concept: unknown, system: string, code: string): boolean {
  return codingsOf(concept).some((coding) => coding.system === system && coding.code === code);
}

/** `system|code`, the provenance form of a coding. */
export function codeKey(system: string | undefined, code: string | undefined): string {
  return `${system ?? ''}|${code ?? ''}`;
}

/**
 * A status CodeableConcept (clinicalStatus, verificationStatus, interpretation): the first code from `known` in a
 * coding of `system` or of no system. Codings from other systems (a SNOMED translation) are passed over.
 */
export function statusCode(
  concept: unknown,
  systems: readonly string[],
  known: ReadonlySet<string>,
): string | undefined {
  for (const coding of codingsOf(concept)) {
    if (coding.code === undefined || !known.has(coding.code)) continue;
    if (coding.system === undefined || systems.includes(coding.system)) return coding.code;
  }
  return undefined;
}

/** Every code from `known` found in a list of CodeableConcepts (Observation.interpretation is 0..*). */
export function statusCodes(
  concepts: unknown,
  systems: readonly string[],
  known: ReadonlySet<string>,
): Set<string> {
  const found = new Set<string>();
  for (const concept of asArray(concepts)) {
    for (const coding of codingsOf(concept)) {
      if (coding.code === undefined || !known.has(coding.code)) continue;
      if (coding.system === undefined || systems.includes(coding.system)) found.add(coding.code);
    }
  }
  return found;
}

export interface FoundExtension {
  readonly extension: JsonRecord;
  /** Position in the element's `extension` array, for paths. */
  readonly index: number;
}

/** The element's extensions with this URL, in order. */
export function extensionsOf(element: JsonRecord | undefined, url: string): FoundExtension[] {
  const out: FoundExtension[] = [];
  if (element === undefined) return out;
  const list = asArray(element.extension);
  for (let index = 0; index < list.length; index++) {
    const extension = list[index];
    if (isRecord(extension) && extension.url === url) out.push({ extension, index });
  }
  return out;
}
