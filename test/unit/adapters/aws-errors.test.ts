import { SFNClient, StartExecutionCommand, ExecutionAlreadyExists } from '@aws-sdk/client-sfn';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SfnEscalationStarter } from '../../../functions/adapters/sfn-escalation-starter';
import { SnsSmsGateway } from '../../../functions/adapters/sns-sms-gateway';
import { SmsRejectedError } from '../../../functions/core/sms/ports';

/** How we react to AWS's answers; the SDK is mocked only to make it give them. */

const sns = mockClient(SNSClient);
const sfn = mockClient(SFNClient);
afterEach(() => {
  sns.reset();
  sfn.reset();
});

const awsError = (name: string, message = name) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
const text = { to: '+8613800000101', body: '火灾:3号楼', incidentId: 'i-1' };

test('a text goes out as a transactional SMS and its message id is kept', async () => {
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  expect(await new SnsSmsGateway(new SNSClient({ region: 'ap-southeast-1' })).send(text)).toEqual({ messageId: 'sns-1' });
  expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toMatchObject({
    PhoneNumber: '+8613800000101',
    MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
  });
});

test.each(['InvalidParameterException', 'InvalidParameterValueException'])('%s means the number cannot be texted: not retried', async (name) => {
  sns.on(PublishCommand).rejects(awsError(name, 'Invalid parameter: PhoneNumber'));
  await expect(new SnsSmsGateway(new SNSClient({ region: 'ap-southeast-1' })).send(text)).rejects.toBeInstanceOf(SmsRejectedError);
});

test('throttling is passed up so the workflow step is retried', async () => {
  sns.on(PublishCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
  const sent = new SnsSmsGateway(new SNSClient({ region: 'ap-southeast-1', maxAttempts: 1 })).send(text);
  await expect(sent).rejects.toThrow('Rate exceeded');
  await expect(sent).rejects.not.toBeInstanceOf(SmsRejectedError);
});

test('starting an escalation that already exists is not an error: one execution per incident', async () => {
  sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
  const starter = new SfnEscalationStarter(new SFNClient({ region: 'ap-southeast-1' }), 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:escalation');
  await expect(starter.start({ incidentId: 'i-1', reportDeadline: '2026-03-05T10:00:00.000Z' })).resolves.toBeUndefined();
  expect(sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input).toMatchObject({ name: 'i-1' });
});

test('any other failure to start is passed up, so the report can be retried', async () => {
  sfn.on(StartExecutionCommand).rejects(awsError('ServiceUnavailable'));
  const starter = new SfnEscalationStarter(new SFNClient({ region: 'ap-southeast-1', maxAttempts: 1 }), 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:escalation');
  await expect(starter.start({ incidentId: 'i-1', reportDeadline: '2026-03-05T10:00:00.000Z' })).rejects.toThrow('ServiceUnavailable');
});
