import { bureauOf, localDate, type Plan, type ScheduledReport, type ScheduledReportKind } from '../plan';

export const REPORT_KINDS: readonly ScheduledReportKind[] = ['zero-report', 'all-clear', 'inspection', 'safety-check', 'dispute-screening'];

/** One school's report due at one time: its events live under the bureau, kind and local date. */
export interface OccurrenceKey {
  bureau: string;
  kind: ScheduledReportKind;
  /** Local date (plan time zone) of the due time. */
  date: string;
  planId: string;
  reportId: string;
}

export type ReportChannel = 'sms' | 'web' | 'api';

/** What happened to one school's report, append-only; each key is written once. */
export type ReportEvent =
  | { type: 'opened'; key: 'opened'; at: string; dueAt: string; planVersion: string; orgId: string; school: string; name: string }
  /** `token`: the person's link, which a later chase of the same person reuses. */
  /** `resent`: sent again after a claim nobody recorded (docs/delivery.md). */
  | { type: 'reminded'; key: string; at: string; personId: string; name: string; phone: string; messageId: string; token: string; resent?: true }
  | { type: 'chased'; key: string; at: string; step: number; personId: string; name: string; phone: string; messageId: string; token: string; resent?: true }
  | { type: 'notify-failed'; key: string; at: string; purpose: string; personId: string; name: string; phone: string; reason: string }
  /** Nobody held the roles at the time (nobody on duty): nothing to text. The names are the incident timeline's. */
  | { type: 'skipped'; key: string; at: string; purpose: string; roles: string[] }
  | { type: 'late'; key: 'late'; at: string; dueAt: string }
  | {
      type: 'submitted';
      key: 'submitted';
      at: string;
      /** The report's due time (the day's counts are kept per due time); absent on reports sent before they were. */
      dueAt?: string;
      personId: string;
      name: string;
      channel: ReportChannel;
      late: boolean;
      situation?: string;
      incident?: { id: string; code: string };
    }
  /** Something to say after the report was in: it opened an incident too. */
  | { type: 'situation'; key: string; at: string; personId: string; name: string; channel: ReportChannel; situation: string; incident: { id: string; code: string } };

export const reportEventKey = {
  reminded: (personId: string) => `reminded:${personId}`,
  chased: (step: number, personId: string) => `chased:${step}:${personId}`,
  notifyFailed: (purpose: string, personId: string) => `notify-failed:${purpose}:${personId}`,
  skipped: (purpose: string) => `skipped:${purpose}`,
  situation: (incidentId: string) => `situation:${incidentId}`,
};

/**
 * The day's counts of one due time of a bureau's kind of report, kept up to date by every
 * `opened` and `submitted` event as sets of school tags (schoolTag): a tag added twice is there
 * once, so a retried or repeated write never counts twice. `seen`: opened or submitted;
 * `submitted`: in; `late`: in after the due time.
 */
export interface DayTally {
  dueAt: string;
  seen: string[];
  submitted: string[];
  late: string[];
}

/** What an event adds to its day's tally: the due time it counts under and the sets its school joins; nothing for the other events. */
export function tallied(event: ReportEvent): { dueAt: string; sets: ('seen' | 'submitted' | 'late')[] } | undefined {
  if (event.type === 'opened') return { dueAt: event.dueAt, sets: ['seen'] };
  if (event.type === 'submitted' && event.dueAt) return { dueAt: event.dueAt, sets: event.late ? ['seen', 'submitted', 'late'] : ['seen', 'submitted'] };
  return undefined;
}

export interface WaveEntry {
  planId: string;
  planVersion: string;
  reportId: string;
}

export interface Wave {
  id: string;
  slot: string;
  remindAt: string;
  dueAt: string;
  schools: number;
  batches: number;
  chaseTimes: string[];
  /** The secret its texts' link tokens are derived from (functions/core/base/claims.ts). */
  linkKey?: string;
}

export interface ReportGrant extends OccurrenceKey {
  dueAt: string;
  planVersion: string;
  personId: string;
}

export { bureauOf };

export function occurrenceOf(plan: Plan, report: ScheduledReport, dueAt: string): OccurrenceKey {
  return { bureau: bureauOf(plan), kind: report.kind, date: localDate(new Date(dueAt), plan.timeZone), planId: plan.id, reportId: report.id };
}
