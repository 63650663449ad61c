import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { callerFromClaims, type Caller, type Claims } from '../core/plan';
import { fitsKey, MAX_KEY_BYTES, NotFoundError, type StepBudget, ValidationError } from '../core/base';
import { createLogger } from './logger';
import { MIDDY_TIMEOUT_EARLY_MS, stepBudget } from './step-budget';

export const MAX_BODY_BYTES = 64 * 1024;
/** Logged by a workflow step whose result names texts the provider would not take (`textsFailed`). */
export const TEXTS_NOT_SENT_LOG = 'texts could not go out';

const STATUS_BY_ERROR: Record<string, number> = {
  ValidationError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  TooManyRequestsError: 429,
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

/**
 * Names that would reach an object's prototype rather than a field of its own: refused anywhere
 * in a body, as any unknown field is (`fields["__proto__"] = …` would not even record the problem).
 */
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses a JSON body of at most 64 KiB; anything else is a 400 that says what is wrong. A POST's
 * body is a JSON object: every route takes named fields.
 */
const jsonBody = (): middy.MiddlewareObj<JsonEvent, APIGatewayProxyResult> => ({
  before: (request) => {
    const raw = request.event.body as string | null;
    request.event.rawBody = raw;
    const needsBody = ['POST', 'PUT', 'PATCH'].includes(request.event.httpMethod);
    if (raw === null || raw === undefined || raw === '') {
      if (needsBody) throw new ValidationError('The request needs a JSON body.', { body: 'required: a JSON object' });
      request.event.body = undefined;
      return;
    }
    const text = request.event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
      throw new ValidationError('The request body is too large.', { body: `too large: at most ${MAX_BODY_BYTES / 1024} KiB` });
    }
    const refused: string[] = [];
    try {
      request.event.body = JSON.parse(text, function (this: unknown, name: string, value: unknown) {
        if (PROTOTYPE_NAMES.has(name)) refused.push(name);
        return value;
      });
    } catch (error) {
      throw new ValidationError('The request body is not valid JSON.', { body: `invalid JSON: ${(error as Error).message}` });
    }
    if (refused.length > 0) {
      throw new ValidationError('The request body has fields this API does not take.', Object.fromEntries(refused.map((name) => [name, 'unknown field'])));
    }
    const body = request.event.body;
    if (needsBody && (typeof body !== 'object' || body === null || Array.isArray(body))) {
      throw new ValidationError('The request body must be a JSON object.', { body: 'expected a JSON object with named fields' });
    }
  },
});

/**
 * Path parameters name stored things (an incident, a link's token, a plan) and end up in DynamoDB
 * keys; one longer than any key we issue names nothing (404). A longer query value or
 * Idempotency-Key is a mistake of the caller's (400). Either way DynamoDB never sees it.
 */
const keyLengths = (): middy.MiddlewareObj<JsonEvent, APIGatewayProxyResult> => ({
  before: (request) => {
    const { pathParameters, queryStringParameters } = request.event;
    for (const [name, value] of Object.entries(pathParameters ?? {})) {
      if (value !== undefined && !fitsKey(value)) throw new NotFoundError(`There is no such ${name}: it is longer than any this system issues.`);
    }
    const tooLong: Record<string, string> = {};
    for (const [name, value] of Object.entries(queryStringParameters ?? {})) {
      if (value !== undefined && !fitsKey(value)) tooLong[name] = `too long: at most ${MAX_KEY_BYTES} bytes`;
    }
    const idempotencyKey = header(request.event, 'Idempotency-Key');
    if (idempotencyKey !== undefined && !fitsKey(idempotencyKey)) tooLong['Idempotency-Key'] = `too long: at most ${MAX_KEY_BYTES} bytes`;
    if (Object.keys(tooLong).length > 0) throw new ValidationError(`Too long: ${Object.keys(tooLong).join(', ')}.`, tooLong);
  },
});

/**
 * One place where errors become responses: named domain errors keep their message and fields;
 * anything else is ours, so it is logged with its context and the caller gets a plain 500.
 */
const errorResponses = (logger: Logger): middy.MiddlewareObj<JsonEvent, APIGatewayProxyResult> => ({
  onError: (request) => {
    const error = request.error as (Error & { fields?: Record<string, string>; retryAfterSeconds?: number; retryAt?: string }) | null;
    const status = (error && STATUS_BY_ERROR[error.name]) ?? 500;
    if (status === 500) {
      logger.error('request failed', { error: error ?? undefined, path: request.event.path, method: request.event.httpMethod });
      request.response = json(500, { error: { message: 'Something went wrong on our side; the request can be retried.', fields: {} } });
      return;
    }
    // A limit says when to come back (RFC 9110 §10.2.3: Retry-After in seconds), and the instant where there is one.
    const retryAfter: Record<string, string> = error!.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error!.retryAfterSeconds) };
    request.response = json(status, { error: { message: error!.message, fields: error!.fields ?? {}, ...(error!.retryAt && { retryAt: error!.retryAt }) } }, retryAfter);
  },
});

/** The middy chain every API function shares. */
export function httpHandler(handle: (event: JsonEvent) => Promise<APIGatewayProxyResult>) {
  const logger = createLogger();
  return middy<JsonEvent, APIGatewayProxyResult>().use(injectLambdaContext(logger)).use(errorResponses(logger)).use(keyLengths()).use(jsonBody()).handler(handle);
}

/**
 * The middy chain every workflow task shares: errors keep their name so the ASL can match them, and
 * the step gets its time budget, which ends before middy's early timeout (functions/shared/step-budget.ts).
 */
export function workflowTask<Input, Output>(handle: (input: Input, budget: StepBudget) => Promise<Output>) {
  const logger = createLogger();
  return middy<Input, Output>({ timeoutEarlyInMillis: MIDDY_TIMEOUT_EARLY_MS })
    .use(injectLambdaContext(logger))
    .use({
      after: (request) => {
        // The operator alarm on texts that could not go out (lib/aws/monitoring.ts) counts this line.
        const textsFailed = (request.response as { textsFailed?: number } | undefined)?.textsFailed;
        if (textsFailed) logger.warn(TEXTS_NOT_SENT_LOG, { textsFailed, input: request.event as object });
      },
      onError: (request) => {
        logger.error('workflow step failed', { error: request.error ?? undefined, input: request.event as object });
      },
    })
    .handler((input, context) => handle(input, stepBudget(context)));
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
