import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsSmsGateway } from '../../functions/adapters/sns-sms-gateway';
import { eventually, startTestRuntime } from '../support/runtime';

/**
 * The escalation on the local runtime texting through the real SNS gateway, whose SDK client is
 * mocked only to fail: throttled once for the principal, an invalid number for one deputy.
 */

const PRINCIPAL = '+8613800000101';
const INVALID_DEPUTY = '+8613800000102';
const DEPUTY = '+8613800000103';

// As the SDK raises them: SNS answered, with a status code.
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });

test('a throttled text is retried and an invalid number is recorded and passed over: nothing is lost', async () => {
  const sns = mockClient(SNSClient);
  let throttled = 0;
  sns.on(PublishCommand).callsFake((input: { PhoneNumber: string }) => {
    if (input.PhoneNumber === PRINCIPAL && throttled++ === 0) throw awsError('ThrottlingException', 'Rate exceeded');
    if (input.PhoneNumber === INVALID_DEPUTY) throw awsError('InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: invalid phone number');
    return { MessageId: `sns-${input.PhoneNumber}-${throttled}` };
  });
  const client = new SNSClient({ region: 'ap-southeast-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const runtime = await startTestRuntime({ speed: 600, smsGateway: new SnsSmsGateway(client) });
  try {
    const { body: incident } = await runtime.post('/incidents', { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟' });
    const timeline = await eventually(async () => {
      const events = (await runtime.record(incident.id))!.timeline;
      return events.some((event) => event.type === 'notified' && event.phone === DEPUTY) && events;
    }, 30_000);

    expect(throttled).toBeGreaterThanOrEqual(2);
    expect(timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'notified', level: 1, phone: PRINCIPAL, messageId: expect.stringMatching(/^sns-/) }),
        expect.objectContaining({ type: 'notify-failed', level: 2, phone: INVALID_DEPUTY, reason: expect.stringContaining('invalid phone number') }),
        expect.objectContaining({ type: 'notified', level: 2, phone: DEPUTY }),
      ]),
    );
    const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.PhoneNumber);
    expect(published.filter((phone) => phone === INVALID_DEPUTY)).toHaveLength(1);
    expect(published.filter((phone) => phone === DEPUTY)).toHaveLength(1);
  } finally {
    await runtime.close();
    sns.restore();
  }
});
