// The FHIR R4 API at /fhir/R4 (SPEC-INTEROP §4, docs/decisions/0011): metadata, read and search of each served type,
// Patient/$everything and Patient/$summary (IPS). Read-only. Every answer is application/fhir+json, every error an
// OperationOutcome (this plugin's own error and not-found handlers). Authentication and permissions are the /api's
// (access.ts); every access is audited in the transaction that reads the record, as the /api reads are.
//
// Deviation from STYLE.md "response schemas everywhere": a FHIR resource's schema is R4 itself; the mappers in
// src/fhir/resources/ write each element field by field (they are the whitelist), and the tests validate every
// emitted type against the R4 StructureDefinitions.

import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditEventResource } from '../../fhir/resources/audit-event.ts';
import { searchsetBundle } from '../../fhir/resources/bundles.ts';
import { capabilityStatement } from '../../fhir/resources/capability-statement.ts';
import { compartmentResources, isCompartmentType } from '../../fhir/resources/compartment.ts';
import { ipsDocument } from '../../fhir/resources/ips-summary.ts';
import { patientResource } from '../../fhir/resources/patient.ts';
import type { PatientRecord } from '../../fhir/resources/record.ts';
import type { SortKey } from '../../fhir/resources/search.ts';
import {
  compileSearch,
  patientOfSearch,
  SearchParamError,
  SORT_KEYS,
  sortResources,
} from '../../fhir/resources/search.ts';
import { API } from '../../fhir/urls.ts';
import { audit } from '../../store/audit-context.ts';
import { auditRecordFromRow, listAuditEvents } from '../../store/audit.repository.ts';
import { listCurrentFacts } from '../../store/clinical-fact.repository.ts';
import { findPatient, findPatientsByIdentifier, listPatients } from '../../store/patient.repository.ts';
import type { PatientRow } from '../../store/patient.repository.ts';
import type { Actor } from '../auth/actor.ts';
import { isHttpProblem, PROBLEM_TYPES } from '../problem.ts';
import { careContext, inCare } from '../routes/care-route.ts';
import { factFromRow, patientFromRow } from '../services/record-mapping.ts';
import { fhirActor, requireAction, requireCompartment } from './access.ts';
import { findAuditRow, findCompartmentOwner } from './lookups.ts';
import type { IssueType } from './outcome.ts';
import { badRequest, FhirError, isFhirError, notFound, operationOutcome } from './outcome.ts';
import { auditEntryOf, ALL_PARTS, partsFor, loadPatientRecord } from './record-loader.ts';

export const FHIR_BASE_PATH = '/fhir/R4';
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const SOFTWARE_VERSION = '0.1.0';
const DEFAULT_COUNT = 50;
const MAX_COUNT = 200;
/** Most rows a Patient or AuditEvent search considers (newest audit rows; patients in name order). */
const MAX_CANDIDATES = 1000;
const FORMATS: ReadonlySet<string> = new Set(['json', 'application/json', 'application/fhir+json']);
const ID = /^[A-Za-z0-9.-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Params = Map<string, string[]>;

const baseOf = (request: FastifyRequest): string => `${request.protocol}://${request.host}${FHIR_BASE_PATH}`;

function paramsOf(request: FastifyRequest): Params {
  const params: Params = new Map();
  const query = (request.query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(query)) {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    params.set(name, values);
  }
  return params;
}

function single(params: Params, name: string): string | undefined {
  const values = params.get(name);
  if (values === undefined) return undefined;
  if (values.length !== 1) throw badRequest(`${name} may be given once`, name);
  return values[0];
}

function checkFormat(params: Params): void {
  const format = single(params, '_format');
  if (format !== undefined && !FORMATS.has(format.split(';')[0]?.trim() ?? '')) {
    throw new FhirError(
      406,
      'not-supported',
      `_format ${format} is not served: this server speaks JSON`,
      '_format',
    );
  }
}

function integerParam(params: Params, name: string, fallback: number, min: number, max: number): number {
  const raw = single(params, name);
  if (raw === undefined) return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw badRequest(`${name} must be a whole number from ${min} to ${max}`, name);
  }
  return Number(raw);
}

interface Paging {
  readonly count: number;
  readonly offset: number;
  readonly sort: SortKey;
}

function pagingOf(params: Params): Paging {
  const sort = single(params, '_sort') ?? '-date';
  if (!(SORT_KEYS as readonly string[]).includes(sort)) {
    throw badRequest(`_sort must be one of ${SORT_KEYS.join(', ')}`, '_sort');
  }
  return {
    count: integerParam(params, '_count', DEFAULT_COUNT, 0, MAX_COUNT),
    offset: integerParam(params, '_offset', 0, 0, 1_000_000),
    sort: sort as SortKey,
  };
}

/** The link to a page of the same search: the filters as sent, then the paging parameters. */
function pageLink(base: string, type: string, params: Params, paging: Paging, offset: number): string {
  const search = new URLSearchParams();
  for (const [name, values] of params) {
    if (name === '_count' || name === '_offset' || name === '_sort') continue;
    for (const value of values) search.append(name, value);
  }
  search.set('_count', String(paging.count));
  search.set('_sort', paging.sort);
  search.set('_offset', String(offset));
  return `${base}/${type}?${search.toString()}`;
}

function searchBundle(
  request: FastifyRequest,
  type: string,
  params: Params,
  paging: Paging,
  matches: Resource[],
) {
  sortResources(type, matches, paging.sort);
  const base = baseOf(request);
  const page = matches.slice(paging.offset, paging.offset + paging.count);
  const hasNext = paging.count > 0 && paging.offset + paging.count < matches.length;
  return searchsetBundle(
    {
      base,
      resources: page,
      total: matches.length,
      self: pageLink(base, type, params, paging, paging.offset),
      ...(hasNext ? { next: pageLink(base, type, params, paging, paging.offset + paging.count) } : {}),
      ...(paging.offset > 0 && paging.count > 0
        ? { previous: pageLink(base, type, params, paging, Math.max(0, paging.offset - paging.count)) }
        : {}),
    },
    randomUUID(),
  );
}

function compile(type: string, params: Params) {
  try {
    return compileSearch(type, params);
  } catch (error) {
    if (error instanceof SearchParamError) throw badRequest(error.message, error.param);
    throw error;
  }
}

const send = (reply: FastifyReply, status: number, body: Resource) =>
  reply.status(status).type(FHIR_JSON).send(body);

function served(type: string): void {
  if (!isCompartmentType(type) && type !== 'AuditEvent') {
    throw new FhirError(404, 'not-supported', `resource type ${type} is not served here (see metadata)`);
  }
}

// ---------------------------------------------------------------- search

async function searchAuditEvents(request: FastifyRequest, actor: Actor, params: Params) {
  await requireAction(request, actor, 'audit.read');
  const paging = pagingOf(params);
  const tests = compile('AuditEvent', params);
  const patientId = patientOfSearch(params);
  const db = request.server.store.db;
  const rows = await listAuditEvents(db, {
    ...(patientId === undefined ? {} : { patientId }),
    limit: MAX_CANDIDATES,
  });
  const matches = rows
    .map((row) => auditEventResource(auditEntryOf(row)))
    .filter((r) => tests.every((t) => t(r)));
  const bundle = searchBundle(request, 'AuditEvent', params, paging, matches);
  // Searching the trail is itself recorded, with the /api's action (decision 0009 §10).
  const care = careContext(request);
  await db.transaction().execute((trx) =>
    audit(trx, care, 'audit.read', {
      detail: { api: 'fhir', filters: { patientId: patientId ?? null }, count: bundle.entry?.length ?? 0 },
    }),
  );
  return bundle;
}

/** Patients with their `deceased` fact, for the Patient resources of a search page. */
async function patientResources(request: FastifyRequest, rows: readonly PatientRow[]): Promise<Resource[]> {
  return inCare(request, async (trx, care) => {
    const resources: Resource[] = [];
    for (const row of rows) {
      const deceased = (await listCurrentFacts(trx, care, row.id))
        .map(factFromRow)
        .find((f) => f.kind === 'deceased');
      resources.push(
        patientResource(
          patientFromRow(row),
          deceased === undefined
            ? undefined
            : deceased.effective === undefined
              ? {}
              : { effective: deceased.effective },
        ),
      );
    }
    return resources;
  });
}

async function searchPatients(request: FastifyRequest, actor: Actor, params: Params) {
  // A patient's search covers their own compartment (their own Patient only); staff list patients.
  await requireAction(request, actor, actor.role === 'patient' ? 'patient.read' : 'patient.list');
  const paging = pagingOf(params);
  const tests = compile('Patient', params);
  let rows: PatientRow[];
  if (actor.role === 'patient') {
    const own = actor.patientId;
    rows =
      own === null
        ? []
        : await inCare(request, async (trx, care) => {
            const row = await findPatient(trx, care, own);
            return row === undefined ? [] : [row];
          });
  } else {
    const [identifier] = params.get('identifier') ?? [];
    const [name] = params.get('name') ?? [];
    const [byId] = params.get('_id') ?? [];
    rows = await inCare(request, async (trx, care) => {
      const one = async (id: string) => {
        const row = await findPatient(trx, care, id);
        return row === undefined ? [] : [row];
      };
      if (byId !== undefined && !byId.includes(',')) return UUID.test(byId) ? one(byId) : [];
      if (identifier !== undefined && !identifier.includes(',')) {
        const bar = identifier.indexOf('|');
        const system = bar < 0 ? undefined : identifier.slice(0, bar);
        const value = bar < 0 ? identifier : identifier.slice(bar + 1);
        // o3care's own id is an identifier of every Patient it serves, but not a stored one.
        if (system === API.patientIdentifier) return UUID.test(value) ? one(value) : [];
        return findPatientsByIdentifier(trx, care, system ? { system, value } : { value });
      }
      return listPatients(trx, care, {
        ...(name !== undefined && !name.includes(',') ? { name } : {}),
        limit: MAX_CANDIDATES,
      });
    });
  }
  // Filters read demographics only; `deceased` is added to the page's resources afterwards.
  const candidates = rows.map((row) => patientResource(patientFromRow(row)));
  const matched = new Set(candidates.filter((r) => tests.every((t) => t(r))).map((r) => r.id));
  const bundle = searchBundle(
    request,
    'Patient',
    params,
    paging,
    candidates.filter((r) => matched.has(r.id)),
  );
  const pageIds = new Set((bundle.entry ?? []).map((entry) => entry.resource?.id));
  const full = await patientResources(
    request,
    rows.filter((row) => pageIds.has(row.id)),
  );
  const byId = new Map(full.map((r) => [r.id, r]));
  for (const entry of bundle.entry ?? []) entry.resource = byId.get(entry.resource?.id) ?? entry.resource;
  return bundle;
}

async function searchCompartment(request: FastifyRequest, actor: Actor, type: string, params: Params) {
  const named = patientOfSearch(params);
  const patientId = named ?? (actor.role === 'patient' ? (actor.patientId ?? undefined) : undefined);
  await requireAction(request, actor, 'patient.read', patientId === undefined ? {} : { patientId });
  const paging = pagingOf(params);
  const tests = compile(type, params);
  if (patientId === undefined) {
    throw badRequest(`search ${type} within one patient: give patient (or subject)`, 'patient');
  }
  await requireCompartment(request, actor, patientId, {
    resource: `patient/${patientId}`,
    entity: 'patient',
  });
  const resources = await inCare(request, async (trx, care) => {
    const record = await loadPatientRecord(trx, care, patientId, partsFor([type]));
    const found =
      record === undefined ? [] : compartmentResources(record).filter((r) => r.resourceType === type);
    const matches = found.filter((r) => tests.every((t) => t(r)));
    await audit(trx, care, 'fhir.search', { patientId, detail: { type, count: matches.length } });
    return matches;
  });
  return searchBundle(request, type, params, paging, resources);
}

// ---------------------------------------------------------------- read and operations

async function readAuditEvent(request: FastifyRequest, actor: Actor, id: string): Promise<Resource> {
  await requireAction(request, actor, 'audit.read');
  const db = request.server.store.db;
  const row = await findAuditRow(db, id);
  const care = careContext(request);
  await db
    .transaction()
    .execute((trx) =>
      audit(trx, care, 'audit.read', { detail: { api: 'fhir', id, found: row !== undefined } }),
    );
  if (row === undefined) throw notFound('no such AuditEvent');
  return auditEventResource(auditEntryOf(auditRecordFromRow(row)));
}

async function readResource(
  request: FastifyRequest,
  actor: Actor,
  type: string,
  id: string,
): Promise<Resource> {
  if (type === 'AuditEvent') return readAuditEvent(request, actor, id);
  await requireAction(request, actor, 'patient.read');
  const entity = type;
  const owner = ID.test(id) ? await findCompartmentOwner(request.server.store.db, type, id) : undefined;
  await requireCompartment(request, actor, owner, { resource: `${type}/${id}`, entity });
  if (owner === undefined) throw notFound(`no such ${entity}`);
  const resource = await inCare(request, async (trx, care) => {
    const record = await loadPatientRecord(trx, care, owner, partsFor([type]));
    const found =
      record === undefined
        ? undefined
        : compartmentResources(record).find((r) => r.resourceType === type && r.id === id);
    await audit(trx, care, 'fhir.read', {
      patientId: owner,
      resource: `${type}/${id}`,
      detail: { found: found !== undefined },
    });
    return found;
  });
  if (resource === undefined) throw notFound(`no such ${entity}`);
  return resource;
}

/** The whole compartment, read once and audited, for $everything and $summary. */
/** Patient ids are UUIDs: anything else names no patient (and would fail the database's uuid cast, a 500). */
const PATIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function wholeRecord(
  request: FastifyRequest,
  actor: Actor,
  patientId: string,
  operation: 'everything' | 'summary',
): Promise<PatientRecord> {
  if (!PATIENT_ID.test(patientId)) throw notFound('no such patient');
  await requireAction(request, actor, 'patient.read', { patientId });
  await requireCompartment(request, actor, patientId, {
    resource: `patient/${patientId}`,
    entity: 'patient',
  });
  const record = await inCare(request, async (trx, care) => {
    const loaded = await loadPatientRecord(trx, care, patientId, ALL_PARTS);
    await audit(trx, care, `fhir.${operation}`, {
      patientId,
      resource: `patient/${patientId}`,
      detail: { found: loaded !== undefined },
    });
    return loaded;
  });
  if (record === undefined) throw notFound('no such patient');
  return record;
}

// ---------------------------------------------------------------- errors

const ISSUE_BY_STATUS: Readonly<Record<number, IssueType>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  406: 'not-supported',
  413: 'too-long',
  429: 'throttled',
};

function onError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isFhirError(error)) {
    if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="o3care"');
    return send(reply, error.status, operationOutcome(error.issue, error.message, error.expression));
  }
  if (isHttpProblem(error)) {
    const status: number = PROBLEM_TYPES[error.code].status;
    if (status === 401) reply.header('www-authenticate', 'Bearer realm="o3care"');
    return send(reply, status, operationOutcome(ISSUE_BY_STATUS[status] ?? 'processing', error.message));
  }
  const status = error.statusCode ?? 500;
  if (status < 500) {
    return send(
      reply,
      status,
      operationOutcome(ISSUE_BY_STATUS[status] ?? 'invalid', error.message.slice(0, 300)),
    );
  }
  request.log.error({ err: error, requestId: request.id }, 'unexpected error in the FHIR API');
  return send(reply, 500, operationOutcome('exception', `internal error (request ${request.id})`));
}

// ---------------------------------------------------------------- routes

interface TypeParams {
  readonly type: string;
}
interface ReadParams extends TypeParams {
  readonly id: string;
}

/**
 * Registered with prefix /fhir/R4. Routes declare `ownAuthorization`: the auth plugin leaves a bearer header to
 * access.ts, which accepts system-client tokens only.
 */
export async function fhirApi(app: FastifyInstance): Promise<void> {
  app.setErrorHandler(onError);
  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      404,
      operationOutcome('not-found', `${request.method} ${request.url.split('?')[0] ?? ''} is not served`),
    ),
  );
  const config = { ownAuthorization: true };
  // The OpenAPI document at /docs describes the /api; this API describes itself in its CapabilityStatement.
  const schema = { hide: true };

  app.get('/metadata', { config, schema }, async (request, reply) => {
    checkFormat(paramsOf(request));
    return send(
      reply,
      200,
      capabilityStatement({
        base: baseOf(request),
        softwareVersion: SOFTWARE_VERSION,
        date: app.now().toISOString(),
      }),
    );
  });

  app.get<{ Params: ReadParams }>('/Patient/:id/$everything', { config, schema }, async (request, reply) => {
    const actor = await fhirActor(request);
    checkFormat(paramsOf(request));
    const record = await wholeRecord(request, actor, request.params.id, 'everything');
    const resources = compartmentResources(record);
    const base = baseOf(request);
    return send(
      reply,
      200,
      searchsetBundle(
        {
          base,
          resources,
          total: resources.length,
          self: `${base}/Patient/${record.patient.id}/$everything`,
        },
        randomUUID(),
      ),
    );
  });

  app.get<{ Params: ReadParams }>('/Patient/:id/$summary', { config, schema }, async (request, reply) => {
    const actor = await fhirActor(request);
    checkFormat(paramsOf(request));
    const record = await wholeRecord(request, actor, request.params.id, 'summary');
    return send(
      reply,
      200,
      ipsDocument(record, {
        base: baseOf(request),
        documentId: randomUUID(),
        timestamp: app.now().toISOString(),
        softwareVersion: SOFTWARE_VERSION,
      }),
    );
  });

  app.get<{ Params: TypeParams }>('/:type', { config, schema }, async (request, reply) => {
    const { type } = request.params;
    served(type);
    const actor = await fhirActor(request);
    const params = paramsOf(request);
    checkFormat(params);
    const bundle =
      type === 'AuditEvent'
        ? await searchAuditEvents(request, actor, params)
        : type === 'Patient'
          ? await searchPatients(request, actor, params)
          : await searchCompartment(request, actor, type, params);
    return send(reply, 200, bundle);
  });

  app.get<{ Params: ReadParams }>('/:type/:id', { config, schema }, async (request, reply) => {
    const { type, id } = request.params;
    served(type);
    const actor = await fhirActor(request);
    checkFormat(paramsOf(request));
    return send(reply, 200, await readResource(request, actor, type, id));
  });
}
