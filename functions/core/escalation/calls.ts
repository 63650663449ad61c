import { claimToken, decideClaim, type DeliveryUnit, parseDuration, systemClock, TextsPendingError, unitKey } from '../base';
import { peopleAt } from '../duty';
import { eventKey, stateOf } from '../incident';
import { chainOf, clockTime, peopleWithRoles, type Chain, type Person, type Plan } from '../plan';
import { CallRejectedError, CallUnavailableError, callScript } from '../voice';
import type { EscalationContext, EscalationDependencies } from './context';

/**
 * Voice fallback (like DingTalk's DING): someone texted at a level who has not confirmed within
 * the plan's callAfter is called; someone with only a landline is called as soon as the level is
 * reached, and never texted. Each call is claimed before it is placed and recorded on the
 * timeline (called, call-failed), so a retried or concurrent step calls nobody twice.
 */

/** When a level's unconfirmed are called: callAfter (the level's, else the chain's) after the level's text, else half its window. */
export function callInstant(chain: Chain, reportedAt: string, level: number): string {
  const start = Date.parse(reportedAt) + (level > 1 ? parseDuration(chain.levels[level - 2]!.within) : 0);
  const end = Date.parse(reportedAt) + parseDuration(chain.levels[level - 1]!.within);
  const after = chain.levels[level - 1]!.callAfter;
  return new Date(after ? Math.min(start + parseDuration(after), end) : start + (end - start) / 2).toISOString();
}

/** The number a call goes to: a landline (a duty room's) before a mobile. */
const callNumber = (person: Person) => person.landline ?? person.phone;
const landlineOnly = (person: Person) => !person.phone && Boolean(person.landline);

/** Whether the plan's quiet hours hold at an instant (local time, a span past midnight allowed). */
export function inQuietHours(plan: Plan, instant: Date): boolean {
  if (!plan.quietHours) return false;
  const now = clockTime(plan.timeZone, instant.toISOString());
  const { from, to } = plan.quietHours;
  return from <= to ? now >= from && now < to : now >= from || now < to;
}

export interface CallRound {
  incidentId: string;
  level: number;
  deadline: string;
  /** The next round of calls, when someone at the level is still to be called later. */
  callAt?: string;
}

/** The first call round after a level's text: at once when someone has only a landline, else at the level's call instant. */
export function firstCallRound(context: EscalationContext, level: number, people: Person[], deadline: string, now: Date): string | undefined {
  if (people.some(landlineOnly)) return now.toISOString();
  const at = callInstant(chainOf(context.plan, context.incident.category, context.incident.severity), context.incident.reportedAt, level);
  return people.length > 0 && at < deadline ? at : undefined;
}

/**
 * A round of calls at a level: landline-only people at once; the rest, if the level's call instant
 * has come, unless someone has acknowledged. Returns the next round's instant, if any is left.
 */
export async function callLevel(
  deps: EscalationDependencies & {
    load: (id: string) => Promise<EscalationContext>;
  },
  step: { incidentId: string; level: number; deadline: string },
): Promise<CallRound> {
  const context = await deps.load(step.incidentId);
  const state = stateOf(context.record.timeline);
  const round: CallRound = {
    incidentId: step.incidentId,
    level: step.level,
    deadline: step.deadline,
  };
  if (state.closed || state.acknowledged) return round;
  const chain = chainOf(context.plan, context.incident.category, context.incident.severity);
  const level = chain.levels[step.level - 1];
  if (!level) throw new RangeError(`the chain of incident ${step.incidentId} has no level ${step.level}`);
  const now = deps.clock.now();
  const overrides = context.plan.duty && deps.duty ? await deps.duty.overrides(context.plan.id) : [];
  const people = peopleAt(context.plan, overrides, level.notify, now).filter((person) => callNumber(person));
  const at = callInstant(chain, context.incident.reportedAt, step.level);
  const due = people.filter((person) => landlineOnly(person) || now.toISOString() >= at);
  const { pending } = await callPeople(deps, context, { level: step.level }, due, { informational: new Set(chain.immediately ?? []) });
  // Another attempt holds a call's claim: the workflow runs the step again (the claim's lease runs out before its retries do).
  if (pending > 0) throw new TextsPendingError(`${pending} call(s) of level ${step.level} of incident ${step.incidentId} are still pending`);
  const later = people.filter((person) => !due.includes(person));
  return later.length > 0 && at < step.deadline ? { ...round, callAt: at } : round;
}

/** At the report deadline the superior's duty room is called on its landline as well as texted. */
export async function callBureauLate(deps: EscalationDependencies, context: EscalationContext): Promise<void> {
  const chain = chainOf(context.plan, context.incident.category, context.incident.severity);
  const bureau = peopleWithRoles(context.plan, chain.reportToSuperior.to).filter((person) => person.landline);
  const { pending } = await callPeople(deps, context, { level: 'report' }, bureau, { lateReport: true });
  if (pending > 0) throw new TextsPendingError(`${pending} late-report call(s) of incident ${context.incident.id} are still pending`);
}

/** A round of calls: a level's (or the late report's), or a "remind again" round at the current level. */
export interface CallStep {
  level: number | 'report';
  /** The remind-again round, when the calls are one (functions/core/incident/reminders.ts). */
  round?: number;
}

/**
 * Calls each person not yet called for this step, at most once: the same claim as a text's
 * (functions/core/base/claims.ts) on the channel `call`, recorded by the `called` or `call-failed`
 * event. A call held elsewhere is left to that attempt, and reported as pending so the step is retried.
 */
export async function callPeople(
  deps: EscalationDependencies,
  context: EscalationContext,
  step: CallStep,
  people: Person[],
  options: { informational?: Set<string>; lateReport?: boolean },
): Promise<{ pending: number; called: string[] }> {
  const { incident, plan, category, record } = context;
  const { level, round } = step;
  const keyOf = { called: (personId: string) => eventKey.called(level, personId, round), failed: (personId: string) => eventKey.callFailed(level, personId, round) };
  const done = new Set(record.timeline.flatMap((event) => (event.type === 'called' || event.type === 'call-failed' ? [event.key] : [])));
  // Someone told for information who recorded 已阅 has confirmed what they were told.
  const received = new Set(record.timeline.flatMap((event) => (event.type === 'received' ? [event.personId] : [])));
  const secret = incident.linkKey ?? incident.id;
  const todo = people
    .filter((person) => !received.has(person.id) && !done.has(keyOf.called(person.id)) && !done.has(keyOf.failed(person.id)))
    .map((person) => {
      const unit: DeliveryUnit = { subject: `incident:${incident.id}`, step: round ? `remind:${round}` : String(level), personId: person.id, channel: 'call' };
      return { person, to: callNumber(person)!, unit, token: claimToken(secret, unit) };
    });
  if (todo.length === 0) return { pending: 0, called: [] };
  const [claims, optedOut] = await Promise.all([
    deps.incidents.textClaims(todo.map(({ token }) => token)),
    deps.phones.optedOutAmong(todo.flatMap(({ person }) => (person.phone ? [person.phone] : []))),
  ]);
  // Quiet hours hold calls to mobiles, not stability events, people told at once, or a fixed line.
  const quiet = inQuietHours(plan, deps.clock.now()) && incident.kind !== 'stability';
  let pending = 0;
  const called: string[] = [];
  const results = await Promise.allSettled(
    todo.map(async ({ person, to, unit, token }) => {
      const who = { level, personId: person.id, name: person.name, to, ...(round && { round }) };
      const failed = (reason: string) =>
        deps.incidents.append(incident.id, { type: 'call-failed', key: keyOf.failed(person.id), at: deps.clock.now().toISOString(), ...who, reason });
      if (quiet && to === person.phone && !person.roles.some((role) => options.informational?.has(role))) {
        await failed(`quiet hours (${plan.quietHours!.from}–${plan.quietHours!.to}): not called`);
        return;
      }
      if (to === person.phone && optedOut.has(to)) {
        await failed('the number has opted out (STOP)');
        return;
      }
      const decision = decideClaim(claims.get(token), { token, unit: unitKey(unit), phone: to }, (deps.wallClock ?? systemClock).now().getTime());
      const replacing = decision.kind === 'take-over' ? decision.replacing : undefined;
      if (decision.kind === 'in-flight' || !(await deps.incidents.claimText(decision.claim, { incidentId: incident.id, personId: person.id, level }, replacing))) {
        pending += 1;
        return;
      }
      const texted = Boolean(person.phone) && record.timeline.some((event) => event.type === 'notified' && event.personId === person.id);
      try {
        const { callId } = await deps.calls!.call({
          to,
          text: callScript({ plan, category, incident, texted, replies: deps.smsReplyCodes, lateReport: options.lateReport }),
          incidentId: incident.id,
        });
        await deps.incidents.append(incident.id, {
          type: 'called',
          key: keyOf.called(person.id),
          at: deps.clock.now().toISOString(),
          ...who,
          callId,
          ...(replacing && { resent: true as const }),
        });
        called.push(person.id);
      } catch (error) {
        // A number that cannot be called is recorded and passed over; the claim stays with its record.
        if (error instanceof CallRejectedError) {
          await failed(error.message);
          return;
        }
        // Nothing was placed: free the claim for the next try. Without an answer the call may have
        // been placed: the claim stays, and its lease decides.
        if (error instanceof CallUnavailableError) await deps.incidents.releaseText(decision.claim);
        throw error;
      }
    }),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return { pending, called };
}
