import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SmsRejectedError, SmsUnavailableError, type OutgoingSms, type SmsGateway } from '../core/sms';

/** SNS errors that say the number itself cannot be texted; anything else may pass and is retried. */
const PERMANENT = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'OptedOutException']);

/** Set per stage in deployments.yaml; Transactional unless a stage says otherwise. */
export interface SnsSmsSettings {
  smsType?: 'Transactional' | 'Promotional';
  /** A number registered in End User Messaging SMS to send from, where the destination needs one. */
  originationNumber?: string;
  /** The sender ID registered for China: every text to a +86 number goes out with it (docs/operations.md, +86). */
  chinaSenderId?: string;
}

/**
 * SNS's Publish takes no idempotency token, so a Publish sent again after its answer was lost (a
 * timeout, a reset connection) may text the person twice, unseen by the text's claim. The SDK
 * retries such network errors by itself; beneath its retry they become an error it does not retry
 * (no `cause`: the SDK looks through it), and the claim's lease decides instead (docs/delivery.md).
 * Answers from SNS (throttled, failing) are still retried by the SDK: SNS did not take those texts.
 */
export class SmsOutcomeUnknownError extends Error {
  override readonly name = 'SmsOutcomeUnknownError';
}

function noResendAfterLostAnswer(client: SNSClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode) throw error;
        const { name, message } = error as Error;
        throw new SmsOutcomeUnknownError(`no answer from SNS, the text may have gone out: ${name}: ${message}`);
      }
    },
    { step: 'deserialize', name: 'yingjiNoResendAfterLostAnswer' },
  );
}

export class SnsSmsGateway implements SmsGateway {
  constructor(
    private readonly client: SNSClient,
    private readonly senderId?: string,
    private readonly settings: SnsSmsSettings = {},
  ) {
    noResendAfterLostAnswer(client);
  }

  async send(message: OutgoingSms): Promise<{ messageId: string }> {
    const senderId = (message.to.startsWith('+86') && this.settings.chinaSenderId) || this.senderId;
    try {
      const { MessageId } = await this.client.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: this.settings.smsType ?? 'Transactional' },
            ...(senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: senderId } } : {}),
            ...(this.settings.originationNumber ? { 'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: this.settings.originationNumber } } : {}),
          },
        }),
      );
      return { messageId: MessageId ?? '' };
    } catch (error) {
      if (error instanceof Error && PERMANENT.has(error.name)) throw new SmsRejectedError(`${error.name}: ${error.message}`);
      // SNS answered (throttled, failing): it did not take the text. No answer (a timeout) leaves it unknown.
      if (error instanceof Error && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode) {
        throw new SmsUnavailableError(`${error.name}: ${error.message}`);
      }
      throw error;
    }
  }
}
