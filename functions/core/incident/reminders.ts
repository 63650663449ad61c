import { ForbiddenError, parseRequest } from '../base';
import { RemindBody } from './requests';
import type { Chain, Person, Plan } from '../plan';
import { rolesNamed } from './authority';
import { sortTimeline, stateOf, type TimelineEvent } from './model';

/**
 * "Remind again" (再次提醒), like DingTalk's DING: someone on the chain, or the duty lead, texts
 * (and calls) everyone at the current level who has not confirmed, at most once every five
 * minutes per incident. Each round is the timeline event `reminded:<n>`, appended on condition
 * that it does not exist: two people clicking at once both try round n, one wins. Its texts and
 * calls are delivery units of their own (step `remind:<n>`), so each person gets a round's text once.
 */

export const REMIND_INTERVAL_MS = 5 * 60_000;

export interface RemindState {
  /** The round a request now would be. */
  round: number;
  /** The level whose unconfirmed it reaches: the highest texted, else the first. */
  level: number;
  /** The latest round, if any. */
  last: Extract<TimelineEvent, { type: 'reminded' }> | null;
  /** When the next round may be asked for; null when it may be now. */
  notBefore: string | null;
}

export function remindState(timeline: readonly TimelineEvent[], now: Date): RemindState {
  const rounds = sortTimeline(timeline).filter((event): event is Extract<TimelineEvent, { type: 'reminded' }> => event.type === 'reminded');
  const last = rounds.reduce<RemindState['last']>((latest, event) => (!latest || event.round > latest.round ? event : latest), null);
  const opens = last ? new Date(Date.parse(last.at) + REMIND_INTERVAL_MS) : undefined;
  return {
    round: (last?.round ?? 0) + 1,
    level: Math.max(1, stateOf(timeline).levelReached),
    last,
    notBefore: opens && opens > now ? opens.toISOString() : null,
  };
}

/**
 * The roles that may remind: the chain's (its levels, who acknowledges, who reports) and the duty
 * lead's (the roster's role, 值班负责人, and its leads); never a superior's desk, even one the chain tells at once.
 */
function remindingRoles(plan: Plan, chain: Chain): string[] {
  const roles = new Set([
    ...chain.levels.flatMap((level) => level.notify),
    ...(chain.canAcknowledge ?? []),
    ...(chain.reportToSuperior.by ?? []),
    ...(plan.duty ? [plan.duty.role, ...(plan.duty.leads ?? [])] : []),
  ]);
  for (const role of chain.reportToSuperior.to) roles.delete(role);
  return [...roles];
}

export function mayRemind(plan: Plan, chain: Chain, person: Person): boolean {
  const roles = remindingRoles(plan, chain);
  return person.unit === undefined && person.roles.some((role) => roles.includes(role));
}

export function assertMayRemind(plan: Plan, chain: Chain, person: Person | undefined): asserts person is Person {
  if (person && mayRemind(plan, chain, person)) return;
  const roles = remindingRoles(plan, chain);
  throw new ForbiddenError(`Only the people on this incident's chain (${rolesNamed(plan, roles)}) and the duty lead may remind the unconfirmed again.`);
}

/** The people at a level who have neither acknowledged nor recorded 已阅. */
export function unconfirmedAt(people: readonly Person[], timeline: readonly TimelineEvent[]): Person[] {
  const confirmed = new Set(timeline.flatMap((event) => (event.type === 'acknowledged' || event.type === 'received' ? [event.personId] : [])));
  return people.filter((person) => !confirmed.has(person.id));
}

/** `POST /incidents/{id}/remind` takes `{}`: anything else is a 400 naming the field. */
export function validateRemindRequest(body: unknown): void {
  parseRequest(RemindBody, body, 'Remind again (it takes no fields)');
}
