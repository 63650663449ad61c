import type { AlertNumbers } from '../incident';
import type { PhoneAlert } from './interpret';
import type { SentSms } from './rate-limit';

/** The SMS channel's ports: the gateway that sends, and what it keeps per phone number. */

export interface OutgoingSms {
  to: string;
  body: string;
  /** For the audit trail and the local outbox; not part of what the phone receives. */
  incidentId?: string;
}

export interface SmsGateway {
  /** Returns the provider's message id. Throws SmsRejectedError when the number cannot be texted. */
  send(message: OutgoingSms): Promise<{ messageId: string }>;
}

/** The number cannot be texted (invalid, opted out): retrying will not help. */
export class SmsRejectedError extends Error {
  override name = 'SmsRejectedError';
}

/** What the SMS channel keeps per phone number. */
export interface PhoneStore extends AlertNumbers {
  /**
   * The reply number ("回1确认") of an incident's alerts on a phone: the same for every text about
   * that incident; for a new one, `choose` picks among the numbers the phone's open alerts leave
   * free. Undefined when `choose` finds none: the alert then goes out with its link only.
   */
  alertNumber(phone: string, alert: Omit<PhoneAlert, 'number'>, choose: (taken: number[]) => number | undefined): Promise<number | undefined>;
  /** The alerts a phone can still answer, each with its reply number. */
  openAlerts(phone: string): Promise<PhoneAlert[]>;
  /** STOP and START, kept with when each was sent. */
  setOptedOut(phone: string, optedOut: boolean, at: string): Promise<void>;
  isOptedOut(phone: string): Promise<boolean>;
  /** The answers sent to a number, for its rate limits. */
  recordSent(sent: SentSms): Promise<void>;
  sentSince(phone: string, since: string): Promise<SentSms[]>;
  /** True the first time an inbound message id is seen: SNS delivers at least once. */
  claimInbound(messageId: string): Promise<boolean>;
}
