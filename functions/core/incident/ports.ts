import type { IncidentListing, OpenIncident } from './board';
import type { DeliveryClaim } from '../base';
import type { Person, Plan } from '../plan';
import type { Incident, TimelineEvent } from './model';

/** What incidents need from outside: their store, and a way to start the escalation workflow. */

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

/** What a text's link opens: the incident as that person, from the text of that level (a call's claim carries one too, never sent). */
export interface TextGrant extends ActionGrant {
  level: number | 'report';
}

export interface IncidentStore {
  /**
   * Stores the incident unless one with its id exists; true when this call stored it. The
   * listing (the plan's names the board shows) goes on the list of open incidents with it.
   */
  create(incident: Incident, listing?: IncidentListing): Promise<boolean>;
  /**
   * A new incident whose id was drawn for this report, so nothing is stored under it: the incident,
   * its place on the open list and its `reported` event, in one request, without conditions.
   */
  storeNew(incident: Incident, listing: IncidentListing, reported: Extract<TimelineEvent, { type: 'reported' }>): Promise<void>;
  get(incidentId: string): Promise<IncidentRecord | undefined>;
  /**
   * Records a published text in one request: its `notified` event on the timeline and which
   * incident, level and person its message id was for, so the carrier's delivery report finds its
   * way back. Only the holder of the text's claim calls this, once per claim. `link`: the text's
   * link, when its claim was kept with its reply number on the phone rather than with the link.
   */
  recordText(incidentId: string, event: Extract<TimelineEvent, { type: 'notified' }>, text: SentText, link?: { token: string; grant: TextGrant }): Promise<void>;
  findText(messageId: string): Promise<SentText | undefined>;
  /** The incidents of a school not yet closed, oldest first. */
  listOpen(orgId: string): Promise<IncidentRecord[]>;
  /**
   * Every open incident of the stage with its listing and a summary of its timeline, in one read
   * (the board of a bureau with thousands of schools).
   */
  listAllOpen(): Promise<OpenIncident[]>;
  /** The incidents of a school reported from `from` (inclusive) to `to` (exclusive), open or closed, oldest first: the accountability ledger. */
  listReported(orgId: string, from: string, to: string): Promise<IncidentRecord[]>;
  /** Takes a closed incident off the open list; its timeline already says it is closed. */
  markClosed(incidentId: string): Promise<void>;
  /** Appends unless an event with the same key exists; true when this call appended it. */
  append(incidentId: string, event: TimelineEvent): Promise<boolean>;
  /**
   * Binds an idempotency key to an incident id and a fingerprint of the request, first come wins.
   * Returns what the key is bound to after the call.
   */
  claimIdempotencyKey(key: string, claim: { incidentId: string; fingerprint: string }): Promise<{ incidentId: string; fingerprint: string }>;
  /** What an idempotency key is bound to, if anything yet. */
  findIdempotencyKey(key: string): Promise<{ incidentId: string; fingerprint: string } | undefined>;
  /** The stored claims among these tokens (one batched read for a level). */
  textClaims(tokens: readonly string[]): Promise<Map<string, DeliveryClaim>>;
  /**
   * Claims a text before it is published, with the link it carries: first come, or, with
   * `replacing`, a takeover of exactly that expired claim. True when this call holds the claim.
   */
  claimText(claim: DeliveryClaim, grant: TextGrant, replacing?: DeliveryClaim): Promise<boolean>;
  /** The publish failed for certain (the provider refused it): a retry may claim it again at once. */
  releaseText(claim: DeliveryClaim): Promise<void>;
  findGrant(token: string): Promise<ActionGrant | undefined>;
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

/** Which escalations were ever started (running or finished): what the sweep for stranded incidents asks. */
export interface EscalationLookup {
  started(incidentId: string): Promise<boolean>;
}

/** A closed incident's alerts stop being answerable and free their reply numbers (the SMS channel's PhoneStore). */
export interface AlertNumbers {
  releaseAlerts(incidentId: string, phones: readonly string[]): Promise<void>;
}

/** Starts the wait for a written report's deadline (a Step Functions execution named after the incident). */
export interface WrittenReportWatch {
  start(input: WrittenReportWatchInput): Promise<void>;
}

export interface WrittenReportWatchInput {
  incidentId: string;
  /** When the written report must be in; the workflow waits for it with TimestampPath. */
  dueAt: string;
}

/**
 * Who holds any of a plan's roles at an instant. The duty roster decides for its role (functions/core/duty
 * implements this); the plan's people as written decide for the rest.
 */
export type RoleHolders = (plan: Plan, roles: readonly string[], instant: Date) => Promise<Person[]>;

/**
 * Someone on a chain or a duty roster who texted STOP: shown on the board of their school (and its
 * bureau) until they text START, since no alert reaches them meanwhile.
 */
export interface OptOutNotice {
  planId: string;
  orgId: string;
  orgName: string;
  personId: string;
  name: string;
  /** Their roles on the plan, named in its language. */
  roles: string;
  /** When they sent the STOP. */
  at: string;
  /** The STOP's message id: its handling, and only its, tells the duty lead and the principal. */
  messageId: string;
  /** The names of those told by text. */
  told: string[];
}

/** The STOP notices the board shows (the SMS channel's PhoneStore keeps them). */
export interface OptOutNotices {
  optOutNotices(): Promise<OptOutNotice[]>;
}
