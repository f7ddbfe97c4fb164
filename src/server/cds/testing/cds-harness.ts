// Test helper: an o3care app on a fresh embedded database that trusts one CDS client (ES384, with the app's fixed
// clock), and the bodies of CDS Hooks calls.
//
//   const h = await cdsHarness({ approve: true });
//   const response = await h.call('/cds-services/ozone-screen', screenRequest(patientId, prefetch));

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Store } from '../../../store/database.ts';
import { openStore } from '../../../store/database.ts';
import { buildApp } from '../../app.ts';
import { AT, approvedLibrary } from '../../services/testing/care-fixtures.ts';
import type { CdsTestClient } from './cds-clients.ts';
import { CDS_BASE_URL, newCdsClient } from './cds-clients.ts';

export const SCREEN = '/cds-services/ozone-screen';
export const ORDER_CHECK = '/cds-services/ozone-order-check';

export interface CdsHarness {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly client: CdsTestClient;
  /** POSTs `body` to `path` with a fresh token. */
  call(path: string, body: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The app's clock stands at care-fixtures' AT (2026-11-27T09:00:00Z), the examples' `--as-of`. */
export async function cdsHarness(options: {
  readonly approve: boolean;
  /** The app's clock (default: standing at AT). */
  readonly clock?: () => Date;
  /** Default 0: each call sees the latest approval (the production default keeps it for a second). */
  readonly currentLibraryTtlMs?: number;
  /** Worker threads answering the service calls (default 0: in the server's thread). */
  readonly workers?: number;
}): Promise<CdsHarness> {
  const store = await openStore({ dataDir: undefined });
  if (options.approve) await approvedLibrary(store.db);
  const clock = options.clock ?? (() => AT);
  const client = await newCdsClient('ES384', { clock });
  const app = await buildApp({
    store,
    now: clock,
    cds: {
      clients: [client.config],
      publicBaseUrl: CDS_BASE_URL,
      currentLibraryTtlMs: options.currentLibraryTtlMs ?? 0,
      workers: options.workers ?? 0,
    },
  });
  await app.ready();
  return {
    store,
    app,
    client,
    call: async (path, body) =>
      app.inject({ method: 'POST', url: path, headers: await client.headers(path), payload: body as object }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export const screenRequest = (patientId: string, prefetch?: Record<string, unknown>) => ({
  hook: 'patient-view',
  hookInstance: randomUUID(),
  context: { userId: 'Practitioner/dr-x', patientId },
  ...(prefetch ? { prefetch } : {}),
});

export const orderRequest = (
  patientId: string,
  orders: readonly unknown[],
  prefetch?: Record<string, unknown>,
) => ({
  hook: 'order-sign',
  hookInstance: randomUUID(),
  context: {
    userId: 'Practitioner/dr-x',
    patientId,
    draftOrders: {
      resourceType: 'Bundle',
      type: 'collection',
      entry: orders.map((resource) => ({ resource })),
    },
  },
  ...(prefetch ? { prefetch } : {}),
});
