// The routes the app registered, as Fastify saw them (an onRoute hook on the root instance sees every route of every
// plugin registered after it). The permission-matrix test checks its table against this list, so a new route without
// a row in that table fails the test instead of going untested.

import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface RegisteredRoute {
  readonly method: string;
  /** The path as declared, with its parameters: `/api/patients/:id`. */
  readonly url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered so far, one entry per method (HEAD routes Fastify adds for GET included). */
    registeredRoutes(): readonly RegisteredRoute[];
  }
}

export const routeList = fp(
  (app: FastifyInstance) => {
    const routes: RegisteredRoute[] = [];
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) routes.push({ method: String(method), url: route.url });
    });
    app.decorate('registeredRoutes', () => [...routes]);
  },
  { name: 'o3care-route-list' },
);
