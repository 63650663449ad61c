import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { API_ROUTES, type ApiFunction } from '../catalog';
import { redact } from '../../functions/shared/redact';

/** An API function as Lambda runs it: API Gateway proxy event and context in, proxy result out. */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Routes only the local runtime serves (the SMS outbox and inbound channel stand in for SNS). The
 * body is sent as JSON, or as it is when the route names a content type (the simulator's page).
 */
export type LocalRoute = (request: { method: string; path: string; body: string }) => Promise<{ status: number; body: unknown; contentType?: string } | undefined>;

/**
 * Plays API Gateway's Cognito authorizer for the routes marked `signedIn`: the claims of the
 * `Authorization` header's token, or undefined when it is missing or not valid (a 401).
 */
export type LocalAuthorizer = (authorization: string | undefined) => Record<string, unknown> | undefined;

/** Beyond this the adapter refuses to read, as API Gateway refuses payloads over its limit. */
const MAX_REQUEST_BYTES = 1024 * 1024;

const compiled = API_ROUTES.map((route) => ({
  ...route,
  pattern: new RegExp(`^${route.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

/** Serves the API routes by building the proxy event API Gateway would send to the same handlers. */
export function createApiServer(handlers: Record<ApiFunction, ApiHandler>, localRoute: LocalRoute, authorize: LocalAuthorizer = () => undefined): Server {
  return createServer((request, response) => {
    serve(request, response, handlers, localRoute, authorize).catch((error: Error) => {
      console.error('local API adapter failed', redact(error.stack ?? String(error)));
      if (!response.headersSent) send(response, { statusCode: 500, body: JSON.stringify({ error: { message: 'internal error', fields: {} } }) });
    });
  });
}

async function serve(request: IncomingMessage, response: ServerResponse, handlers: Record<ApiFunction, ApiHandler>, localRoute: LocalRoute, authorize: LocalAuthorizer) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const body = await readBody(request);
  if (body === undefined) return send(response, problem(413, 'The request body is larger than 1 MiB.'));

  const local = await localRoute({ method, path: url.pathname, body });
  if (local) {
    const body = local.contentType ? String(local.body) : JSON.stringify(local.body);
    return send(response, { statusCode: local.status, headers: { 'Content-Type': local.contentType ?? 'application/json; charset=utf-8' }, body });
  }

  const onPath = compiled.filter((route) => route.pattern.test(url.pathname));
  const route = onPath.find((candidate) => candidate.method === method);
  if (!route) {
    return send(response, onPath.length > 0 ? problem(405, `${method} is not allowed on ${url.pathname}.`) : problem(404, `No route ${method} ${url.pathname}.`));
  }
  const pathParameters = decodedParameters(route.pattern.exec(url.pathname)!.groups ?? {});
  if (!pathParameters) return send(response, problem(400, `The path ${url.pathname} has a malformed % escape.`));
  const event = proxyEvent(request, url, method, route.path, pathParameters, body);
  if (route.signedIn) {
    // As API Gateway's Cognito authorizer: no valid token, no function call.
    const claims = authorize(event.headers.authorization);
    if (!claims) return send(response, problem(401, 'Sign in first: this needs the ID token in the Authorization header.'));
    event.requestContext.authorizer = { claims };
  }
  send(response, await handlers[route.function](event, lambdaContext(route.function)));
}

/** Path parameters as API Gateway passes them, decoded; undefined when an escape is malformed (`%E0%A4%A`). */
function decodedParameters(groups: Record<string, string>): Record<string, string> | undefined {
  try {
    return Object.fromEntries(Object.entries(groups).map(([name, value]) => [name, decodeURIComponent(value)]));
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

function proxyEvent(request: IncomingMessage, url: URL, method: string, resource: string, pathParameters: Record<string, string>, body: string): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query = Object.fromEntries(url.searchParams);
  return {
    resource,
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: Object.keys(query).length > 0 ? query : null,
    multiValueQueryStringParameters: null,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    stageVariables: null,
    body: body === '' ? null : body,
    isBase64Encoded: false,
    requestContext: {
      requestId: randomUUID(),
      httpMethod: method,
      path: url.pathname,
      resourcePath: resource,
      stage: 'local',
      identity: { sourceIp: request.socket.remoteAddress ?? '127.0.0.1' },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

/** The parts of a Lambda context the handlers and the logger read. */
export function lambdaContext(functionName: string): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function problem(statusCode: number, message: string): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ error: { message, fields: {} } }) };
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  response.writeHead(result.statusCode, result.headers as Record<string, string>);
  response.end(result.body);
}
