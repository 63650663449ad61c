import type { IncidentListing, OpenIncident } from './board';
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
  /** What an idempotency key is bound to, if anything yet. */
  findIdempotencyKey(key: string): Promise<{ incidentId: string; fingerprint: string } | undefined>;
  /** The action-link token of a person for an incident, created with `proposed` the first time. */
  grantFor(incidentId: string, personId: string, proposed: string): Promise<string>;
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

/** A closed incident's alerts stop being answerable and free their reply numbers (the SMS channel's PhoneStore). */
export interface AlertNumbers {
  releaseAlerts(incidentId: string, phones: readonly string[]): Promise<void>;
}
