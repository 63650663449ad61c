import { SendVoiceMessageCommand, type PinpointSMSVoiceV2Client, type VoiceId } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { answered, noResendAfterLostAnswer } from './lost-answer';
import { CallRejectedError, CallUnavailableError, type CallGateway, type OutgoingCall } from '../core/voice';

/**
 * Errors that say the number itself cannot be called: a ValidationException (a number it cannot
 * parse, a destination country the account may not call) or a ConflictException (the number opted
 * out, or is not verified while the account is in the voice sandbox). Throttling, quotas and
 * internal errors may pass and are retried.
 * https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendVoiceMessage.html
 * https://docs.aws.amazon.com/botocore/latest/reference/services/pinpoint-sms-voice-v2/client/exceptions/ConflictException.html
 */
const PERMANENT = new Set(['ValidationException', 'ConflictException']);

/** Set per stage in deployments.yaml (`voice`). */
export interface VoiceSettings {
  /** The voice-capable origination number (its E.164 number, id or ARN) the calls come from. */
  originationIdentity: string;
  /** The Amazon Polly voice: ZHIYU reads Mandarin (cmn-CN). */
  voiceId: VoiceId;
}

/**
 * SendVoiceMessage takes no client token or other idempotency parameter
 * (https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendVoiceMessage.html),
 * so a call whose answer was lost is not placed again by the SDK but reported as this, and the
 * call's claim decides (lost-answer.ts).
 */
export class CallOutcomeUnknownError extends Error {
  override readonly name = 'CallOutcomeUnknownError';
}

/** Calls through End User Messaging's SendVoiceMessage: Amazon Polly reads the text. */
export class VoiceCallGateway implements CallGateway {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly settings: VoiceSettings,
  ) {
    noResendAfterLostAnswer(client, (detail) => new CallOutcomeUnknownError(`no answer from End User Messaging, the call may have been placed: ${detail}`));
  }

  async call(call: OutgoingCall): Promise<{ callId: string }> {
    try {
      const { MessageId } = await this.client.send(
        new SendVoiceMessageCommand({
          DestinationPhoneNumber: call.to,
          OriginationIdentity: this.settings.originationIdentity,
          MessageBody: call.text,
          MessageBodyTextType: 'TEXT',
          VoiceId: this.settings.voiceId,
          ...(call.incidentId && { Context: { incidentId: call.incidentId } }),
        }),
      );
      return { callId: MessageId ?? '' };
    } catch (error) {
      if (error instanceof Error && PERMANENT.has(error.name)) throw new CallRejectedError(`${error.name}: ${error.message}`);
      // It answered (throttled, failing): it did not place the call. No answer leaves it unknown.
      if (error instanceof Error && answered(error)) throw new CallUnavailableError(`${error.name}: ${error.message}`);
      throw error;
    }
  }
}
