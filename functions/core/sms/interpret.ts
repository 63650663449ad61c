import { REPORT_LIMITS } from '../incident';
import { guessCategory, mentionsIncident } from './categories';
import { clipText, normalizeText } from './normalize';
import type { InboundReading, ReplyKind } from './parse';
import { extractPlace } from './place';

/**
 * What to do with an inbound text, given who sent it. The rules (docs/sms.md):
 * - STOP, START and HELP are honoured from anyone.
 * - Only someone an incident was texted to can act on it: a reply names one of the alerts
 *   texted to this phone (by its number, by its incident code, or the latest when bare).
 * - A text from an unknown number that names an incident (a category word, a place or a word of
 *   harm such as 救命) is a new incident report; one that names none ("你好", "在吗", an advert)
 *   gets the short help text and opens nothing. A reply code with nothing after it from an
 *   unknown number gets a polite refusal instead.
 * - A person in the plan is a reporter too: a text that names an incident kind or a place opens
 *   one; other text they send gets the help text.
 * - Only the duty officer's all-clear counts as the zero report.
 */

/** An alert texted to this phone that can still be acted on, with its per-phone reply number. */
export interface PhoneAlert {
  /** 1–99, unique among this phone's open alerts (see `nextAlertNumber`). */
  number: number;
  incidentId: string;
  /** The incident's 6-character code, as printed in the alert. */
  code: string;
  sentAt: string;
}

export interface SenderContext {
  /** The person this number belongs to in the plan; absent for an unknown number. */
  person?: { id: string; name: string };
  /** The open alerts texted to this number; empty for an unknown number. */
  alerts: readonly PhoneAlert[];
  /** True when this person sends the plan's zero report (值班人员). */
  sendsZeroReport?: boolean;
  /** The plan's category ids, for the category of a report. */
  categories?: readonly string[];
}

export type RefusalReason =
  /** A reply code from a number that is not in any plan. */
  | 'unknown-number'
  /** A reply from someone in the plan who has no open alert. */
  | 'no-alerts'
  /** The reply names a number or code that is not one of this phone's alerts. */
  | 'not-on-incident'
  /** "结案" without a number while several alerts are open: which one? */
  | 'which-alert'
  /** An all-clear from someone who does not send the zero report. */
  | 'not-zero-reporter';

export type InboundDecision =
  | { action: 'ack' | 'reported' | 'escalate'; alert: PhoneAlert; note?: string }
  | { action: 'close'; alert: PhoneAlert; resolution?: string }
  | { action: 'all-clear' }
  | { action: 'situation'; text: string }
  | { action: 'report'; category?: string; description: string; place?: string }
  | { action: 'stop' }
  | { action: 'start' }
  | { action: 'help'; reason: 'asked' | 'empty' | 'not-understood' | 'no-incident' }
  | { action: 'refuse'; reason: RefusalReason; alerts: readonly PhoneAlert[]; named?: string };

export function interpretInbound(reading: InboundReading, sender: SenderContext): InboundDecision {
  switch (reading.kind) {
    case 'stop':
    case 'start':
      return { action: reading.kind };
    case 'help':
      return { action: 'help', reason: 'asked' };
    case 'empty':
      return { action: 'help', reason: 'empty' };
    case 'ack':
    case 'reported':
    case 'escalate':
    case 'close':
      return interpretReply(reading, sender);
    case 'all-clear':
      if (!sender.person) return refuse('unknown-number', sender);
      return sender.sendsZeroReport ? { action: 'all-clear' } : refuse('not-zero-reporter', sender);
    case 'situation':
      if (sender.person && sender.sendsZeroReport) return { action: 'situation', text: reading.text };
      return reportOf(reading.text, sender);
    case 'report': {
      const { kind: _kind, ...report } = reading;
      return { action: 'report', ...report };
    }
    case 'unknown':
      if (!sender.person) return namesIncident(reading.text) ? reportOf(reading.text, sender) : { action: 'help', reason: 'no-incident' };
      if (sender.alerts.length === 0 && extractPlace(reading.text)) return reportOf(reading.text, sender);
      return { action: 'help', reason: 'not-understood' };
  }
}

type ReplyReading = Extract<InboundReading, { kind: ReplyKind }>;

function interpretReply(reading: ReplyReading, sender: SenderContext): InboundDecision {
  const content = reading.kind === 'close' ? reading.resolution : reading.note;
  if (sender.alerts.length === 0) {
    // "收到，3号楼着火了" from someone with nothing to acknowledge is a report of its own.
    if (content && (sender.person ? guessCategory(content, sender.categories) || extractPlace(content) : namesIncident(content))) {
      return reportOf(content, sender);
    }
    return refuse(sender.person ? 'no-alerts' : 'unknown-number', sender, nameOf(reading));
  }

  const alert = alertNamed(reading, sender.alerts);
  if (alert === 'none') return refuse('not-on-incident', sender, nameOf(reading));
  if (alert === 'ambiguous') return refuse('which-alert', sender);
  if (reading.kind === 'close') {
    return { action: 'close', alert, ...(reading.resolution && { resolution: reading.resolution }) };
  }
  return { action: reading.kind, alert, ...(reading.note && { note: reading.note }) };
}

/**
 * The alert a reply is about. A bare acknowledgement means the latest alert, as people expect;
 * escalating, reporting or closing changes more, so without a number it needs a single open alert.
 */
function alertNamed(reading: ReplyReading, alerts: readonly PhoneAlert[]): PhoneAlert | 'none' | 'ambiguous' {
  if (reading.alert !== undefined) return alerts.find((alert) => alert.number === reading.alert) ?? 'none';
  if (reading.code !== undefined) return alerts.find((alert) => alert.code === reading.code) ?? 'none';
  if (reading.kind !== 'ack' && alerts.length > 1) return 'ambiguous';
  return latest(alerts);
}

function latest(alerts: readonly PhoneAlert[]): PhoneAlert {
  return alerts.reduce((newest, alert) => (alert.sentAt > newest.sentAt ? alert : newest));
}

function nameOf(reading: ReplyReading): string | undefined {
  if (reading.alert !== undefined) return String(reading.alert);
  return reading.code;
}

function refuse(reason: RefusalReason, sender: SenderContext, named?: string): InboundDecision {
  return { action: 'refuse', reason, alerts: sender.alerts, ...(named && { named }) };
}

/** Words of harm or alarm that make a text a report even when it names no kind and no place. */
const HARM_WORDS = [
  '救命',
  '救救',
  '求救',
  '出事',
  '报警',
  '危险',
  '紧急情况',
  '急救',
  '快来人',
  '死了',
  '死人',
  '不见了',
  '失踪',
  '走失',
  '被困',
  '困住',
  '昏迷',
  '欺负',
  '威胁',
  '流血',
  '有人闹',
  'help me',
  'emergency',
  'sos',
  'danger',
  'missing',
];

/** Whether a text names an incident at all: a category word, a place or a word of harm. */
export function namesIncident(text: string): boolean {
  const lower = normalizeText(text).toLowerCase();
  return (
    mentionsIncident(text) ||
    extractPlace(text) !== undefined ||
    HARM_WORDS.some((word) => (/^[a-z ]+$/.test(word) ? new RegExp(`\\b${word}\\b`).test(lower) : lower.includes(word)))
  );
}

function reportOf(text: string, sender: SenderContext): InboundDecision {
  const category = guessCategory(text, sender.categories);
  const place = extractPlace(text);
  return {
    action: 'report',
    description: clipText(text),
    ...(category && { category }),
    ...(place && { place: clipText(place, REPORT_LIMITS.place) }),
  };
}

/**
 * The reply number for a new alert to a phone: the smallest of 1–99 its open alerts do not use,
 * so numbers stay short and are reused once an alert is closed. Undefined when all 99 are taken:
 * that alert goes out with its link only.
 */
export function nextAlertNumber(open: readonly Pick<PhoneAlert, 'number'>[]): number | undefined {
  const used = new Set(open.map((alert) => alert.number));
  for (let number = 1; number <= 99; number += 1) if (!used.has(number)) return number;
  return undefined;
}
