/**
 * The one catalogue of API errors. Every error response is
 * `{ "error": { "code", "message", "details"? } }` with a stable `code` (clients branch on it)
 * and a `message` that tells the user what to do next.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuthError } from '../auth/auth-error.js';

export const ERROR_CATALOGUE = {
  invalid_request: {
    status: 400,
    meaning: 'a parameter or the body is missing or wrong; `details` lists each problem',
  },
  unauthorized: { status: 401, meaning: 'no valid session cookie or API key: log in or send Authorization: Bearer' },
  forbidden: { status: 403, meaning: 'authenticated, but your role does not allow this' },
  csrf_failed: { status: 403, meaning: 'a cookie-authenticated change without the right X-CSRF-Token header' },
  not_found: { status: 404, meaning: 'no such route or resource' },
  conflict: { status: 409, meaning: 'the change conflicts with the current state (e.g. the name is taken)' },
  payload_too_large: { status: 413, meaning: 'the request body is larger than the server accepts' },
  unsupported_media_type: { status: 415, meaning: 'the body is not JSON' },
  rate_limited: { status: 429, meaning: 'too many attempts; wait for Retry-After seconds' },
  internal: { status: 500, meaning: 'a bug or an unexpected failure; the server log has the details' },
  unavailable: { status: 503, meaning: 'a dependency (e.g. the store) is not available right now' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export type ErrorDetails = Readonly<Record<string, unknown>> | readonly unknown[];

/** Throw it from a handler or hook; the error handler turns it into the response. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/** The error body, for OpenAPI. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
      message: z.string().describe('what went wrong and what to do about it'),
      details: z.unknown().optional(),
    }),
  })
  .describe('error');

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails): object {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

function send(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  // Errors are serialised here, not by a route's response schema (which describes successes).
  return reply
    .status(error.status)
    .type('application/json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(errorBody(error.code, error.message, error.details));
}

interface ValidationIssue {
  readonly where: string;
  readonly problem: string;
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large) by status. */
function fromFastifyClientError(error: FastifyError): ApiError {
  switch (error.statusCode) {
    case 413:
      return new ApiError('payload_too_large', 'the request body is too large: send less data per request');
    case 415:
      return new ApiError(
        'unsupported_media_type',
        `unsupported body type: send JSON with the header Content-Type: application/json`,
      );
    case 404:
      return new ApiError('not_found', error.message);
    default:
      if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
        return new ApiError('invalid_request', `the body is not valid JSON (${error.message}): fix the JSON and retry`);
      }
      return new ApiError('invalid_request', `${error.message}: fix the request and retry`);
  }
}

function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AuthError) return new ApiError(error.code, error.message);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'request';
    const issues: ValidationIssue[] = error.validation.map((issue) => ({
      where: `${context}${issue.instancePath.replaceAll('/', '.').replace(/\.$/, '')}`,
      problem: issue.message ?? 'invalid',
    }));
    const summary = issues.map((issue) => `${issue.where}: ${issue.problem}`).join('; ');
    return new ApiError(
      'invalid_request',
      `invalid ${context} — ${summary}. See /docs for the accepted values.`,
      issues,
    );
  }
  const fastifyError = error as Partial<FastifyError>;
  if (
    !isResponseSerializationError(error as Error) &&
    typeof fastifyError.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return fromFastifyClientError(fastifyError as FastifyError);
  }
  return new ApiError(
    'internal',
    `an internal error occurred (request ${request.id}); the server log has the details — please report it if it persists`,
  );
}

/** Installs the error and not-found handlers that speak the catalogue. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const apiError = toApiError(error, request);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    return send(reply, apiError);
  });
  app.setNotFoundHandler((request, reply) => {
    send(
      reply,
      new ApiError(
        'not_found',
        `no route ${request.method} ${request.url.split('?')[0] ?? ''}: the endpoints are listed at /docs`,
      ),
    );
  });
}
