// CDS Hooks 2.0 at /cds-services (SPEC-INTEROP §3): discovery, the two services and their feedback endpoint. Every
// call, discovery included, must carry a signed JWT from a registered client (jwt.ts); anything else gets a bare 401.
// The routes take no session (`noSession`): a clinic cookie neither grants access nor triggers CSRF checks here.
// Errors are OperationOutcomes, not the API's problem+json: 400 for a malformed call, 404 for an unknown service,
// 412 when the patient cannot be evaluated from what was sent (CDS Hooks 2.0, "HTTP Status Codes").

import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import type { PatientRecord } from '../../fhir/cds/evaluate.ts';
import type { IssueCode, OperationOutcome } from '../../fhir/cds/operation-outcome.ts';
import { operationOutcome } from '../../fhir/cds/operation-outcome.ts';
import { jsonPath } from '../../fhir/cds/request.ts';
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
import type { CdsAnswer } from './answer.ts';
import type { RefusalStatus } from './answer.ts';
import { answerCdsCall, fastifyErrorOutcome, refused } from './answer.ts';
import type { CdsClientConfig } from './clients.ts';
import { keySetsOf } from './clients.ts';
import type { CdsEvaluator } from './evaluator.ts';
import { inProcessEvaluator, workerEvaluator } from './evaluator.ts';
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
  /** Worker threads that answer service calls (evaluator.ts); 0, the default, answers in the server's thread. */
  readonly workers?: number;
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

/** An OperationOutcome answer, thrown to the plugin's error handler. */
class CdsRefusal extends Error {
  override name = 'CdsRefusal';
  readonly status: RefusalStatus;
  readonly outcome: OperationOutcome;
  constructor(answer: { readonly status: RefusalStatus; readonly outcome: OperationOutcome }) {
    super(answer.outcome.issue[0]?.diagnostics ?? 'refused');
    this.status = answer.status;
    this.outcome = answer.outcome;
  }
}

/** The service route's body, unparsed: the evaluator parses it (answer.ts). */
class JsonText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** A refusal with `status`'s issue code unless one is given (answer.ts). */
const refusal = (status: 400 | 404 | 412, message: string, path?: string, code?: IssueCode) =>
  new CdsRefusal(refused(status, message, path, code));

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

  /** The clinic's current approved library and its id, or the unapproved template (whose orders stop on library.unapproved). */
  async function library(): Promise<{ readonly id: string | undefined; readonly library: ProtocolLibrary }> {
    const id = await currentLibraryId();
    if (id === undefined) return { id, library: TEMPLATE_LIBRARY };
    const known = versions.get(id);
    if (known) return { id, library: known };
    const current = await currentApproved(app.store.db);
    if (current === undefined) return { id: undefined, library: TEMPLATE_LIBRARY };
    versions.set(current.id, current.library);
    return { id: current.id, library: current.library };
  }

  /** The record from o3care's own store, read and audited as the client; 412 when o3care does not know the patient. */
  async function ownRecord(
    request: FastifyRequest,
    patientId: string,
    missing: readonly string[],
  ): Promise<PatientRecord> {
    const refuse = () =>
      refusal(
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

  function serviceOf(id: string): CdsServiceId {
    if (!isCdsServiceId(id))
      throw refusal(404, `no CDS service ${id.slice(0, 80)} (see GET /cds-services)`, undefined);
    return id;
  }

  const evaluator: CdsEvaluator =
    (options.workers ?? 0) > 0 ? workerEvaluator(options.workers ?? 0) : inProcessEvaluator();
  app.addHook('onClose', async () => evaluator.close());

  // The service route reads its body as text and leaves the parsing to the evaluator (answer.ts parses it exactly as
  // the app's JSON parser does), so that a worker thread does it: a prefetch is the largest part of a call.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, new JsonText(String(body))),
    );
    scope.post(
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
      async (request, reply) => {
        const service = serviceOf(request.params.id);
        // A body of another type (Fastify reads text/plain itself) or none is not a CDS Hooks call.
        if (!(request.body instanceof JsonText))
          throw refusal(400, '$: send the CDS Hooks request as application/json', '$');
        const text = request.body.text;
        const current = await library();
        const asOf = app.now();
        const job = { service, text, libraryId: current.id, library: current.library, asOf };
        let answer: CdsAnswer = await evaluator.answer(job);
        if (answer.kind === 'own-record') {
          const record = await ownRecord(request, answer.patientId, answer.missing);
          answer = answerCdsCall(
            service,
            text,
            { library: current.library, asOf, newUuid: randomUUID },
            record,
          );
        }
        if (answer.kind === 'refused') throw new CdsRefusal(answer);
        if (answer.kind === 'own-record') throw new Error('the record read was asked for twice');
        for (const [uuid, card] of answer.issued) issued.remember(uuid, card);
        // Already checked against cardsResponse and serialised (answer.ts): sent as it is.
        return reply.type('application/json; charset=utf-8').send(answer.json as never);
      },
    );
  });

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
        throw refusal(400, `${path}: ${issue?.message ?? 'not CDS Hooks feedback'}`, path);
      }
      const receivedAt = app.now();
      const rows = parsed.data.feedback.map((item, index) => {
        const reason = item.overrideReason?.reason;
        if (
          reason?.system === OVERRIDE_REASON_SYSTEM &&
          !(OVERRIDE_REASONS as readonly string[]).includes(reason.code)
        ) {
          const path = `$.feedback[${index}].overrideReason.reason.code`;
          throw refusal(400, `${path}: not one of ${OVERRIDE_REASONS.join(', ')}`, path);
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
