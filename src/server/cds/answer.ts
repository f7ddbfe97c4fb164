// The answer to one CDS service call, from the body's text to the cards' JSON: read the body as the API reads every
// body (plugins/storable-input.ts), read the call (CDS Hooks 2.0, "Calling a CDS Service"), pick the draft ozone
// orders, take the patient from the prefetch, evaluate, and check and serialise the cards. Pure and synchronous, so
// that the same code answers in the server's thread or in a worker thread (evaluator.ts); what it cannot do itself,
// reading o3care's own record of a patient whose prefetch is incomplete, it asks for (`own-record`) and the caller,
// who holds the database, answers again with the record.

import type { FastifyError } from 'fastify';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import { draftOzoneOrders } from '../../fhir/cds/draft-orders.ts';
import type { CdsTarget, PatientRecord } from '../../fhir/cds/evaluate.ts';
import { evaluateCds } from '../../fhir/cds/evaluate.ts';
import type { IssueCode, OperationOutcome } from '../../fhir/cds/operation-outcome.ts';
import { operationOutcome } from '../../fhir/cds/operation-outcome.ts';
import { recordFromPrefetch } from '../../fhir/cds/prefetch.ts';
import type { CdsRequest } from '../../fhir/cds/request.ts';
import { readCdsRequest } from '../../fhir/cds/request.ts';
import type { CdsServiceId } from '../../fhir/cds/services.ts';
import { parseJsonBody } from '../plugins/storable-input.ts';
import type { IssuedCard } from './issued-cards.ts';
import { cardsResponse } from './schemas.ts';

export type RefusalStatus = 400 | 404 | 412 | 413 | 415;

export type CdsAnswer =
  /** `json` is the response body; `issued` the cards handed out, for feedback (issued-cards.ts). */
  | {
      readonly kind: 'cards';
      readonly json: string;
      readonly issued: readonly (readonly [uuid: string, card: IssuedCard])[];
    }
  | { readonly kind: 'refused'; readonly status: RefusalStatus; readonly outcome: OperationOutcome }
  /** The prefetch lacks `missing`: answer again with o3care's record of `patientId` (412 when there is none). */
  | { readonly kind: 'own-record'; readonly patientId: string; readonly missing: readonly string[] };

export interface AnswerContext {
  readonly library: ProtocolLibrary;
  readonly asOf: Date;
  readonly newUuid: () => string;
}

export function refused(
  status: 400 | 404 | 412,
  message: string,
  path?: string,
  code?: IssueCode,
): CdsAnswer & { kind: 'refused' } {
  const byStatus: Record<400 | 404 | 412, IssueCode> = {
    400: 'invalid',
    404: 'not-found',
    412: 'incomplete',
  };
  return { kind: 'refused', status, outcome: operationOutcome(code ?? byStatus[status], message, path) };
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) as OperationOutcomes. */
export function fastifyErrorOutcome(
  error: Pick<FastifyError, 'code' | 'message'>,
): { status: RefusalStatus; outcome: OperationOutcome } | undefined {
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

function targetOf(service: CdsServiceId, call: CdsRequest): CdsTarget | (CdsAnswer & { kind: 'refused' }) {
  if (service === 'ozone-screen') return { service };
  const drafts = draftOzoneOrders(
    call.context.draftOrders,
    call.context.patientId,
    call.hook === 'order-select' ? call.context.selections : undefined,
  );
  if (!drafts.ok) return refused(400, drafts.message, drafts.path);
  return { service, orders: drafts.orders };
}

/** The answer to a call whose body is `text`; `ownRecord` is o3care's record, when an earlier answer asked for it. */
export function answerCdsCall(
  service: CdsServiceId,
  text: string,
  context: AnswerContext,
  ownRecord?: PatientRecord,
): CdsAnswer {
  const body = parseJsonBody(text);
  if (!body.ok) {
    const known = fastifyErrorOutcome(body.error as FastifyError);
    if (known === undefined) throw body.error;
    return { kind: 'refused', ...known };
  }
  const read = readCdsRequest(service, body.value);
  if (!read.ok) return refused(400, read.message, read.path);
  const call = read.request;
  const target = targetOf(service, call);
  if ('kind' in target) return target;
  // An order-sign for anything but ozone is not o3care's to judge: no cards, and no patient data read.
  if (target.service === 'ozone-order-check' && target.orders.length === 0)
    return { kind: 'cards', json: '{"cards":[]}', issued: [] };
  let record = ownRecord;
  if (record === undefined) {
    const fromPrefetch = recordFromPrefetch(call.prefetch, call.context.patientId);
    if (fromPrefetch.ok) record = fromPrefetch;
    else if (fromPrefetch.kind === 'invalid') return refused(400, fromPrefetch.message, fromPrefetch.path);
    else return { kind: 'own-record', patientId: call.context.patientId, missing: fromPrefetch.missing };
  }
  const { library, asOf, newUuid } = context;
  const result = evaluateCds(target, record, { library, asOf }, newUuid);
  const issued: (readonly [string, IssuedCard])[] = [];
  let index = 0;
  for (const { evaluation } of result.evaluations) {
    for (const finding of evaluation.findings) {
      const card = result.cards[index++];
      if (card)
        issued.push([
          card.uuid,
          { serviceId: service, ruleId: finding.ruleId, techniques: finding.techniques },
        ]);
    }
  }
  // The response schema the route declares, checked here rather than by the route's serializer: the cards are built
  // by typed code, and this keeps the check wherever the answer is computed (a worker thread, usually).
  return { kind: 'cards', json: JSON.stringify(cardsResponse.parse({ cards: result.cards })), issued };
}
