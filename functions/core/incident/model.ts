import type { IncidentDeadlines } from './deadlines';
import type { CategoryKind, Severity } from '../plan';

export interface Reporter {
  name?: string;
  phone?: string;
}

/** What was reported. Written once; what happened afterwards is on the timeline. */
export interface Incident {
  id: string;
  /** Short code people can read out on the phone and type in a reply. */
  code: string;
  planId: string;
  planVersion: string;
  orgId: string;
  category: string;
  kind: CategoryKind;
  /** Picks the chain (plan 3: a major event goes to the district committee at once); `general` when absent. */
  severity?: Severity;
  place: string;
  description: string;
  reporter: Reporter;
  reportedAt: string;
  deadlines: IncidentDeadlines;
  /** The secret the texts' link tokens are derived from (functions/core/base/claims.ts). */
  linkKey?: string;
  /** How it was reported; absent on incidents stored before it was kept. */
  channel?: 'web' | 'sms';
}

/**
 * The append-only timeline. Each event carries a `key` that names it uniquely within its incident
 * (e.g. `notified:1:ye-yuanxin`), so a retried step writes the same key and the store keeps one.
 */
export type TimelineEvent =
  | { type: 'reported'; key: string; at: string; channel: 'web' | 'sms'; reporter: Reporter }
  /** Stored without a started escalation (the process died part-way); the sweep started it. */
  | { type: 'escalation-started'; key: string; at: string; reason: string }
  /** `resent`: sent again after a claim nobody recorded (docs/delivery.md); the person may have it twice. */
  | { type: 'notified'; key: string; at: string; level: number | 'report'; personId: string; name: string; phone: string; messageId: string; resent?: true; round?: number }
  /**
   * The text could not be sent: a number that cannot be texted (refused, STOP), or, with `retryUntil`,
   * the provider failing for now: it is retried until then, and after that goes out with the next level's.
   */
  | { type: 'notify-failed'; key: string; at: string; level: number | 'report'; personId: string; name: string; phone: string; reason: string; retryUntil?: string; round?: number }
  /**
   * Someone on the chain (or the duty lead) asked to remind the unconfirmed at the current level
   * again (再次提醒): round n, at most one per REMIND_INTERVAL_MS; its texts and calls carry `round`.
   */
  | { type: 'reminded'; key: string; at: string; round: number; level: number; personId: string; name: string; to: { personId: string; name: string }[] }
  | { type: 'escalated'; key: string; at: string; level: number; deadline: string; requestedBy?: { personId: string; name: string } }
  /** The carrier's word on a text: delivered (with how long it took) or not, and why. */
  | { type: 'delivered'; key: string; at: string; level: number | 'report'; personId: string; phone: string; messageId: string; dwellTimeMs?: number }
  | { type: 'delivery-failed'; key: string; at: string; level: number | 'report'; personId: string; phone: string; messageId: string; reason: string }
  /** Another witness's report of the same incident (same place and kind, minutes apart). */
  | { type: 'witness'; key: string; at: string; phone: string; text: string }
  | { type: 'unanswered'; key: string; at: string; deadline: string }
  | { type: 'acknowledged'; key: string; at: string; personId: string; name: string }
  /** 已阅: someone told for information (the bureau's desk) has read it; stops nothing. */
  | { type: 'received'; key: string; at: string; personId: string; name: string }
  /** The superior asks the school for its written report (书面报告). */
  | { type: 'written-report-requested'; key: string; at: string; personId: string; name: string }
  | { type: 'reported-to-bureau'; key: string; at: string; personId: string; name: string }
  | { type: 'late'; key: string; at: string; deadline: string }
  /** A level that reached nobody at the time (nobody on duty), passed over at once instead of waited out. */
  | { type: 'skipped'; key: string; at: string; level: number; roles: string[]; reason: string }
  /** The duty changed hands while the incident was open (functions/core/duty/roster.ts). */
  | { type: 'handover'; key: string; at: string; role: string; shift?: string; from: { personId: string; name: string }[]; to: { personId: string; name: string }[] }
  | { type: 'closed'; key: string; at: string; personId: string; name: string; resolution: string }
  /** The incident grew out of a 包案 case or a screened risk, or became a case (functions/core/cases, functions/core/risks). */
  | { type: 'linked'; key: string; at: string; to: 'case' | 'risk'; id: string; code?: string; personId: string; name: string }
  /**
   * A call read out to someone who had not confirmed (or has only a landline), and one that could not be placed or was held;
   * `round`: a remind-again round's; `resent`: placed again after a claim nobody recorded (docs/delivery.md).
   */
  | { type: 'called'; key: string; at: string; level: number | 'report'; personId: string; name: string; to: string; callId: string; round?: number; resent?: true }
  | { type: 'call-failed'; key: string; at: string; level: number | 'report'; personId: string; name: string; to: string; reason: string; round?: number }
  /** A remark by someone on the incident (from the console); changes nothing about its state. */
  | { type: 'note'; key: string; at: string; personId: string; name: string; text: string }
  // The written report after handling (书面报告): functions/core/written-report/.
  | { type: 'written-report-due'; key: string; at: string; dueAt: string; to: string[] }
  | { type: 'written-report-saved'; key: string; at: string; personId: string; name: string; content: WrittenReportContent }
  | { type: 'written-report-submitted'; key: string; at: string; personId: string; name: string; round: number; content: WrittenReportContent }
  | { type: 'written-report-returned'; key: string; at: string; personId: string; name: string; round: number; reason: string }
  | { type: 'written-report-accepted'; key: string; at: string; personId: string; name: string; round: number }
  | { type: 'written-report-late'; key: string; at: string; dueAt: string }
  | { type: 'written-report-chased'; key: string; at: string; personId: string; name: string; phone: string; messageId: string };

export const WRITTEN_REPORT_FIELDS = ['time', 'place', 'situation', 'knowledge', 'measures', 'aftermath'] as const;
export type WrittenReportField = (typeof WRITTEN_REPORT_FIELDS)[number];
/** The written report's text: 时间、地点、情况、谁何时知情、采取的措施、善后. */
export type WrittenReportContent = Record<WrittenReportField, string>;

export type TimelineEventType = TimelineEvent['type'];

export const eventKey = {
  reported: () => 'reported',
  escalationStarted: () => 'escalation-started',
  notified: (level: number | 'report', personId: string, round?: number) => `notified:${round ? `remind-${round}` : level}:${personId}`,
  notifyFailed: (level: number | 'report', personId: string, round?: number) => `notify-failed:${round ? `remind-${round}` : level}:${personId}`,
  notifyRetrying: (level: number | 'report', personId: string, round?: number) => `notify-failed:${round ? `remind-${round}` : level}:${personId}:retrying`,
  reminded: (round: number) => `reminded:${round}`,
  delivery: (messageId: string) => `delivery:${messageId}`,
  escalated: (level: number) => `escalated:${level}`,
  unanswered: () => 'unanswered',
  acknowledged: (personId: string) => `acknowledged:${personId}`,
  received: (personId: string) => `received:${personId}`,
  writtenReportRequested: (personId: string, at: string) => `written-report-requested:${at}:${personId}`,
  reportedToBureau: (personId: string) => `reported-to-bureau:${personId}`,
  late: () => 'late',
  skipped: (level: number) => `skipped:${level}`,
  handover: (at: string) => `handover:${at}`,
  closed: () => 'closed',
  note: (personId: string, at: string) => `note:${at}:${personId}`,
  linked: (to: 'case' | 'risk', id: string) => `linked:${to}:${id}`,
  called: (level: number | 'report', personId: string, round?: number) => (round ? `called:remind-${round}:${personId}` : `called:${level}:${personId}`),
  callFailed: (level: number | 'report', personId: string, round?: number) => (round ? `call-failed:remind-${round}:${personId}` : `call-failed:${level}:${personId}`),
};

export type IncidentStatus = 'open' | 'acknowledged' | 'closed';

/** What an incident's state is, read off its timeline: the timeline is the truth. */
export interface IncidentState {
  status: IncidentStatus;
  closed: boolean;
  acknowledged: boolean;
  acknowledgedBy?: { personId: string; name: string; at: string };
  reportedToBureau: boolean;
  reportedToBureauBy?: { personId: string; name: string; at: string };
  late: boolean;
  /** The highest level texted so far (0 before the first text). */
  levelReached: number;
}

export function sortTimeline(events: readonly TimelineEvent[]): TimelineEvent[] {
  return [...events].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

export function stateOf(timeline: readonly TimelineEvent[]): IncidentState {
  const ordered = sortTimeline(timeline);
  const firstAck = ordered.find((event) => event.type === 'acknowledged');
  const firstReport = ordered.find((event) => event.type === 'reported-to-bureau');
  const closed = ordered.find((event) => event.type === 'closed');
  const levelReached = Math.max(0, ...ordered.flatMap((event) => (event.type === 'notified' && typeof event.level === 'number' ? [event.level] : [])));
  return {
    status: closed ? 'closed' : firstAck ? 'acknowledged' : 'open',
    closed: Boolean(closed),
    acknowledged: Boolean(firstAck),
    acknowledgedBy: firstAck && { personId: firstAck.personId, name: firstAck.name, at: firstAck.at },
    reportedToBureau: Boolean(firstReport),
    reportedToBureauBy: firstReport && { personId: firstReport.personId, name: firstReport.name, at: firstReport.at },
    late: ordered.some((event) => event.type === 'late'),
    levelReached,
  };
}

/** Texts already sent for a level, so a retried notification step texts nobody twice. */
export function alreadyNotified(timeline: readonly TimelineEvent[], level: number | 'report', personId: string, round?: number): boolean {
  return timeline.some((event) => event.key === eventKey.notified(level, personId, round));
}
