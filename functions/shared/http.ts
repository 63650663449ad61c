import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { callerFromClaims, type Caller, type Claims } from '../core/plan/access';
import { ValidationError } from '../core/base/errors';
import { createLogger } from './logger';

export const MAX_BODY_BYTES = 64 * 1024;

const STATUS_BY_ERROR: Record<string, number> = {
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

/** An API Gateway proxy event whose JSON body has been parsed. */
export type JsonEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: unknown; rawBody: string | null };

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

export function html(statusCode: number, body: string): APIGatewayProxyResult {
  return {
    statusCode,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'",
      ...SECURITY_HEADERS,
    },
    body,
  };
}

/** Parses a JSON body of at most 64 KiB; anything else is a 400 that says what is wrong. */
const jsonBody = (): middy.MiddlewareObj<JsonEvent, APIGatewayProxyResult> => ({
  before: (request) => {
    const raw = request.event.body as string | null;
    request.event.rawBody = raw;
    if (raw === null || raw === undefined || raw === '') {
      if (['POST', 'PUT', 'PATCH'].includes(request.event.httpMethod)) {
        throw new ValidationError('The request needs a JSON body.', { body: 'required: a JSON object' });
      }
      request.event.body = undefined;
      return;
    }
    const text = request.event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
      throw new ValidationError('The request body is too large.', { body: `too large: at most ${MAX_BODY_BYTES / 1024} KiB` });
    }
    try {
      request.event.body = JSON.parse(text);
    } catch (error) {
      throw new ValidationError('The request body is not valid JSON.', { body: `invalid JSON: ${(error as Error).message}` });
    }
  },
});

/**
 * One place where errors become responses: named domain errors keep their message and fields;
 * anything else is ours, so it is logged with its context and the caller gets a plain 500.
 */
const errorResponses = (logger: Logger): middy.MiddlewareObj<JsonEvent, APIGatewayProxyResult> => ({
  onError: (request) => {
    const error = request.error as (Error & { fields?: Record<string, string> }) | null;
    const status = (error && STATUS_BY_ERROR[error.name]) ?? 500;
    if (status === 500) {
      logger.error('request failed', { error: error ?? undefined, path: request.event.path, method: request.event.httpMethod });
      request.response = json(500, { error: { message: 'Something went wrong on our side; the request can be retried.', fields: {} } });
      return;
    }
    request.response = json(status, { error: { message: error!.message, fields: error!.fields ?? {} } });
  },
});

/** The middy chain every API function shares. */
export function httpHandler(handle: (event: JsonEvent) => Promise<APIGatewayProxyResult>) {
  const logger = createLogger();
  return middy<JsonEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger))
    .use(errorResponses(logger))
    .use(jsonBody())
    .handler(handle);
}

/** The middy chain every workflow task shares: errors keep their name so the ASL can match them. */
export function workflowTask<Input, Output>(handle: (input: Input) => Promise<Output>) {
  const logger = createLogger();
  return middy<Input, Output>()
    .use(injectLambdaContext(logger))
    .use({
      onError: (request) => {
        logger.error('workflow step failed', { error: request.error ?? undefined, input: request.event as object });
      },
    })
    .handler(handle);
}

export function header(event: { headers: Record<string, string | undefined> | null }, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
  return entry?.[1];
}

/**
 * The signed-in caller, from the claims API Gateway's Cognito authorizer passes (the local HTTP
 * adapter passes the same after checking a development sign-in). None is a 401.
 */
export function callerOf(event: { requestContext?: { authorizer?: { claims?: Claims } | null } | null }): Caller {
  return callerFromClaims(event.requestContext?.authorizer?.claims);
}
