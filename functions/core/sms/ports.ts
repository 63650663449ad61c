import type { DeliveryClaim } from '../base';
import type { AlertNumbers, OptOutNotice, OptOutNotices } from '../incident';
import type { InboundDecision, PhoneAlert } from './interpret';
import type { SentSms, SmsPurpose } from './rate-limit';

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

/** The answer decided for an inbound text, kept until it is sent. */
export interface InboundAnswer {
  body: string;
  purpose: SmsPurpose;
  at: string;
}

/** What handling an inbound text decided, kept with its message id before the answer is sent. */
export interface InboundHandled {
  /** `recorded`: a risk, a screening or a duty-log entry kept by text (./records.ts). */
  decision: InboundDecision['action'] | 'recorded';
  incidentId?: string;
  answer?: InboundAnswer;
}

/**
 * The provider answered that it did not take the text (throttled, failing): nothing was sent and it
 * may be tried again. Any other error leaves it unknown whether the text went out.
 */
export class SmsUnavailableError extends Error {
  override name = 'SmsUnavailableError';
}

/** An open alert as a phone keeps it: its reply number and the claims of the texts that offered it, by link token. */
export interface HeldAlert extends PhoneAlert {
  claims: Record<string, DeliveryClaim>;
}

/** What texting a phone needs to know of it. */
export interface PhoneAlerts {
  optedOut: boolean;
  alerts: HeldAlert[];
}

/** What the SMS channel keeps per phone number. */
export interface PhoneStore extends AlertNumbers, OptOutNotices {
  /** STOP and the open alerts (with their texts' claims) of these phones, in one batched read for a level. */
  alertsAmong(phones: readonly string[]): Promise<Map<string, PhoneAlerts>>;
  /**
   * Claims a text that offers a reply number ("回1确认") in one write with the number: the
   * incident's number on this phone, taken now if `isNew` (while still free), and the claim first
   * come or, with `replacing`, a takeover of exactly that expired claim. False when the number went
   * to another incident or another attempt holds the claim: read the phone again.
   */
  claimAlertText(phone: string, alert: PhoneAlert, isNew: boolean, claim: DeliveryClaim, replacing?: DeliveryClaim): Promise<boolean>;
  /** The publish failed for certain: a retry may claim the text again at once. */
  releaseAlertText(phone: string, number: number, claim: DeliveryClaim): Promise<void>;
  /** The alerts a phone can still answer, each with its reply number. */
  openAlerts(phone: string): Promise<PhoneAlert[]>;
  /** STOP and START, kept with when each was sent; the latest by `at` holds, whatever order they arrive in. */
  setOptedOut(phone: string, optedOut: boolean, at: string): Promise<void>;
  isOptedOut(phone: string): Promise<boolean>;
  /** Which of these numbers have opted out: one batched read for a level or a batch of schools. */
  optedOutAmong(phones: readonly string[]): Promise<Set<string>>;
  /** The answers sent to a number, for its rate limits. */
  recordSent(sent: SentSms): Promise<void>;
  sentSince(phone: string, since: string): Promise<SentSms[]>;
  /** How far an inbound text got: handled (what was decided), then answered. SNS delivers at least once. */
  inboundProgress(messageId: string): Promise<{ handled?: InboundHandled; answered: boolean } | undefined>;
  recordInboundHandled(messageId: string, handled: InboundHandled): Promise<void>;
  /** True for the one caller that may answer the text; released again if the answer could not be sent. */
  claimInboundAnswer(messageId: string): Promise<boolean>;
  releaseInboundAnswer(messageId: string): Promise<void>;
  /** Keeps the notice of a STOP from someone on a plan's chain or roster unless one is kept already (first wins); the kept one comes back. */
  openOptOutNotice(notice: OptOutNotice): Promise<OptOutNotice>;
  /** Their START: the notice goes. */
  clearOptOutNotice(planId: string, personId: string): Promise<void>;
  /** True for the one caller that may text this notice of an inbound STOP to `to`; released if the text could not go. */
  claimNoticeText(messageId: string, to: string): Promise<boolean>;
  releaseNoticeText(messageId: string, to: string): Promise<void>;
}
