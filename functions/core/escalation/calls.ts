import { parseDuration } from '../base';
import { peopleAt } from '../duty';
import { eventKey, stateOf } from '../incident';
import { chainOf, clockTime, peopleWithRoles, type Chain, type Person, type Plan } from '../plan';
import { CallRejectedError, callScript } from '../voice';
import type { EscalationContext, EscalationDependencies } from './context';

/**
 * Voice fallback (like DingTalk's DING): someone texted at a level who has not confirmed within
 * the plan's callAfter is called; someone with only a landline is called as soon as the level is
 * reached, and never texted. Each call is claimed before it is placed and recorded on the
 * timeline (called, call-failed), so a retried or concurrent step calls nobody twice.
 */

/** A claim older than this is taken over: the process that held it died before placing the call. */
const CLAIM_LEASE_MS = 5 * 60_000;

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
  await callPeople(deps, context, step.level, due, {
    informational: new Set(chain.immediately ?? []),
  });
  const later = people.filter((person) => !due.includes(person));
  return later.length > 0 && at < step.deadline ? { ...round, callAt: at } : round;
}

/** At the report deadline the superior's duty room is called on its landline as well as texted. */
export async function callBureauLate(deps: EscalationDependencies, context: EscalationContext): Promise<void> {
  const chain = chainOf(context.plan, context.incident.category, context.incident.severity);
  const bureau = peopleWithRoles(context.plan, chain.reportToSuperior.to).filter((person) => person.landline);
  await callPeople(deps, context, 'report', bureau, { lateReport: true });
}

async function callPeople(
  deps: EscalationDependencies,
  context: EscalationContext,
  level: number | 'report',
  people: Person[],
  options: { informational?: Set<string>; lateReport?: boolean },
): Promise<void> {
  const { incident, plan, category, record } = context;
  const done = new Set(record.timeline.flatMap((event) => (event.type === 'called' || event.type === 'call-failed' ? [event.key] : [])));
  // Someone told for information who recorded 已阅 has confirmed what they were told.
  const received = new Set(record.timeline.flatMap((event) => (event.type === 'received' ? [event.personId] : [])));
  const pending = people.filter((person) => !received.has(person.id) && !done.has(eventKey.called(level, person.id)) && !done.has(eventKey.callFailed(level, person.id)));
  // Quiet hours hold calls to mobiles, not stability events, people told at once, or a fixed line.
  const quiet = inQuietHours(plan, deps.clock.now()) && incident.kind !== 'stability';
  const results = await Promise.allSettled(
    pending.map(async (person) => {
      const to = callNumber(person)!;
      const who = { level, personId: person.id, name: person.name, to };
      const failed = async (reason: string) => {
        await deps.incidents.append(incident.id, {
          type: 'call-failed',
          key: eventKey.callFailed(level, person.id),
          at: deps.clock.now().toISOString(),
          ...who,
          reason,
        });
      };
      const claim = `${level}:${person.id}`;
      const now = deps.clock.now();
      if (!(await deps.incidents.claimCall(incident.id, claim, now.toISOString(), new Date(now.getTime() - CLAIM_LEASE_MS).toISOString()))) return;
      if (quiet && to === person.phone && !person.roles.some((role) => options.informational?.has(role))) {
        await failed(`quiet hours (${plan.quietHours!.from}–${plan.quietHours!.to}): not called`);
        await deps.incidents.finishCall(incident.id, claim);
        return;
      }
      if (to === person.phone && (await deps.phones.isOptedOut(to))) {
        await failed('the number has opted out (STOP)');
        await deps.incidents.finishCall(incident.id, claim);
        return;
      }
      const texted = Boolean(person.phone) && record.timeline.some((event) => event.type === 'notified' && event.personId === person.id);
      try {
        const { callId } = await deps.calls!.call({
          to,
          text: callScript({
            plan,
            category,
            incident,
            texted,
            replies: deps.smsReplyCodes,
            lateReport: options.lateReport,
          }),
          incidentId: incident.id,
        });
        await deps.incidents.finishCall(incident.id, claim);
        await deps.incidents.append(incident.id, {
          type: 'called',
          key: eventKey.called(level, person.id),
          at: deps.clock.now().toISOString(),
          ...who,
          callId,
        });
      } catch (error) {
        if (error instanceof CallRejectedError) {
          await deps.incidents.finishCall(incident.id, claim);
          await failed(error.message);
          return;
        }
        await deps.incidents.releaseCall(incident.id, claim);
        throw error;
      }
    }),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}
