import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServiceReplies<T> {
  /** The content type of the service's protocol (XML for SNS, JSON for End User Messaging). */
  contentType: string;
  /** A request's body as the test reads it. */
  read(body: string): T;
  /** The answer to the n-th request taken (from 1). */
  ok(taken: number): string;
  /** The service's throttling error, which it gives without taking the request. */
  throttled: string;
}

/**
 * A local endpoint standing in for an AWS service, for a real SDK client pointed at `endpoint`,
 * with jest's hooks: it listens before the tests and closes after them, and before each test it
 * forgets what it took and answers as usual again. It keeps each request it takes (`taken`) and
 * answers the next one as `answer` says: as usual, throttled, or not at all (it takes the request,
 * then the connection drops).
 */
export function fakeService<T>(replies: ServiceReplies<T>) {
  let server: Server;
  const service = { endpoint: '', taken: [] as T[], answer: 'ok' as 'ok' | 'throttled' | 'lost' };
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (service.answer === 'throttled') {
          response.writeHead(400, { 'Content-Type': replies.contentType });
          response.end(replies.throttled);
          return;
        }
        service.taken.push(replies.read(body));
        if (service.answer === 'lost') {
          request.socket.destroy();
          return;
        }
        response.writeHead(200, { 'Content-Type': replies.contentType });
        response.end(replies.ok(service.taken.length));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    service.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    service.taken.length = 0;
    service.answer = 'ok';
  });
  return service;
}
