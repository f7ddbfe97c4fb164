// One error handler for the whole app: validation failures name each bad field, known problems keep their status,
// anything unknown is logged with its request id and answered with a generic 500 (DESIGN.md, Errors).

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { FieldError, Problem, ProblemCode } from '../problem.ts';
import { isHttpProblem, problem } from '../problem.ts';

const toPath = (prefix: string, path: readonly PropertyKey[]): string =>
  `$.${prefix}${path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('')}`;

function send(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.status(body.status).type('application/problem+json').send(body);
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

export const errorHandler = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const requestId = request.id;
      if (hasZodFastifySchemaValidationErrors(error)) {
        const errors: FieldError[] = error.validation.map((issue) => ({
          path: toPath(error.validationContext ?? 'body', issue.instancePath.split('/').filter(Boolean)),
          message: issue.message ?? 'invalid value',
        }));
        return send(
          reply,
          problem('invalid-request', `${errors.length} field(s) are not valid`, { errors, requestId }),
        );
      }
      if (isHttpProblem(error)) {
        return send(
          reply,
          problem(error.code, error.message, {
            requestId,
            ...(error.errors ? { errors: error.errors } : {}),
            ...(error.findings ? { findings: error.findings } : {}),
          }),
        );
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error, requestId }, 'response did not match its schema');
        return send(reply, problem('internal-error', undefined, { requestId }));
      }
      const code = codeForFastifyError(error);
      if (code !== undefined && (error.statusCode ?? 500) < 500) {
        return send(reply, problem(code, error.message.slice(0, 300), { requestId }));
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
