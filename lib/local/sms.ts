import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsEvent, Context, SNSEvent } from 'aws-lambda';
import { E164 } from '../../functions/core/incident';
import type { InboundOutcome } from '../../functions/core/inbound';
import { lambdaContext } from './http';
import type { OutboxMessage } from './outbox';

export type SmsInboundHandler = (event: SNSEvent, context: Context) => Promise<InboundOutcome[]>;

/**
 * `POST /sms/inbound {"from","body","to"?}`: the local stand-in for a carrier delivering a text to
 * our number. It wraps the text in the SNS event End User Messaging would publish and hands it to
 * the same handler the SNS subscription invokes on AWS.
 */
const TEXT_FIELDS = ['from', 'body', 'to'];

export async function receiveLocalText(handler: SmsInboundHandler, requestBody: string): Promise<{ status: number; body: unknown }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(requestBody);
  } catch {
    return problem('The request body is not valid JSON.', { body: 'expected {"from","body"}' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return problem('The text must be a JSON object.', { body: 'expected {"from","body"}' });
  const text = parsed as { from?: unknown; body?: unknown; to?: unknown };
  // Built with fromEntries: an own "__proto__" field is reported like any other unknown one.
  const fields: Record<string, string> = Object.fromEntries(
    Object.keys(text)
      .filter((name) => !TEXT_FIELDS.includes(name))
      .map((name) => [name, `unknown field; expected ${TEXT_FIELDS.join(', ')}`]),
  );
  if (typeof text.from !== 'string' || !E164.test(text.from)) fields.from = 'required: the sender in E.164 form, e.g. +8613900000001';
  if (typeof text.body !== 'string') fields.body = 'required: the text as sent';
  else if (text.body.length > 2000) fields.body = 'too long: at most 2000 characters';
  if (text.to !== undefined && (typeof text.to !== 'string' || !E164.test(text.to))) fields.to = 'expected our number in E.164 form';
  if (Object.keys(fields).length > 0) return problem('The text is not one a phone could send.', fields);

  const message = { originationNumber: text.from, destinationNumber: text.to, messageBody: text.body, inboundMessageId: `local-${randomUUID()}` };
  const event = { Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(message) } }] } as unknown as SNSEvent;
  const [outcome] = await handler(event, lambdaContext('sms-inbound'));
  return { status: 200, body: outcome };
}

function problem(message: string, fields: Record<string, string>) {
  return { status: 400, body: { error: { message, fields } } };
}

export type DeliveryStatusHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<unknown>;

/**
 * A local text's delivery report, as SNS writes it to its delivery-status log and the log group's
 * subscription hands it (gzipped) to the same handler that reads it on AWS.
 */
export async function reportLocalDelivery(handler: DeliveryStatusHandler, message: OutboxMessage, deliveredAt: string): Promise<void> {
  const line = {
    notification: { messageId: message.id, timestamp: message.at },
    delivery: { destination: message.to, providerResponse: 'Delivered to the local outbox', dwellTimeMs: Date.parse(deliveredAt) - Date.parse(message.at) },
    status: 'SUCCESS',
  };
  const batch = { messageType: 'DATA_MESSAGE', logEvents: [{ id: message.id, timestamp: Date.parse(deliveredAt), message: JSON.stringify(line) }] };
  await handler({ awslogs: { data: gzipSync(JSON.stringify(batch)).toString('base64') } }, lambdaContext('sms-delivery-status'));
}
