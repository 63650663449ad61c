import type { Clock, Ids } from '../base';
import type { DutyStore } from '../duty';
import type { IntakeDependencies } from '../incident';
import type { PlanCatalog, ScheduledReportKind } from '../plan';
import type { PhoneStore, SmsGateway } from '../sms';
import type { OccurrenceKey, ReportEvent, ReportGrant, Wave, WaveEntry } from './model';

/** Where scheduled reports are kept; the DynamoDB adapter and an in-memory twin implement it. */
export interface ScheduledReportStore {
  /** Appends unless an event with the same key exists; true when this call appended it. */
  append(occurrence: OccurrenceKey, event: ReportEvent): Promise<boolean>;
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
  /** Binds a new report link token to an occurrence and a person; a token is never reused. */
  grant(token: string, grant: ReportGrant): Promise<void>;
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
  phones: Pick<PhoneStore, 'isOptedOut'>;
  smsSignature?: string;
}

/** Submitting may open an incident, so it needs intake's ports too. */
export type SubmissionDependencies = Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'duty' | 'clock' | 'ids'> & IntakeDependencies;
