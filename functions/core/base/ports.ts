import type { IncidentListing, OpenIncident } from '../incident/board';
import type { Incident, TimelineEvent } from '../incident/model';
import type { Plan } from '../plan/model';
import type { PhoneAlert } from '../sms/interpret';
import type { SentSms } from '../sms/rate-limit';

/** The ports the domain needs; adapters for AWS and for the local runtime implement them. */

export interface Clock {
  now(): Date;
}

export interface IncidentRecord {
  incident: Incident;
  timeline: TimelineEvent[];
}

export interface SentText {
  incidentId: string;
  level: number | 'report';
  personId: string;
  phone: string;
}

export interface ActionGrant {
  incidentId: string;
  personId: string;
}

export interface IncidentStore {
  /**
   * Stores the incident unless one with its id exists; true when this call stored it. The
   * listing (the plan's names the board shows) goes on the list of open incidents with it.
   */
  create(incident: Incident, listing?: IncidentListing): Promise<boolean>;
  get(incidentId: string): Promise<IncidentRecord | undefined>;
  /** Which incident, level and person a text was for, so the carrier's delivery report finds its way back. */
  rememberText(messageId: string, text: SentText): Promise<void>;
  findText(messageId: string): Promise<SentText | undefined>;
  /** The incidents of a school not yet closed, oldest first. */
  listOpen(orgId: string): Promise<IncidentRecord[]>;
  /**
   * Every open incident of the stage with its listing and a summary of its timeline, in one read
   * (the board of a bureau with thousands of schools).
   */
  listAllOpen(): Promise<OpenIncident[]>;
  /** Takes a closed incident off the open list; its timeline already says it is closed. */
  markClosed(incidentId: string): Promise<void>;
  /** Appends unless an event with the same key exists; true when this call appended it. */
  append(incidentId: string, event: TimelineEvent): Promise<boolean>;
  /**
   * Binds an idempotency key to an incident id and a fingerprint of the request, first come wins.
   * Returns what the key is bound to after the call.
   */
  claimIdempotencyKey(key: string, claim: { incidentId: string; fingerprint: string }): Promise<{ incidentId: string; fingerprint: string }>;
  /** The action-link token of a person for an incident, created with `proposed` the first time. */
  grantFor(incidentId: string, personId: string, proposed: string): Promise<string>;
  findGrant(token: string): Promise<ActionGrant | undefined>;
}

export interface PlanCatalog {
  /** The current version of every plan. */
  list(): Promise<Plan[]>;
  /** A plan at a version, or its current version when none is given. */
  get(planId: string, version?: string): Promise<Plan | undefined>;
  publish(plan: Plan): Promise<void>;
}

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

export interface EscalationInput {
  incidentId: string;
  /** When the report must have reached the bureau; the workflow waits for it. */
  reportDeadline: string;
}

export interface EscalationStarter {
  /** Idempotent per incident: starting an escalation that runs already is a no-op. */
  start(input: EscalationInput): Promise<void>;
}

export interface Ids {
  incidentId(): string;
  incidentCode(): string;
  /** At least 64 random bits, URL-safe. */
  actionToken(): string;
}

export interface Links {
  actionLink(token: string): string;
}

/** What the SMS channel keeps per phone number. */
export interface PhoneStore {
  /**
   * The reply number ("回1确认") of an incident's alerts on a phone: the same for every text about
   * that incident; for a new one, `choose` picks among the numbers the phone's open alerts leave
   * free. Undefined when `choose` finds none: the alert then goes out with its link only.
   */
  alertNumber(phone: string, alert: Omit<PhoneAlert, 'number'>, choose: (taken: number[]) => number | undefined): Promise<number | undefined>;
  /** The alerts a phone can still answer, each with its reply number. */
  openAlerts(phone: string): Promise<PhoneAlert[]>;
  /** A closed incident's alerts stop being answerable and free their numbers. */
  releaseAlerts(incidentId: string, phones: readonly string[]): Promise<void>;
  /** STOP and START, kept with when each was sent. */
  setOptedOut(phone: string, optedOut: boolean, at: string): Promise<void>;
  isOptedOut(phone: string): Promise<boolean>;
  /** The answers sent to a number, for its rate limits. */
  recordSent(sent: SentSms): Promise<void>;
  sentSince(phone: string, since: string): Promise<SentSms[]>;
  /** True the first time an inbound message id is seen: SNS delivers at least once. */
  claimInbound(messageId: string): Promise<boolean>;
}
