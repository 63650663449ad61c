import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { API_ROUTES } from '../../lib/catalog';
import { tapStore } from './faults';

/**
 * Generated requests for every entry of the API (each catalog route, and the local SMS and
 * sign-in routes): hostile path parameters, query values, bodies and Idempotency-Keys. What must
 * hold for each: no 5xx, and a refusal (4xx) writes nothing. A seeded sample runs in `npm test`
 * (test/e2e/generated-input.test.ts); `npm run chaos` runs 10,000 per entry and reports figures.
 */

export interface Entry {
  method: string;
  /** The route's path, `{name}` for a parameter. */
  path: string;
  signedIn: boolean;
}

export interface GeneratedRequest {
  path: string;
  body?: string;
  idempotencyKey?: string;
  signedIn: boolean;
}

export const ENTRIES: Entry[] = [
  ...API_ROUTES.map((route) => ({ method: route.method, path: route.path, signedIn: route.signedIn === true })),
  { method: 'POST', path: '/sms/inbound', signedIn: false },
  { method: 'POST', path: '/auth/dev-login', signedIn: false },
];

export const entryName = (entry: Entry) => `${entry.method} ${entry.path}`;

const FIELDS = [
  'planId',
  'category',
  'place',
  'description',
  'reporter',
  'severity',
  'name',
  'phone',
  'action',
  'resolution',
  'text',
  'kind',
  'shift',
  'date',
  'personId',
  'reason',
  'withShift',
  'withDate',
  'type',
  'situation',
  'from',
  'body',
  'to',
  'at',
  'summary',
  'owner',
  'content',
  '__proto__',
  'constructor',
  'prototype',
];
const QUERY = ['at', 'date', 'type', 'bureau', 'open', 'limit', 'cursor', 'school', 'category', 'status', 'overdue', 'q', 'from', 'to', 'planId'];

const extremeInstant = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('9999-12-31T23:00:00Z', '+010000-01-01T00:00:00Z', '-271821-04-20T00:00:00Z', '2014-03-05T22:00:00+08:00', '2014-02-30', '0000-00-00', 'now'),
  fc.integer({ min: 0, max: 9999 }).map((year) => `${String(year).padStart(4, '0')}-12-31`),
);

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('huapu-primary', 'zero-report', 'fire', '1', '-1', '1e309', 'true', 'null', '', ' ', '%', '../..', 'a'.repeat(300)),
  fc.integer({ min: 150, max: 3_000 }).map((length) => 'x'.repeat(length)),
);

/** A path parameter: anything encoded, or a raw malformed escape, or far too long. */
const pathValue = fc.oneof(
  text.filter((value) => value !== '').map((value) => encodeURIComponent(value)),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%00', '%2F', '..'),
  fc.integer({ min: 150, max: 3_000 }).map((length) => 'k'.repeat(length)),
);

const jsonBody = fc.oneof(
  fc
    .dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })), fc.oneof(fc.jsonValue({ maxDepth: 2 }), text, extremeInstant), { maxKeys: 8 })
    .map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.constantFrom('', 'null', '[]', '"x"', '0', '{', '{"a":', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

export function requestFor(entry: Entry): fc.Arbitrary<GeneratedRequest> {
  const names = [...entry.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return fc
    .record({
      params: fc.tuple(...names.map(() => pathValue)),
      query: fc.dictionary(fc.oneof(fc.constantFrom(...QUERY), fc.string({ maxLength: 8 })), fc.oneof(extremeInstant, text), { maxKeys: 4 }),
      body: entry.method === 'GET' ? fc.constant(undefined) : jsonBody,
      idempotencyKey: fc.option(
        fc.oneof(
          fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 60 }),
          fc.integer({ min: 150, max: 3_000 }).map((length) => 'i'.repeat(length)),
        ),
        { nil: undefined },
      ),
      anonymous: fc.boolean(),
    })
    .map(({ params, query, body, idempotencyKey, anonymous }) => {
      let index = 0;
      const path = entry.path.replace(/\{\w+\}/g, () => params[index++]!);
      const search = new URLSearchParams(Object.entries(query)).toString();
      return { path: search ? `${path}?${search}` : path, body, idempotencyKey, signedIn: entry.signedIn && !anonymous };
    });
}

export interface RequestOutcome {
  status: number;
  writes: number;
  /** DynamoDB requests of any kind the request caused (a read before a refusal shows here). */
  storeCalls: number;
  ms: number;
  /**
   * CPU time this process spent while the request was under way (server and client share it): a
   * slow answer with little CPU waited for a core, it did not compute.
   */
  cpuMs: number;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/**
 * Sends generated requests one at a time and counts the DynamoDB writes each caused. Background
 * work (delivery reports of a text an accepted request sent) is let settle before the next one.
 *
 * Each request opens its own connection. The server and this runner share one process: a kept-alive
 * connection reused after the process was busy for longer than the server's keep-alive (5 s) is one
 * the server has just closed, and the request dies with ECONNRESET before any handler sees it. That
 * stopped the first 10,000-input chaos run at its 18th entry (test/e2e/generated-input.test.ts).
 */
export function requestRunner(baseUrl: string, client: DynamoDBClient, authorization: string, settle: () => Promise<void>) {
  const tap = tapStore(client);
  return async (entry: Entry, request: GeneratedRequest): Promise<RequestOutcome> => {
    await settle();
    tap.reset();
    const headers: Record<string, string> = {};
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers['Idempotency-Key'] = request.idempotencyKey;
    if (request.signedIn) headers.Authorization = authorization;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const status = await send(new URL(request.path, baseUrl), entry.method, headers, request.body);
    const ms = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    return { status, writes: tap.calls.filter((call) => WRITES.test(call)).length, storeCalls: tap.calls.length, ms, cpuMs: (user + system) / 1000 };
  };
}

/** One request on a connection of its own (`agent: false`); the status once the whole answer is read. */
function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers, agent: false }, (response) => {
      response.on('error', reject);
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.resume();
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
