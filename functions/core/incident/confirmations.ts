import { type Chain, peopleWithRoles, type Plan, roleName } from '../plan';
import { sortTimeline, type TimelineEvent } from './model';

/**
 * The confirmation board (like DingTalk's DING read receipts): one row per person on the chain —
 * each level's people, then those the report goes to — with when they were texted, when the
 * carrier delivered it, when they were called, and whether and when they confirmed: acknowledged
 * (a responder) or received (已阅, someone told for information). All of it read off the timeline.
 */

export interface Confirmation {
  personId: string;
  name: string;
  /** The level whose roles name the person first, or `report` for the superior's desk. */
  level: number | 'report';
  roles: string[];
  /** The first text, the first delivery the carrier reported, the first call placed. */
  texted: { at: string; level: number | 'report' } | null;
  delivered: { at: string } | null;
  called: { at: string; to: string } | null;
  confirmed: { kind: 'acknowledged' | 'received'; at: string } | null;
  /** The latest remind-again round that texted or called the person. */
  reminded: { at: string; round: number } | null;
  /** Why the latest attempt to reach the person failed, while they have not confirmed. */
  problem: { at: string; reason: string } | null;
}

export function confirmationBoard(plan: Plan, chain: Chain, timeline: readonly TimelineEvent[]): Confirmation[] {
  const events = sortTimeline(timeline);
  const listed: { personId: string; name: string; level: number | 'report'; roles: string[] }[] = [];
  const add = (personId: string, name: string, level: number | 'report', roles: string[]) => {
    if (!listed.some((row) => row.personId === personId)) listed.push({ personId, name, level, roles });
  };
  chain.levels.forEach((level, index) => {
    for (const person of peopleWithRoles(plan, level.notify))
      add(
        person.id,
        person.name,
        index + 1,
        person.roles.filter((role) => level.notify.includes(role)).map((role) => roleName(plan, role)),
      );
  });
  for (const person of peopleWithRoles(plan, chain.reportToSuperior.to))
    add(
      person.id,
      person.name,
      'report',
      person.roles.filter((role) => chain.reportToSuperior.to.includes(role)).map((role) => roleName(plan, role)),
    );
  // Whoever the timeline shows was reached (a duty officer on shift, someone since taken off the plan).
  for (const event of events) {
    if (event.type === 'notified' || event.type === 'called') add(event.personId, event.name, event.level, []);
  }
  return listed.map((row) => {
    const mine = events.filter((event) => 'personId' in event && event.personId === row.personId);
    const first = <T extends TimelineEvent['type']>(type: T) => mine.find((event): event is Extract<TimelineEvent, { type: T }> => event.type === type);
    const texted = first('notified');
    const delivered = first('delivered');
    const called = first('called');
    const confirmed = mine.find((event) => event.type === 'acknowledged' || event.type === 'received');
    const reminded = mine.filter((event) => (event.type === 'notified' || event.type === 'called') && event.round).at(-1) as
      Extract<TimelineEvent, { type: 'notified' | 'called' }> | undefined;
    const failure = mine.filter((event) => event.type === 'notify-failed' || event.type === 'delivery-failed' || event.type === 'call-failed').at(-1) as
      Extract<TimelineEvent, { reason: string }> | undefined;
    return {
      ...row,
      texted: texted ? { at: texted.at, level: texted.level } : null,
      delivered: delivered ? { at: delivered.at } : null,
      called: called ? { at: called.at, to: called.to } : null,
      confirmed: confirmed ? { kind: confirmed.type as 'acknowledged' | 'received', at: confirmed.at } : null,
      reminded: reminded ? { at: reminded.at, round: reminded.round! } : null,
      problem: failure && !confirmed ? { at: failure.at, reason: failure.reason } : null,
    };
  });
}
