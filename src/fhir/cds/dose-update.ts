// A draft MedicationRequest with one dose value replaced: the resource of a CDS suggestion's `update` action, which
// CDS Hooks 2.0 ("Action") says holds "the updated resource in its entirety and not just the changed fields". The
// value goes where parse-order.ts reads it (SPEC-INTEROP §2), in the UCUM unit the engine's value is in.

import type { DoseSuggestion } from '../../clinical/findings.ts';
import { isRecord } from '../json.ts';
import type { JsonRecord } from '../json.ts';
import { EXT } from '../urls.ts';

const UCUM = 'http://unitsofmeasure.org';

type Mutable = Record<string, unknown>;

const quantity = (value: number, unit: string): Mutable => ({ value, unit, system: UCUM, code: unit });

/** `parent[key][0]` as an object, created when absent. */
function firstOf(parent: Mutable, key: string): Mutable {
  const list = Array.isArray(parent[key]) ? (parent[key] as unknown[]) : (parent[key] = []);
  if (!isRecord(list[0])) list[0] = {};
  return list[0] as Mutable;
}

/** The extension with `url` on `parent`, created when absent. */
function extensionOf(parent: Mutable, url: string): Mutable {
  const list = Array.isArray(parent.extension) ? (parent.extension as unknown[]) : (parent.extension = []);
  const found = list.find((e) => isRecord(e) && e.url === url);
  if (found !== undefined) return found as Mutable;
  const created: Mutable = { url };
  list.push(created);
  return created;
}

/** A copy of the order with the suggested value, or undefined when `order` is not an object. */
export function withDoseValue(order: JsonRecord, suggestion: DoseSuggestion): JsonRecord | undefined {
  if (!isRecord(order)) return undefined;
  const copy = structuredClone(order) as Mutable;
  const dosage = firstOf(copy, 'dosageInstruction');
  switch (suggestion.field) {
    case 'concentrationUgPerMl':
      extensionOf(dosage, EXT.ozoneConcentration).valueQuantity = quantity(suggestion.value, 'ug/mL');
      break;
    case 'bloodVolumeMl':
      extensionOf(dosage, EXT.bloodVolume).valueQuantity = quantity(suggestion.value, 'mL');
      break;
    case 'gasVolumeMl':
      firstOf(dosage, 'doseAndRate').doseQuantity = quantity(suggestion.value, 'mL');
      break;
  }
  return copy;
}
