// The body of a CDS Hooks 2.0 service call ("Calling a CDS Service": hook, hookInstance, context, prefetch), read
// strictly enough to answer a malformed call with the JSON path of its first problem, and loosely enough to accept
// what the standard allows beside it (fhirServer, fhirAuthorization, extension, other context fields).

import { z } from 'zod';
import type { CdsHook, CdsServiceId } from './services.ts';
import { SERVICE_HOOKS } from './services.ts';

const MAX_ID = 256;

const requestSchema = z.looseObject({
  hook: z.string().min(1).max(MAX_ID),
  hookInstance: z.string().min(1).max(MAX_ID),
  fhirServer: z.string().min(1).max(4096).optional(),
  context: z.looseObject({
    patientId: z.string().min(1).max(MAX_ID),
    userId: z.string().min(1).max(MAX_ID).optional(),
    // order-select and order-sign: a Bundle of draft orders; read by draft-orders.ts, which names its own paths.
    draftOrders: z.unknown().optional(),
    // order-select: the ids (`MedicationRequest/abc`) of the newly selected orders.
    selections: z
      .array(
        z
          .string()
          .min(1)
          .max(MAX_ID * 2),
      )
      .optional(),
  }),
  // Each value is a FHIR resource, a searchset Bundle, or null (no data): read by prefetch.ts.
  prefetch: z.record(z.string(), z.unknown()).optional(),
});

export type CdsRequest = z.infer<typeof requestSchema> & { readonly hook: CdsHook };

export type CdsRequestResult =
  | { readonly ok: true; readonly request: CdsRequest }
  | { readonly ok: false; readonly path: string; readonly message: string };

/** `['context', 'patientId']` → `$.context.patientId`; array indexes as `[0]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}`;
}

/** The request for `service`, or the path and reason of its first problem (hook included). */
export function readCdsRequest(service: CdsServiceId, body: unknown): CdsRequestResult {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? jsonPath(issue.path) : '$';
    return { ok: false, path, message: `${path}: ${issue?.message ?? 'not a CDS Hooks request'}` };
  }
  const hooks: readonly string[] = SERVICE_HOOKS[service];
  if (!hooks.includes(parsed.data.hook)) {
    return {
      ok: false,
      path: '$.hook',
      message: `$.hook: ${service} answers ${hooks.join(' and ')}, not ${parsed.data.hook.slice(0, 64)}`,
    };
  }
  return { ok: true, request: parsed.data as CdsRequest };
}
