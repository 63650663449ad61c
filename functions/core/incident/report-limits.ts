import { type Clock, TooManyRequestsError } from '../base';
import { type IntakeDependencies, type Submission, type SubmissionResult, submitIncident } from './intake';

/**
 * How many reports one phone and one source address may make: a flood of reports costs about ten
 * texts each (a chain's levels, the bureau), so the stage-wide throttle and the WAF (per address,
 * every POST) are not enough on their own. Counted in fixed windows on the table, so the limit
 * holds across Lambdas (docs/design.md, Abuse limits).
 */

export type ReportLimitKey = 'phone' | 'source';

export interface ReportLimit {
  count: number;
  perSeconds: number;
}

/**
 * Documented constants, the same on every stage. Five reports in ten minutes is more than a
 * witness texts about one fire; a school's network (one address for every teacher) may send six
 * times that while a whole staff reports one incident.
 */
export const REPORT_RATE_LIMITS: Readonly<Record<ReportLimitKey, ReportLimit>> = {
  phone: { count: 5, perSeconds: 10 * 60 },
  source: { count: 30, perSeconds: 10 * 60 },
};

/** One fixed window of a limit: [start, end). */
export interface CounterWindow {
  start: string;
  end: string;
}

/** What the limits count on: a counter per key and window, shared by every function. */
export interface ReportCounters {
  /**
   * Counts one report against `key` in `window` unless `limit` are counted there already; a refusal
   * is counted too, and the refusals so far (this one included) come back.
   */
  take(key: string, window: CounterWindow, limit: number): Promise<{ taken: true } | { taken: false; refusals: number }>;
  /** Uncounts a report `take` counted for a submission another limit then refused. */
  giveBack(key: string, window: CounterWindow): Promise<void>;
}

export interface ReportLimitDependencies {
  reportCounters: ReportCounters;
  clock: Clock;
  /**
   * The figures, REPORT_RATE_LIMITS unless given: the local runtime's bench and chaos runs, whose
   * thousands of clients all come from 127.0.0.1, lift the per-address figure.
   */
  reportLimits?: Readonly<Record<ReportLimitKey, ReportLimit>>;
}

/** Who a report comes from, as far as the limits go: the reporter's phone and the caller's address, where known. */
export interface ReportSource {
  phone?: string;
  address?: string;
}

export type Admission =
  | { admitted: true }
  /** `firstRefusal`: the first report refused in this window, which alone gets an answer by text. */
  | { admitted: false; limit: ReportLimitKey; retryAfterSeconds: number; firstRefusal: boolean };

/** The window of `perSeconds` that `now` falls in; windows start at multiples of their length since the epoch. */
export function counterWindow(now: Date, perSeconds: number): CounterWindow {
  const length = perSeconds * 1000;
  const start = Math.floor(now.getTime() / length) * length;
  return { start: new Date(start).toISOString(), end: new Date(start + length).toISOString() };
}

/** Whole seconds until the window ends (Retry-After), at least one. */
export function retryAfterSeconds(now: Date, window: CounterWindow): number {
  return Math.max(1, Math.ceil((Date.parse(window.end) - now.getTime()) / 1000));
}

/** The counter key of a limit: one per phone, one per address. */
export const counterKey = (limit: ReportLimitKey, value: string) => `${limit}#${value}`;

/**
 * Counts a report against each limit that applies (its phone's, its address's). Over either, the
 * report is refused and whatever this call counted is given back: a refused report counts for
 * nothing, so a phone that waits out its window gets its full count again.
 */
export async function admitReport(deps: ReportLimitDependencies, source: ReportSource): Promise<Admission> {
  const limits = deps.reportLimits ?? REPORT_RATE_LIMITS;
  const now = deps.clock.now();
  const taken: { key: string; window: CounterWindow }[] = [];
  for (const limit of ['phone', 'source'] as const) {
    const value = limit === 'phone' ? source.phone : source.address;
    if (!value) continue;
    const window = counterWindow(now, limits[limit].perSeconds);
    const key = counterKey(limit, value);
    const outcome = await deps.reportCounters.take(key, window, limits[limit].count);
    if (!outcome.taken) {
      for (const counted of taken) await deps.reportCounters.giveBack(counted.key, counted.window);
      return { admitted: false, limit, retryAfterSeconds: retryAfterSeconds(now, window), firstRefusal: outcome.refusals === 1 };
    }
    taken.push({ key, window });
  }
  return { admitted: true };
}

/**
 * A report through the API, within the limits of its reporter's phone and the caller's address
 * (`requestContext.identity.sourceIp`). A retry of a report already taken (its Idempotency-Key is
 * bound) is no new report: it is neither counted nor refused. Over a limit: a 429 and nothing written.
 */
export async function submitWithinLimits(deps: IntakeDependencies & ReportLimitDependencies, submission: Submission, address: string | undefined): Promise<SubmissionResult> {
  const retry = submission.idempotencyKey !== undefined && (await deps.incidents.findIdempotencyKey(submission.idempotencyKey)) !== undefined;
  if (!retry) {
    const admission = await admitReport(deps, { phone: submission.report.reporter.phone, address });
    if (!admission.admitted) {
      const { count, perSeconds } = (deps.reportLimits ?? REPORT_RATE_LIMITS)[admission.limit];
      const from = admission.limit === 'phone' ? 'this phone' : 'this address';
      throw new TooManyRequestsError(
        `Too many reports from ${from}: at most ${count} in ${perSeconds / 60} minutes. Nothing was stored; try again in ${admission.retryAfterSeconds} s. In danger, call 110, 119 or 120.`,
        admission.retryAfterSeconds,
        admission.limit === 'phone' ? { 'reporter.phone': `at most ${count} reports in ${perSeconds / 60} minutes from one phone` } : {},
      );
    }
  }
  return submitIncident(deps, submission);
}
