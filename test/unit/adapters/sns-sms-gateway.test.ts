import { SNSClient } from '@aws-sdk/client-sns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SmsOutcomeUnknownError, SnsSmsGateway } from '../../../functions/adapters/sns-sms-gateway';
import { SmsUnavailableError } from '../../../functions/core/sms';

/**
 * What the gateway asks SNS for, read off the wire: a real SNS client pointed at a local endpoint
 * that records each Publish and answers as SNS does.
 */
let server: Server;
let endpoint: string;
const published: URLSearchParams[] = [];
/** How SNS answers the next Publish it takes: as usual, throttled, or not at all (the connection drops). */
let answer: 'ok' | 'throttled' | 'lost' = 'ok';
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (answer === 'throttled') {
        response.writeHead(400, { 'Content-Type': 'text/xml' });
        response.end('<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>');
        return;
      }
      published.push(new URLSearchParams(body));
      if (answer === 'lost') {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      response.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The message attributes of one Publish, by name. */
function attributes(request: URLSearchParams): Record<string, string> {
  const named: Record<string, string> = {};
  for (let n = 1; request.has(`MessageAttributes.entry.${n}.Name`); n++) {
    named[request.get(`MessageAttributes.entry.${n}.Name`)!] = request.get(`MessageAttributes.entry.${n}.Value.StringValue`)!;
  }
  return named;
}

test('texts a +86 number with the sender ID registered for China, any other number with the stage’s own', async () => {
  const client = new SNSClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
  const gateway = new SnsSmsGateway(client, 'YINGJI', { chinaSenderId: 'YJCN' });
  published.length = 0;
  expect(await gateway.send({ to: '+8613800000101', body: '【银海区教育局】测试' })).toEqual({ messageId: 'm-1' });
  await gateway.send({ to: '+6591234567', body: 'test' });
  expect(published.map((request) => [request.get('PhoneNumber'), attributes(request)['AWS.SNS.SMS.SenderID']])).toEqual([
    ['+8613800000101', 'YJCN'],
    ['+6591234567', 'YINGJI'],
  ]);
  expect(attributes(published[0]!)['AWS.SNS.SMS.SMSType']).toBe('Transactional');
});

const client = () => new SNSClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });

test('a Publish whose answer is lost is not sent again by the SDK (SNS took it; a second would text the person twice): the outcome is unknown', async () => {
  const gateway = new SnsSmsGateway(client(), 'YINGJI');
  published.length = 0;
  answer = 'lost';
  try {
    await expect(gateway.send({ to: '+8613800000101', body: '测试' })).rejects.toBeInstanceOf(SmsOutcomeUnknownError);
  } finally {
    answer = 'ok';
  }
  expect(published).toHaveLength(1);
});

test('a throttled Publish, which SNS did not take, is still retried by the SDK and then reported as unavailable', async () => {
  let attempts = 0;
  const sns = client();
  sns.middlewareStack.add((next) => (args) => ((attempts += 1), next(args)), { step: 'finalizeRequest', priority: 'low', name: 'countAttempts' });
  const gateway = new SnsSmsGateway(sns, 'YINGJI');
  answer = 'throttled';
  try {
    await expect(gateway.send({ to: '+8613800000101', body: '测试' })).rejects.toBeInstanceOf(SmsUnavailableError);
  } finally {
    answer = 'ok';
  }
  expect(attempts).toBeGreaterThan(1);
});
