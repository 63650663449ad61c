import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { answered, noResendAfterLostAnswer } from './lost-answer';
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
 * SNS's Publish takes no idempotency token (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html):
 * a Publish whose answer was lost is not sent again by the SDK but reported as this, and the text's
 * claim decides (lost-answer.ts).
 */
export class SmsOutcomeUnknownError extends Error {
  override readonly name = 'SmsOutcomeUnknownError';
}

export class SnsSmsGateway implements SmsGateway {
  constructor(
    private readonly client: SNSClient,
    private readonly senderId?: string,
    private readonly settings: SnsSmsSettings = {},
  ) {
    noResendAfterLostAnswer(client, (detail) => new SmsOutcomeUnknownError(`no answer from SNS, the text may have gone out: ${detail}`));
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
      if (error instanceof Error && answered(error)) {
        throw new SmsUnavailableError(`${error.name}: ${error.message}`);
      }
      throw error;
    }
  }
}
