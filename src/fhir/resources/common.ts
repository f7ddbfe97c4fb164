// Small builders the resource mappers share: references, codings, UCUM quantities, narrative. Nothing here spells a
// canonical URL of its own (src/fhir/urls.ts holds them).

import type {
  CodeableConcept,
  Coding,
  Extension,
  Narrative,
  Patient,
  Practitioner,
  Quantity,
  Reference,
} from '@medplum/fhirtypes';
import { SYSTEMS } from '../../clinical/value-sets.ts';
import { API } from '../urls.ts';

export const patientReference = (patientId: string): Reference<Patient> => ({
  reference: `Patient/${patientId}`,
});

/**
 * A staff member or system client, by identifier: o3care serves no Practitioner resources, and R4 allows a
 * Reference that carries only an identifier (ref-1 concerns local references only).
 */
export const userReference = (userId: string): Reference<Practitioner> => ({
  identifier: { system: API.userIdentifier, value: userId },
});

export const coding = (system: string, code: string, display?: string): Coding =>
  display === undefined ? { system, code } : { system, code, display };

export const concept = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [coding(system, code, display)],
});

/** A UCUM quantity (unit = code, as SPEC-INTEROP §2 writes them). */
export const ucum = (value: number, code: string): Quantity => ({
  value,
  unit: code,
  system: SYSTEMS.ucum,
  code,
});

export const quantityExtension = (url: string, value: number | undefined, unit: string): Extension[] =>
  value === undefined ? [] : [{ url, valueQuantity: ucum(value, unit) }];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string): string => text.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);

/** Generated XHTML narrative (R4 Narrative: a `div` in the XHTML namespace). */
export function narrative(lines: readonly string[]): Narrative {
  const body = lines.map((line) => `<p>${escapeXml(line)}</p>`).join('');
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>` };
}

/**
 * A FHIR id from an o3care id: ids are UUIDs already (36 characters of [0-9a-f-]); a derived id (`outcome-<uuid>`)
 * stays within R4's 64 characters of [A-Za-z0-9.-].
 */
export const derivedId = (prefix: string, id: string): string => `${prefix}-${id}`;
