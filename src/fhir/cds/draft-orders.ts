// The draft ozone orders of an order-select or order-sign call (`context.draftOrders`, a Bundle), each read by
// parse-order.ts exactly as `o3care check --order` reads a file. Orders for anything but medical ozone
// (SPEC-INTEROP §2) are not o3care's business and are passed over; an ozone order that cannot be read is a
// malformed request, with the path of the problem inside the request.

import type { OzoneOrder } from '../../clinical/care.ts';
import { resolveContained, referenceOf } from '../bundle-index.ts';
import { hasCoding } from '../codes.ts';
import { isRecord, preview } from '../json.ts';
import type { JsonRecord } from '../json.ts';
import { parseOrder } from '../parse-order.ts';
import { MEDICAL_OZONE_CODE, MEDICATION_SYSTEM } from '../urls.ts';

export interface DraftOzoneOrder {
  /** The MedicationRequest as the client sent it; a dose suggestion updates a copy of it. */
  readonly resource: JsonRecord;
  /** `$.context.draftOrders.entry[0].resource`. */
  readonly path: string;
  readonly order: OzoneOrder;
}

export type DraftOrdersResult =
  | { readonly ok: true; readonly orders: readonly DraftOzoneOrder[] }
  | { readonly ok: false; readonly path: string; readonly message: string };

const fail = (path: string, message: string): DraftOrdersResult => ({ ok: false, path, message });

/** Whether a MedicationRequest names medical ozone, inline or as a contained Medication (as parse-order.ts). */
export function isOzoneRequest(resource: JsonRecord): boolean {
  if (hasCoding(resource.medicationCodeableConcept, MEDICATION_SYSTEM, MEDICAL_OZONE_CODE)) return true;
  const reference = referenceOf(resource.medicationReference);
  const contained = reference === undefined ? undefined : resolveContained(resource, reference);
  return contained !== undefined && hasCoding(contained.code, MEDICATION_SYSTEM, MEDICAL_OZONE_CODE);
}

/** Whether a reference (`Patient/p1`, `https://x/fhir/Patient/p1`) names the patient with this id. */
const refersTo = (reference: string, patientId: string): boolean =>
  reference === `Patient/${patientId}` ||
  reference.endsWith(`/Patient/${patientId}`) ||
  reference === patientId;

/**
 * The ozone orders to check: for order-sign every draft ozone MedicationRequest; for order-select those among
 * `selections` (CDS Hooks order-select: the orders newly selected), or all of them when the client sent none.
 */
export function draftOzoneOrders(
  draftOrders: unknown,
  patientId: string,
  selections?: readonly string[],
): DraftOrdersResult {
  const at = '$.context.draftOrders';
  if (draftOrders === undefined) return fail(at, `${at} is required for order-select and order-sign`);
  if (!isRecord(draftOrders) || draftOrders.resourceType !== 'Bundle') {
    return fail(at, `${at} must be a FHIR Bundle of draft orders, found ${preview(draftOrders)}`);
  }
  const entries = draftOrders.entry ?? [];
  if (!Array.isArray(entries)) return fail(`${at}.entry`, `${at}.entry must be an array`);
  const selected = selections === undefined ? undefined : new Set(selections);
  const orders: DraftOzoneOrder[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry: unknown = entries[index];
    const path = `${at}.entry[${index}].resource`;
    const resource = isRecord(entry) ? entry.resource : undefined;
    if (!isRecord(resource)) return fail(path, `${path} must be a FHIR resource, found ${preview(resource)}`);
    if (resource.resourceType !== 'MedicationRequest' || !isOzoneRequest(resource)) continue;
    if (selected !== undefined && !selected.has(`MedicationRequest/${String(resource.id)}`)) continue;
    const parsed = parseOrder(resource);
    if (!parsed.ok) {
      const inner = parsed.error.path.replace(/^\$/, path);
      return fail(inner, parsed.error.message.replaceAll(parsed.error.path, inner));
    }
    if (parsed.subject !== undefined && !refersTo(parsed.subject, patientId)) {
      return fail(
        `${path}.subject.reference`,
        `${path} is for ${parsed.subject.slice(0, 80)}, but context.patientId is ${patientId.slice(0, 80)}`,
      );
    }
    orders.push({ resource, path, order: parsed.order });
  }
  return { ok: true, orders };
}
