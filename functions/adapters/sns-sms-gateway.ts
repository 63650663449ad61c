import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SmsRejectedError, type OutgoingSms, type SmsGateway } from '../core/ports';

/** SNS errors that say the number itself cannot be texted; anything else may pass and is retried. */
const PERMANENT = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'OptedOutException']);

export class SnsSmsGateway implements SmsGateway {
  constructor(
    private readonly client: SNSClient,
    private readonly senderId?: string,
  ) {}

  async send(message: OutgoingSms): Promise<{ messageId: string }> {
    try {
      const { MessageId } = await this.client.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } } : {}),
          },
        }),
      );
      return { messageId: MessageId ?? '' };
    } catch (error) {
      if (error instanceof Error && PERMANENT.has(error.name)) throw new SmsRejectedError(`${error.name}: ${error.message}`);
      throw error;
    }
  }
}
