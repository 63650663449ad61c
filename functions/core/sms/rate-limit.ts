/**
 * Per-number limits on what Yingji texts of its own accord, in the spirit of GoAlert's per-contact
 * throttles. Alerts (a chain's texts, escalations, late notices to the bureau) are never limited
 * and do not count against anything: a reply storm must not delay the next level of a fire. What is
 * limited are the answers to inbound texts, so that a loop with an auto-responder, or someone
 * texting "?" twenty times, costs a handful of texts and not a bill.
 */

export type SmsPurpose =
  /** A text on an escalation chain, an escalation, a late notice: never limited. */
  | 'alert'
  /** The answer that confirms what an inbound text did (acknowledged, closed, report received, STOP). */
  | 'reply'
  /** An answer that records nothing: help, "not understood", a refusal. What loops are made of. */
  | 'help';

export interface SentSms {
  to: string;
  /** ISO instant the text was handed to the gateway. */
  at: string;
  purpose: SmsPurpose;
}

export interface RateRule {
  /** Which texts the rule counts, and which it limits. */
  purposes: readonly Exclude<SmsPurpose, 'alert'>[];
  count: number;
  perSeconds: number;
}

export const PASSIVE_REPLY_RULES: readonly RateRule[] = [
  // "1", "1R", "1C" in quick succession each get their answer; a fourth within the minute waits.
  { purposes: ['reply', 'help'], count: 3, perSeconds: 60 },
  { purposes: ['reply', 'help'], count: 12, perSeconds: 60 * 60 },
  { purposes: ['reply', 'help'], count: 30, perSeconds: 24 * 60 * 60 },
  // Two answers that record nothing in ten minutes, then silence: an auto-responder gets no third.
  { purposes: ['help'], count: 2, perSeconds: 10 * 60 },
];

export type RateDecision =
  | { send: true }
  /** Not now: `until` is when the busiest rule would allow it. Passive answers are dropped, not queued. */
  | { send: false; until: string; rule: RateRule };

/**
 * May this text go to this number now, given the texts recently sent (to any number; the rules
 * look at the same number only)? Pure: the caller keeps the list, e.g. the last day's sends.
 */
export function rateLimit(message: { to: string; purpose: SmsPurpose }, recent: readonly SentSms[], now: Date, rules: readonly RateRule[] = PASSIVE_REPLY_RULES): RateDecision {
  if (message.purpose === 'alert') return { send: true };
  const purpose = message.purpose;
  let blocked: { until: number; rule: RateRule } | undefined;
  for (const rule of rules) {
    if (!rule.purposes.includes(purpose)) continue;
    const windowStart = now.getTime() - rule.perSeconds * 1000;
    const counted = recent
      .filter((sent) => sent.to === message.to && sent.purpose !== 'alert' && rule.purposes.includes(sent.purpose))
      .map((sent) => Date.parse(sent.at))
      .filter((at) => at > windowStart && at <= now.getTime())
      .sort((a, b) => a - b);
    if (counted.length < rule.count) continue;
    // The window has room again once enough of the oldest sends have aged out of it.
    const until = counted[counted.length - rule.count]! + rule.perSeconds * 1000;
    if (!blocked || until > blocked.until) blocked = { until, rule };
  }
  return blocked ? { send: false, until: new Date(blocked.until).toISOString(), rule: blocked.rule } : { send: true };
}
