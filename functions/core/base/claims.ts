import { createHmac } from 'node:crypto';

/**
 * Each text at most once, none lost (docs/delivery.md). The unit of delivery is one step of one
 * subject for one person on one channel: (incident, level, person, text), (report, reminder,
 * person, text); a voice call is the same unit on the channel `call`. Before publishing, the
 * sender claims the unit with a conditional write; after the provider accepts, it records the text
 * (the timeline event). A claim whose record is missing was either never published or published
 * by a process that died before recording it; the two cannot be told apart, so one rule decides:
 * once the claim's lease has run out (no attempt can still be running), it is taken over and sent
 * again, and that resend is marked on what it records and counted.
 */

export type Channel = 'text' | 'call';

export interface DeliveryUnit {
  /** `incident:<id>` or `report:<bureau>#<kind>#<date>#<planId>#<reportId>`. */
  subject: string;
  /** The level (`1`, `2`, `report`), `remind` or `chase:<n>`. */
  step: string;
  personId: string;
  channel: Channel;
}

/** A claim as stored: the unit, the link it carries (its token is the claim's key), who holds it and until when. */
export interface DeliveryClaim {
  token: string;
  unit: string;
  phone: string;
  /** 1 for the first claim; each takeover of an expired, unrecorded claim adds one. */
  attempt: number;
  /** Wall-clock milliseconds (not the plan clock): a lease is about processes, not deadlines. */
  claimedAt: number;
  leaseUntil: number;
  /** The reply number the text offered, where texts offer one. */
  replyNumber?: number;
}

/**
 * No attempt outlives this: the step's budget (20 s) < middy's early timeout (25 s) < the Lambda
 * timeout (30 s) < the Task's TimeoutSeconds (60 s), see functions/shared/step-budget.ts.
 */
export const CLAIM_LEASE_MS = 60_000;

export const unitKey = (unit: DeliveryUnit) => `${unit.subject}|${unit.step}|${unit.personId}|${unit.channel}`;

/**
 * The unit's link token, derived from the unit with the subject's secret: the claim's key is the
 * token, so one conditional write both claims the unit and makes its link answerable, and the
 * per-level read can name every claim it needs (BatchGetItem). 72 bits, 12 URL-safe characters,
 * like every other link token: a text keeps to one segment.
 */
export function claimToken(secret: string, unit: DeliveryUnit): string {
  return createHmac('sha256', secret).update(unitKey(unit)).digest().subarray(0, 9).toString('base64url');
}

export type ClaimDecision =
  /** Nobody has claimed it: claim it. */
  | { kind: 'claim'; claim: DeliveryClaim }
  /** Another attempt holds a live lease: it may be sending right now. */
  | { kind: 'in-flight' }
  /** Claimed but never recorded, and its lease has run out: send again (counted). */
  | { kind: 'take-over'; claim: DeliveryClaim; replacing: DeliveryClaim };

/** What to do about a unit not yet recorded as sent, given its stored claim (if any). */
export function decideClaim(existing: DeliveryClaim | undefined, fresh: Omit<DeliveryClaim, 'attempt' | 'claimedAt' | 'leaseUntil'>, nowMs: number): ClaimDecision {
  const lease = { claimedAt: nowMs, leaseUntil: nowMs + CLAIM_LEASE_MS };
  if (!existing) return { kind: 'claim', claim: { ...fresh, ...lease, attempt: 1 } };
  if (existing.leaseUntil > nowMs) return { kind: 'in-flight' };
  return { kind: 'take-over', claim: { ...fresh, ...lease, attempt: existing.attempt + 1 }, replacing: existing };
}

/** How much of a step's own time is left; the step stops claiming new texts when it runs out. */
export interface StepBudget {
  left(): number;
}

export const UNLIMITED_BUDGET: StepBudget = { left: () => Number.POSITIVE_INFINITY };

/** Leave this much of the budget to record texts already published. */
export const RECORD_RESERVE_MS = 3_000;

/** Runs `work` over the items with at most `limit` at once. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

/**
 * Records a published text, retrying a throttled store within the step's budget: the provider has
 * accepted the text, so giving up here would leave a claim that a later attempt must send again.
 */
export async function recordWithRetry(record: () => Promise<void>, budget: StepBudget, pause: (ms: number) => Promise<void> = sleep): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await record();
    } catch (error) {
      const wait = Math.min(2_000, 50 * 2 ** attempt);
      if (attempt >= 12 || budget.left() + RECORD_RESERVE_MS < wait) throw error;
      await pause(wait);
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Raised by a step that left work for another attempt: a unit in flight elsewhere, or its budget spent. */
export class TextsPendingError extends Error {
  override name = 'TextsPendingError';
}
