import type { Clock, DeliveryClaim, Ids } from '../base';
import type { DutyStore } from '../duty';
import type { IntakeDependencies } from '../incident';
import type { PlanCatalog, ScheduledReportKind } from '../plan';
import type { PhoneStore, SmsGateway } from '../sms';
import type { DayTally, OccurrenceKey, ReportEvent, ReportGrant, Wave, WaveEntry } from './model';

/** Where scheduled reports are kept; the DynamoDB adapter and an in-memory twin implement it. */
export interface ScheduledReportStore {
  /**
   * Appends unless an event with the same key exists; true when this call appended it. An
   * `opened` or `submitted` event is counted in the day's tally (DayTally) whether or not this call
   * appended it, so a retry after a crash between the two counts it, and only once.
   */
  append(occurrence: OccurrenceKey, event: ReportEvent): Promise<boolean>;
  /** The day's counts of a bureau's kind of report, per due time: one Query. */
  tally(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>): Promise<DayTally[]>;
  events(occurrence: OccurrenceKey): Promise<ReportEvent[]>;
  /** The events of the schools of a day whose plan ids sort from `fromPlanId` to `toPlanId`: a batch's, in one Query. */
  eventsOfPlans(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>, fromPlanId: string, toPlanId: string): Promise<{ planId: string; reportId: string; event: ReportEvent }[]>;
  /** Every event of every school of a bureau for one kind and local date: one Query. */
  eventsOfDay(bureau: string, kind: ScheduledReportKind, date: string): Promise<{ planId: string; reportId: string; event: ReportEvent }[]>;
  wave(waveId: string): Promise<Wave | undefined>;
  /** Stores the wave unless it exists (first writer wins). */
  saveWave(wave: Wave): Promise<void>;
  saveBatch(waveId: string, batch: number, entries: WaveEntry[]): Promise<void>;
  batch(waveId: string, batch: number): Promise<WaveEntry[]>;
  /** The stored claims of reminder and chase texts among these tokens (one batched read). */
  textClaims(tokens: readonly string[]): Promise<Map<string, DeliveryClaim>>;
  /**
   * Claims a reminder or chase before it is published, with the link it carries (the claim's token
   * is the link's): first come, or with `replacing` a takeover of exactly that expired claim.
   */
  claimText(claim: DeliveryClaim, grant: ReportGrant, replacing?: DeliveryClaim): Promise<boolean>;
  /** The provider refused it for certain: a retry may claim it again at once. */
  releaseText(claim: DeliveryClaim): Promise<void>;
  /** Puts `opened` on many schools' reports in few requests, and counts them; only events absent a moment ago, whose content is fixed by the wave. */
  openAll(opened: { occurrence: OccurrenceKey; event: Extract<ReportEvent, { type: 'opened' }> }[]): Promise<void>;
  findGrant(token: string): Promise<ReportGrant | undefined>;
}

export interface ReportLinks {
  reportLink(token: string): string;
}

export interface ScheduledReportDependencies {
  plans: PlanCatalog;
  reports: ScheduledReportStore;
  duty: DutyStore;
  sms: SmsGateway;
  clock: Clock;
  ids: Ids;
  links: ReportLinks;
  /** STOP is honoured for reminders and chases as for every other text. */
  phones: Pick<PhoneStore, 'optedOutAmong'>;
  smsSignature?: string;
  /** The wall clock claims' leases are measured on; the system's by default. */
  wallClock?: Clock;
}

/** Submitting may open an incident, so it needs intake's ports too. */
export type SubmissionDependencies = Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'duty' | 'clock' | 'ids'> & IntakeDependencies;
