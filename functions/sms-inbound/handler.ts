import type { SNSEvent } from 'aws-lambda';
import { receiveSms, type InboundDependencies, type InboundOutcome } from '../core/inbound';
import { awsAdapters } from '../adapters/aws';
import { FUNCTION_ADAPTERS } from '../adapters/function-adapters';
import { workflowTask } from '../shared/http';

/** A two-way SMS as End User Messaging publishes it to the SNS topic (one per record). */
interface TwoWaySms {
  originationNumber: string;
  destinationNumber?: string;
  messageBody: string;
  inboundMessageId: string;
}

/** Texts that reach our number: replies, STOP/START, reports (functions/core/inbound/inbound.ts). */
export const createHandler = (deps: InboundDependencies) =>
  workflowTask(async (event: SNSEvent): Promise<InboundOutcome[]> => {
    const outcomes: InboundOutcome[] = [];
    for (const record of event.Records) {
      const sms = JSON.parse(record.Sns.Message) as TwoWaySms;
      outcomes.push(
        await receiveSms(deps, {
          messageId: sms.inboundMessageId,
          from: sms.originationNumber,
          to: sms.destinationNumber,
          body: sms.messageBody ?? '',
          ...(record.Sns.Timestamp && { receivedAt: record.Sns.Timestamp }),
        }),
      );
    }
    return outcomes;
  });

export const handler = createHandler(awsAdapters(FUNCTION_ADAPTERS['sms-inbound']));
