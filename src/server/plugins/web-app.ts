// Serves the web app's production build (dist/web, made by src/cli/web-build.ts) at `/`: hashed assets are cached
// for good, and any other GET that is not an API path gets index.html, so that a bookmarked or reloaded page of the
// single-page app (e.g. /patients/…/chart) opens. API paths keep their problem+json 404s.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export interface WebAppOptions {
  /** The folder holding the build's index.html and assets/. */
  readonly dir: string;
}

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api|fhir|cds-services|docs|metrics|healthz|readyz)(\/|$|\?)/;

export const webApp: FastifyPluginAsync<WebAppOptions> = async (app, options) => {
  const indexHtml = readFileSync(join(options.dir, 'index.html'));
  await app.register(fastifyStatic, {
    root: options.dir,
    prefix: '/',
    wildcard: false,
    index: false,
    serveDotFiles: false,
    setHeaders(res, path) {
      // Vite names assets by content hash: a changed file has a new name, so the old one can be cached forever.
      if (path.includes(`${'/'}assets${'/'}`))
        res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    if (SERVER_PATHS.test(request.url)) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  };
  app.get('/', { schema: { hide: true } }, sendIndex);
  app.get('/*', { schema: { hide: true } }, sendIndex);
};
