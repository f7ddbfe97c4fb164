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

// The copy is made along the changed path only (the order, its first dosage, the list and item changed); every
// other part is shared with the draft, which nothing changes afterwards. A deep copy (structuredClone) of the whole
// order was a twentieth of an order-check call (BENCHMARKS.md, CDS Hooks section).

/** `parent[key]` as a copied list whose first item is a copied object (created when absent), set on `parent`. */
function firstOf(parent: Mutable, key: string): Mutable {
  const list = Array.isArray(parent[key]) ? [...(parent[key] as unknown[])] : [];
  const first: Mutable = isRecord(list[0]) ? { ...list[0] } : {};
  list[0] = first;
  parent[key] = list;
  return first;
}

/** `parent.extension` as a copied list, and in it a copy of the extension with `url` (created when absent). */
function extensionOf(parent: Mutable, url: string): Mutable {
  const list = Array.isArray(parent.extension) ? [...(parent.extension as unknown[])] : [];
  parent.extension = list;
  const index = list.findIndex((e) => isRecord(e) && e.url === url);
  const copy: Mutable = index >= 0 ? { ...(list[index] as Mutable) } : { url };
  if (index >= 0) list[index] = copy;
  else list.push(copy);
  return copy;
}

/** A copy of the order with the suggested value, or undefined when `order` is not an object. */
export function withDoseValue(order: JsonRecord, suggestion: DoseSuggestion): JsonRecord | undefined {
  if (!isRecord(order)) return undefined;
  const copy: Mutable = { ...order };
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
