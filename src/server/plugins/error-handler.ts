// One error handler for the whole app: validation failures name each bad field, known problems keep their status,
// the clinical-record services' errors become their problems (a hard stop 422 with its findings, a missing record
// 404, a state conflict 409, bad values 400), and anything unknown is logged with its request id and answered with a
// generic 500 (DESIGN.md, Errors).

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { FieldError, Problem, ProblemCode } from '../problem.ts';
import { HttpProblem, isHttpProblem, problem } from '../problem.ts';
import {
  ClinicalHardStopError,
  InvalidRecordError,
  OverrideRequiredError,
  RecordConflictError,
  RecordNotFoundError,
} from '../services/errors.ts';
import { JsonBodyRefused } from './storable-input.ts';

const toPath = (prefix: string, path: readonly PropertyKey[]): string =>
  `$.${prefix}${path.map((key) => (typeof key === 'number' || /^\d+$/.test(String(key)) ? `[${String(key)}]` : `.${String(key)}`)).join('')}`;

interface ValidationIssue {
  readonly keyword?: string;
  readonly instancePath: string;
  readonly message?: string;
  readonly params?: { readonly keys?: unknown };
}

/** One field error per issue; an unknown field (`.strict()` objects) is named by its own path. */
function fieldErrors(context: string, issue: ValidationIssue): FieldError[] {
  const at = issue.instancePath.split('/').filter(Boolean);
  const keys = issue.params?.keys;
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
    return keys.map((key) => ({ path: toPath(context, [...at, String(key)]), message: 'unknown field' }));
  }
  return [{ path: toPath(context, at), message: issue.message ?? 'invalid value' }];
}

/**
 * The problem a clinical-record service error answers with. Service field paths are relative to the input the
 * route passed on, which is the request body (`$.comment` → `$.body.comment`). A missing record is named by its
 * kind only: the same answer whether it does not exist or belongs to another patient's compartment.
 */
export function serviceProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof ClinicalHardStopError)
    return new HttpProblem('clinical-hard-stop', error.message, { findings: error.findings });
  if (error instanceof OverrideRequiredError)
    return new HttpProblem('override-required', error.message, { findings: error.warnings });
  if (error instanceof RecordNotFoundError) return new HttpProblem('not-found', `no such ${error.entity}`);
  if (error instanceof RecordConflictError) return new HttpProblem('conflict', error.message);
  if (error instanceof InvalidRecordError) {
    const path = error.path.startsWith('$.') ? `$.body.${error.path.slice(2)}` : '$.body';
    return new HttpProblem('invalid-request', error.message, { errors: [{ path, message: error.message }] });
  }
  return undefined;
}

/**
 * PostgreSQL integrity violations (SQLSTATE class 23: check, not-null, foreign key, unique) that input validation
 * did not foresee, e.g. a change that would leave a patient without any name. The database refused the write, so
 * nothing was stored: a 409, not a 500.
 */
const isIntegrityViolation = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^23[0-9A-Z]{3}$/.test(code);
};

function send(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
}

/**
 * Where a Fastify 4xx error lies, for its `errors[]`: every 400 names the part of the request at fault, even when
 * that part is the whole body (not JSON at all) or a header (a Content-Length the body does not match).
 */
function pathOfFastifyError(error: FastifyError): string | undefined {
  if (error instanceof JsonBodyRefused) return error.path;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return '$.body';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return '$.headers.content-length';
    default:
      return undefined;
  }
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large) as problems. */
function codeForFastifyError(error: FastifyError): ProblemCode | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload-too-large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported-media-type';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_VALIDATION':
      return 'invalid-request';
    default:
      return error.statusCode === 429
        ? 'too-many-requests'
        : error.statusCode === 404
          ? 'not-found'
          : undefined;
  }
}

/**
 * Fastify's `frameworkErrors`: what the router refuses before any route or hook runs, a URL whose percent-encoding
 * does not decode (RFC 3986 §2.1) or a path parameter longer than `maxParamLength`. Without it Fastify answers
 * plain JSON, not a problem.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = request.id;
  if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
    request.log.error({ err: error, requestId }, 'unexpected router error');
    void send(reply, problem('internal-error', undefined, { requestId }));
    return;
  }
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'the URL path is not valid percent-encoding'
      : 'a segment of the URL path is too long';
  void send(
    reply,
    problem('invalid-request', detail, { requestId, errors: [{ path: '$.url', message: detail }] }),
  );
}

export const errorHandler = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const requestId = request.id;
      if (hasZodFastifySchemaValidationErrors(error)) {
        const errors: FieldError[] = error.validation.flatMap((issue) =>
          fieldErrors(error.validationContext ?? 'body', issue),
        );
        return send(
          reply,
          problem('invalid-request', `${errors.length} field(s) are not valid`, { errors, requestId }),
        );
      }
      const mapped = isHttpProblem(error) ? error : serviceProblem(error);
      if (mapped) {
        return send(
          reply,
          problem(mapped.code, mapped.message, {
            requestId,
            ...(mapped.errors ? { errors: mapped.errors } : {}),
            ...(mapped.findings ? { findings: mapped.findings } : {}),
          }),
        );
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error, requestId }, 'response did not match its schema');
        return send(reply, problem('internal-error', undefined, { requestId }));
      }
      if (isIntegrityViolation(error)) {
        request.log.warn(
          { err: error, requestId },
          'the database refused a write that validation let through',
        );
        return send(
          reply,
          problem('conflict', 'the change conflicts with the record as it stands', { requestId }),
        );
      }
      const code = codeForFastifyError(error);
      if (code !== undefined && (error.statusCode ?? 500) < 500) {
        const detail = error.message.slice(0, 300);
        const path = pathOfFastifyError(error);
        const errors = path !== undefined ? [{ path, message: detail }] : [];
        return send(reply, problem(code, detail, { requestId, errors }));
      }
      request.log.error({ err: error, requestId }, 'unexpected error');
      return send(reply, problem('internal-error', undefined, { requestId }));
    });
    app.setNotFoundHandler((request, reply) =>
      send(
        reply,
        problem('not-found', `${request.method} ${request.url.split('?')[0]} does not exist`, {
          requestId: request.id,
        }),
      ),
    );
  },
  { name: 'o3care-error-handler' },
);
