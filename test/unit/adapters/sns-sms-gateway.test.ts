import { SNSClient } from '@aws-sdk/client-sns';
import { SmsOutcomeUnknownError, SnsSmsGateway } from '../../../functions/adapters/sns-sms-gateway';
import { SmsUnavailableError } from '../../../functions/core/sms';
import { fakeService } from '../../support/fake-service';

/**
 * What the gateway asks SNS for, read off the wire: a real SNS client pointed at a local endpoint
 * that records each Publish and answers as SNS does.
 */
const service = fakeService({
  contentType: 'text/xml',
  read: (body) => new URLSearchParams(body),
  ok: (taken) =>
    `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-${taken}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
  throttled: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>',
});
const published = service.taken;

/** The message attributes of one Publish, by name. */
function attributes(request: URLSearchParams): Record<string, string> {
  const named: Record<string, string> = {};
  for (let n = 1; request.has(`MessageAttributes.entry.${n}.Name`); n++) {
    named[request.get(`MessageAttributes.entry.${n}.Name`)!] = request.get(`MessageAttributes.entry.${n}.Value.StringValue`)!;
  }
  return named;
}

test('texts a +86 number with the sender ID registered for China, any other number with the stage’s own', async () => {
  const client = new SNSClient({ endpoint: service.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
  const gateway = new SnsSmsGateway(client, 'YINGJI', { chinaSenderId: 'YJCN' });
  expect(await gateway.send({ to: '+8613800000101', body: '【银海区教育局】测试' })).toEqual({ messageId: 'm-1' });
  await gateway.send({ to: '+6591234567', body: 'test' });
  expect(published.map((request) => [request.get('PhoneNumber'), attributes(request)['AWS.SNS.SMS.SenderID']])).toEqual([
    ['+8613800000101', 'YJCN'],
    ['+6591234567', 'YINGJI'],
  ]);
  expect(attributes(published[0]!)['AWS.SNS.SMS.SMSType']).toBe('Transactional');
});

const client = () => new SNSClient({ endpoint: service.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });

test('a Publish whose answer is lost is not sent again by the SDK (SNS took it; a second would text the person twice): the outcome is unknown', async () => {
  const gateway = new SnsSmsGateway(client(), 'YINGJI');
  service.answer = 'lost';
  await expect(gateway.send({ to: '+8613800000101', body: '测试' })).rejects.toBeInstanceOf(SmsOutcomeUnknownError);
  expect(published).toHaveLength(1);
});

test('a throttled Publish, which SNS did not take, is still retried by the SDK and then reported as unavailable', async () => {
  let attempts = 0;
  const sns = client();
  sns.middlewareStack.add((next) => (args) => ((attempts += 1), next(args)), { step: 'finalizeRequest', priority: 'low', name: 'countAttempts' });
  const gateway = new SnsSmsGateway(sns, 'YINGJI');
  service.answer = 'throttled';
  await expect(gateway.send({ to: '+8613800000101', body: '测试' })).rejects.toBeInstanceOf(SmsUnavailableError);
  expect(attempts).toBeGreaterThan(1);
});
