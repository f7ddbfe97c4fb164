// CDS Hooks 2.0 at /cds-services (SPEC-INTEROP §3): discovery, the two services and their feedback endpoint. Every
// call, discovery included, must carry a signed JWT from a registered client (jwt.ts); anything else gets a bare 401.
// The routes take no session (`noSession`): a clinic cookie neither grants access nor triggers CSRF checks here.
// Errors are OperationOutcomes, not the API's problem+json: 400 for a malformed call, 404 for an unknown service,
// 412 when the patient cannot be evaluated from what was sent (CDS Hooks 2.0, "HTTP Status Codes").

import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import { draftOzoneOrders } from '../../fhir/cds/draft-orders.ts';
import type { CdsTarget, PatientRecord } from '../../fhir/cds/evaluate.ts';
import { evaluateCds } from '../../fhir/cds/evaluate.ts';
import type { IssueCode, OperationOutcome } from '../../fhir/cds/operation-outcome.ts';
import { operationOutcome } from '../../fhir/cds/operation-outcome.ts';
import { recordFromPrefetch } from '../../fhir/cds/prefetch.ts';
import type { CdsRequest } from '../../fhir/cds/request.ts';
import { jsonPath, readCdsRequest } from '../../fhir/cds/request.ts';
import type { CdsServiceId } from '../../fhir/cds/services.ts';
import { discoveryDocument, isCdsServiceId } from '../../fhir/cds/services.ts';
import { OVERRIDE_REASON_SYSTEM } from '../../fhir/urls.ts';
import type { AuditContext } from '../../store/audit-context.ts';
import { insertCdsFeedback } from '../../store/cds-feedback.repository.ts';
import { jsonb } from '../../store/column-types.ts';
import { findCurrentApprovedId } from '../../store/protocol-library.repository.ts';
import { OVERRIDE_REASONS } from '../../store/order.table.ts';
import { RecordNotFoundError } from '../services/errors.ts';
import { factsForPatient } from '../services/patient-facts.ts';
import { currentApproved } from '../services/protocol-library.ts';
import type { CdsClientConfig } from './clients.ts';
import { keySetsOf } from './clients.ts';
import { IssuedCards } from './issued-cards.ts';
import type { VerifiedClient } from './jwt.ts';
import { cdsJwtVerifier } from './jwt.ts';
import {
  cardsResponse,
  discoveryResponse,
  feedbackBody,
  operationOutcomeResponse,
  serviceParams,
} from './schemas.ts';

export interface CdsPluginOptions {
  readonly clients: readonly CdsClientConfig[];
  /**
   * The URL clients call o3care at (`https://clinic.example`), without the /cds-services path: each token's `aud`
   * must be this plus the path called. Without it no call can be verified, so every call is refused.
   */
  readonly publicBaseUrl?: string;
  /** How long the id of the current library version is kept, by the app's clock (default 1 s; tests use 0). */
  readonly currentLibraryTtlMs?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified CDS client of a /cds-services call. */
    cdsClient: VerifiedClient | null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OUTCOME_RESPONSES = {
  400: operationOutcomeResponse,
  404: operationOutcomeResponse,
  412: operationOutcomeResponse,
  413: operationOutcomeResponse,
  415: operationOutcomeResponse,
  500: operationOutcomeResponse,
};

const NO_SESSION = { noSession: true } as const;

/** How long the id of the current library version is kept before it is asked again, unless configured. */
export const CURRENT_LIBRARY_TTL_MS = 1000;

/** An OperationOutcome answer; `status` chooses the issue code unless one is given. */
class CdsRefusal extends Error {
  override name = 'CdsRefusal';
  readonly status: 400 | 404 | 412;
  readonly outcome: OperationOutcome;
  constructor(status: 400 | 404 | 412, message: string, path?: string, code?: IssueCode) {
    super(message);
    this.status = status;
    const byStatus: Record<400 | 404 | 412, IssueCode> = {
      400: 'invalid',
      404: 'not-found',
      412: 'incomplete',
    };
    this.outcome = operationOutcome(code ?? byStatus[status], message, path);
  }
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) as OperationOutcomes. */
function fastifyErrorOutcome(error: FastifyError): { status: number; outcome: OperationOutcome } | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': {
      // The app's JSON parser (plugins/storable-input.ts) names the spot as `$.body…`; here the body is the request.
      const at = (error as { path?: unknown }).path;
      const path = typeof at === 'string' && at.startsWith('$.body') ? `$${at.slice('$.body'.length)}` : '$';
      return {
        status: 400,
        outcome: operationOutcome('structure', `the body cannot be read: ${error.message}`, path),
      };
    }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, outcome: operationOutcome('too-long', 'the body is too large', '$') };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, outcome: operationOutcome('invalid', 'send application/json') };
    default:
      return undefined;
  }
}

export const cdsPlugin: FastifyPluginAsyncZod<CdsPluginOptions> = async (app, options) => {
  const verify = cdsJwtVerifier({ keySets: keySetsOf(options.clients), now: () => app.now() });
  const base = options.publicBaseUrl?.replace(/\/+$/, '');
  const issued = new IssuedCards();

  app.decorateRequest('cdsClient', null);

  // Before the body is even parsed: a caller without a valid token learns nothing, not even whether its JSON was
  // well formed. The reason is logged for the operator (never the token: the logger redacts the header too).
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer [^\s]+$/.test(header) ? header.slice(7) : undefined;
    const audience = base === undefined ? undefined : `${base}${request.url.split('?')[0] ?? ''}`;
    const result = token === undefined || audience === undefined ? undefined : await verify(token, audience);
    if (result?.ok === true) {
      request.cdsClient = result.client;
      return;
    }
    request.log.info(
      {
        cdsRefusal:
          result === undefined ? (token === undefined ? 'no-token' : 'no-public-url') : result.reason,
        joseCode: result?.ok === false ? result.code : undefined,
      },
      'CDS call refused',
    );
    return reply.code(401).header('www-authenticate', 'Bearer').send();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof CdsRefusal) return reply.code(error.status).send(error.outcome);
    const known = fastifyErrorOutcome(error);
    if (known) return reply.code(known.status).send(known.outcome);
    request.log.error({ err: error, requestId: request.id }, 'CDS service error');
    return reply.code(500).send(operationOutcome('exception', `internal error (request ${request.id})`));
  });

  app.get(
    '/cds-services',
    {
      config: NO_SESSION,
      schema: {
        tags: ['cds-hooks'],
        summary: 'CDS Hooks discovery: the services o3care offers, with their prefetch templates',
        response: { 200: discoveryResponse, ...OUTCOME_RESPONSES },
      },
    },
    async () => discoveryDocument(),
  );

  // Approved versions are frozen by the database, so a version read once is kept by id, and which id is current is
  // asked at most once a second (CURRENT_LIBRARY_TTL_MS, by the app's clock): even that one-column query cost about 1 ms of a 3 ms call on
  // the embedded database. A version approved meanwhile (here or on another app server) is used from the next
  // second on; until then calls are checked against the version approved before it, which each card names in its
  // source label (decision 0010).
  const versions = new Map<string, ProtocolLibrary>();
  let currentId: { readonly id: string | undefined; readonly readAt: number } | undefined;

  async function currentLibraryId(): Promise<string | undefined> {
    const now = app.now().getTime();
    const ttl = options.currentLibraryTtlMs ?? CURRENT_LIBRARY_TTL_MS;
    if (currentId === undefined || now - currentId.readAt >= ttl || now < currentId.readAt)
      currentId = { id: await findCurrentApprovedId(app.store.db), readAt: now };
    return currentId.id;
  }

  /** The clinic's current approved library, or the unapproved template (whose orders stop on library.unapproved). */
  async function library(): Promise<ProtocolLibrary> {
    const id = await currentLibraryId();
    if (id === undefined) return TEMPLATE_LIBRARY;
    const known = versions.get(id);
    if (known) return known;
    const current = await currentApproved(app.store.db);
    if (current === undefined) return TEMPLATE_LIBRARY;
    versions.set(current.id, current.library);
    return current.library;
  }

  /** The record from o3care's own store, read and audited as the client; 412 when o3care does not know the patient. */
  async function ownRecord(
    request: FastifyRequest,
    patientId: string,
    missing: readonly string[],
  ): Promise<PatientRecord> {
    const refuse = () =>
      new CdsRefusal(
        412,
        `the prefetch lacks ${missing.join(', ')} and ${patientId.slice(0, 80)} is not an o3care patient id: send the prefetch`,
        '$.prefetch',
      );
    if (!UUID.test(patientId)) throw refuse();
    const client = request.cdsClient!;
    const context: AuditContext = {
      actorId: client.iss,
      actorRole: 'cds-client',
      sourceIp: request.ip,
      requestId: request.id,
    };
    try {
      return await app.store.db
        .transaction()
        .execute((trx) => factsForPatient(trx, context, patientId, app.now()));
    } catch (error) {
      if (error instanceof RecordNotFoundError) throw refuse();
      throw error;
    }
  }

  async function recordFor(request: FastifyRequest, call: CdsRequest): Promise<PatientRecord> {
    const patientId = call.context.patientId;
    const fromPrefetch = recordFromPrefetch(call.prefetch, patientId);
    if (fromPrefetch.ok) return fromPrefetch;
    if (fromPrefetch.kind === 'invalid') throw new CdsRefusal(400, fromPrefetch.message, fromPrefetch.path);
    return ownRecord(request, patientId, fromPrefetch.missing);
  }

  function targetOf(service: CdsServiceId, call: CdsRequest): CdsTarget {
    if (service === 'ozone-screen') return { service };
    const drafts = draftOzoneOrders(
      call.context.draftOrders,
      call.context.patientId,
      call.hook === 'order-select' ? call.context.selections : undefined,
    );
    if (!drafts.ok) throw new CdsRefusal(400, drafts.message, drafts.path);
    return { service, orders: drafts.orders };
  }

  function serviceOf(id: string): CdsServiceId {
    if (!isCdsServiceId(id))
      throw new CdsRefusal(404, `no CDS service ${id.slice(0, 80)} (see GET /cds-services)`, undefined);
    return id;
  }

  app.post(
    '/cds-services/:id',
    {
      config: NO_SESSION,
      schema: {
        tags: ['cds-hooks'],
        summary:
          'Call a CDS service (ozone-screen: patient-view; ozone-order-check: order-select, order-sign)',
        params: serviceParams,
        response: { 200: cardsResponse, ...OUTCOME_RESPONSES },
      },
    },
    async (request) => {
      const service = serviceOf(request.params.id);
      const read = readCdsRequest(service, request.body);
      if (!read.ok) throw new CdsRefusal(400, read.message, read.path);
      const call = read.request;
      const target = targetOf(service, call);
      // An order-sign for anything but ozone is not o3care's to judge: no cards, and no patient data read.
      if (target.service === 'ozone-order-check' && target.orders.length === 0) return { cards: [] };
      const [record, approved] = await Promise.all([recordFor(request, call), library()]);
      const result = evaluateCds(target, record, { library: approved, asOf: app.now() }, randomUUID);
      let index = 0;
      for (const { evaluation } of result.evaluations) {
        for (const finding of evaluation.findings) {
          const card = result.cards[index++];
          if (card)
            issued.remember(card.uuid, {
              serviceId: service,
              ruleId: finding.ruleId,
              techniques: finding.techniques,
            });
        }
      }
      return { cards: result.cards };
    },
  );

  app.post(
    '/cds-services/:id/feedback',
    {
      config: NO_SESSION,
      schema: {
        tags: ['cds-hooks'],
        summary: 'Feedback: a card accepted or overridden (with its reason), for the override report',
        params: serviceParams,
        // CDS Hooks asks only for a 200; the count stored tells a client (and a test) that every item was kept.
        response: { 200: z.strictObject({ stored: z.number().int() }), ...OUTCOME_RESPONSES },
      },
    },
    async (request) => {
      const service = serviceOf(request.params.id);
      const parsed = feedbackBody.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const path = jsonPath(issue?.path ?? []);
        throw new CdsRefusal(400, `${path}: ${issue?.message ?? 'not CDS Hooks feedback'}`, path);
      }
      const receivedAt = app.now();
      const rows = parsed.data.feedback.map((item, index) => {
        const reason = item.overrideReason?.reason;
        if (
          reason?.system === OVERRIDE_REASON_SYSTEM &&
          !(OVERRIDE_REASONS as readonly string[]).includes(reason.code)
        ) {
          const path = `$.feedback[${index}].overrideReason.reason.code`;
          throw new CdsRefusal(400, `${path}: not one of ${OVERRIDE_REASONS.join(', ')}`, path);
        }
        const card = issued.find(item.card);
        const known = card?.serviceId === service ? card : undefined;
        return {
          id: randomUUID(),
          service_id: service,
          client_iss: request.cdsClient!.iss,
          card_uuid: item.card,
          outcome: item.outcome,
          accepted_suggestions: jsonb((item.acceptedSuggestions ?? []).map((s) => s.id)),
          reason_system: reason?.system ?? null,
          reason_code: reason?.code ?? null,
          user_comment: item.overrideReason?.userComment ?? null,
          rule_id: known?.ruleId ?? null,
          techniques: jsonb(known?.techniques ?? []),
          outcome_at: new Date(item.outcomeTimestamp),
          received_at: receivedAt,
        };
      });
      const stored = await insertCdsFeedback(app.store.db, rows);
      return { stored: stored.length };
    },
  );
};
