// The Fastify app as a plugin tree (STYLE.md, Fastify): buildApp() wires it, listen() is the caller's business, and
// tests use app.inject(). Infrastructure plugins come first, then public and protected routes as sibling plugins.

import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Store } from '../store/database.ts';
import { authPlugin } from './auth/plugin.ts';
import type { CdsClientConfig } from './cds/clients.ts';
import { cdsPlugin } from './cds/plugin.ts';
import { FHIR_BASE_PATH, fhirApi } from './fhir/plugin.ts';
import { errorHandler, frameworkError } from './plugins/error-handler.ts';
import { routeList } from './plugins/route-list.ts';
import { storableInput } from './plugins/storable-input.ts';
import { storePlugin } from './plugins/store.ts';
import { webApp } from './plugins/web-app.ts';
import { authRoutes } from './routes/auth.ts';
import type { ClinicLanguage } from './routes/clinic.ts';
import { clinicRoutes } from './routes/clinic.ts';
import { clinicalRecordRoutes } from './routes/clinical-record.ts';
import { healthRoutes } from './routes/health.ts';
import { reportRoutes } from './routes/reports.ts';
import { userRoutes } from './routes/users.ts';

export interface AppOptions {
  readonly store: Store;
  readonly logger?: boolean;
  readonly now?: () => Date;
  /** Set when the server sits behind TLS: cookies get `Secure`. */
  readonly secureCookies?: boolean;
  /** Largest request body in bytes (FHIR documents can be large; everything else is small). */
  readonly bodyLimit?: number;
  /** CDS Hooks (SPEC-INTEROP §3): the registered clients and the public URL their tokens' `aud` is checked against. */
  /** The clinic's default language for the web app (each user may choose their own); English when unset. */
  readonly defaultLanguage?: ClinicLanguage;
  /** The web app's production build to serve at `/` (serve and demo pass it; API tests leave it out). */
  readonly webDir?: string;
  readonly cds?: {
    readonly clients: readonly CdsClientConfig[];
    readonly publicBaseUrl?: string;
    readonly currentLibraryTtlMs?: number;
    /** Worker threads answering CDS service calls (server/cds/evaluator.ts); 0 or unset answers in this thread. */
    readonly workers?: number;
  };
}

/** Paths whose values pino must never print: patient data and credentials (DESIGN.md, Logs). */
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.headers["set-cookie"]'];

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { redact: REDACT, level: process.env.LOG_LEVEL ?? 'info' } : false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    // Fastify reads JSON safely already; these keep prototype-poisoning keys out entirely.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Undecodable URLs and over-long path parameters answer problems too, not Fastify's plain JSON.
    frameworkErrors: frameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(routeList);
  await app.register(errorHandler);
  await app.register(storableInput);
  await app.register(storePlugin, { store: options.store, ...(options.now ? { now: options.now } : {}) });
  await app.register(helmet, {
    // Plain HTTP on a clinic LAN is legitimate: never ask browsers to upgrade (DESIGN notes on helmet's default CSP).
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    hsts: options.secureCookies === true,
  });
  await app.register(authPlugin, { secureCookies: options.secureCookies === true });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'o3care API',
        version: '0.1.0',
        description: 'Clinical decision support and records for medical ozone therapy',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(clinicRoutes, { defaultLanguage: options.defaultLanguage ?? 'en' });
  await app.register(userRoutes);
  await app.register(clinicalRecordRoutes);
  await app.register(reportRoutes);
  await app.register(fhirApi, { prefix: FHIR_BASE_PATH });
  await app.register(cdsPlugin, {
    clients: options.cds?.clients ?? [],
    ...(options.cds?.publicBaseUrl !== undefined ? { publicBaseUrl: options.cds.publicBaseUrl } : {}),
    ...(options.cds?.currentLibraryTtlMs !== undefined
      ? { currentLibraryTtlMs: options.cds.currentLibraryTtlMs }
      : {}),
    ...(options.cds?.workers !== undefined ? { workers: options.cds.workers } : {}),
  });
  if (options.webDir !== undefined) await app.register(webApp, { dir: options.webDir });
  return app;
}
