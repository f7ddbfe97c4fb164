// Makes the database and the clock available to routes. The clock is injectable so tests can move time.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Store } from '../../store/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    now: () => Date;
  }
}

export interface StorePluginOptions {
  readonly store: Store;
  readonly now?: () => Date;
}

export const storePlugin = fp(
  (app: FastifyInstance, options: StorePluginOptions) => {
    app.decorate('store', options.store);
    app.decorate('now', options.now ?? (() => new Date()));
  },
  { name: 'o3care-store' },
);
