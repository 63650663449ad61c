import { roleName, type Chain, type Person, type Plan } from '../plan';
import type { TimelineEvent } from './model';
import type { RoleHolders } from './ports';

/**
 * Who may do what on an incident, as the plan says (DESIGN.md, "Authority follows the plan"):
 * - Only someone on the chain's levels, or on the chain's `canAcknowledge`, stops escalation.
 * - People told at once or for information (`immediately`: the bureau's desk, plan 2's petition
 *   team) record 已阅 (received): it is on the timeline and stops nothing.
 * - Only `reportToSuperior.by` marks the incident reported to the superior; a `by` that names the
 *   duty roster's role means whoever is on duty (`RoleHolders`: the duty feature knows the roster). A chain without `by` leaves it to those who may
 *   acknowledge.
 * - A superior's staff (a person with a `unit`: the bureau's desk) never act for the school: they
 *   record received, comment and ask for the written report.
 * The same rules hold for the link, the SMS reply and the console.
 */

export type Standing = 'responder' | 'informed' | 'superior' | 'staff';

export interface Authority {
  standing: Standing;
  mayAcknowledge: boolean;
  mayReport: boolean;
  mayClose: boolean;
  mayReceive: boolean;
  mayRequestWrittenReport: boolean;
}

/** The roles whose acknowledgement stops the chain. */
export function acknowledgingRoles(chain: Chain): string[] {
  if (chain.canAcknowledge) return chain.canAcknowledge;
  const told = new Set(chain.immediately ?? []);
  return [...new Set(chain.levels.flatMap((level) => level.notify))].filter((role) => !told.has(role));
}

/** The roles that make the report to the superior. */
export function reportingRoles(chain: Chain): string[] {
  return chain.reportToSuperior.by ?? acknowledgingRoles(chain);
}

/** Whether a person holds one of the roles at any of the instants. */
async function holds(holders: RoleHolders, plan: Plan, roles: readonly string[], person: Person, instants: readonly Date[]): Promise<boolean> {
  for (const instant of instants) if ((await holders(plan, roles, instant)).some((holder) => holder.id === person.id)) return true;
  return false;
}

/** The plan's people as written: who holds a role when no roster is consulted. */
export const rolesAsWritten: RoleHolders = async (plan, roles) => plan.people.filter((person) => person.roles.some((role) => roles.includes(role)));

/** A person's standing on an incident: what they hold now, or held when a level texted them. */
export async function authorityOf(plan: Plan, chain: Chain, person: Person, context: { holders: RoleHolders; timeline: readonly TimelineEvent[]; now: Date }): Promise<Authority> {
  const textedAt = context.timeline.flatMap((event) => (event.type === 'notified' && event.personId === person.id && typeof event.level === 'number' ? [new Date(event.at)] : []));
  const instants = [context.now, ...textedAt];
  const superior = person.unit !== undefined;
  const mayAcknowledge = await holds(context.holders, plan, acknowledgingRoles(chain), person, instants);
  const mayReport = !superior && (await holds(context.holders, plan, reportingRoles(chain), person, [context.now]));
  const toldRoles = [...(chain.immediately ?? []), ...chain.reportToSuperior.to];
  const informed = context.timeline.some((event) => event.type === 'notified' && event.personId === person.id) || (await holds(context.holders, plan, toldRoles, person, instants));
  const standing: Standing = mayAcknowledge || mayReport ? 'responder' : superior ? 'superior' : informed ? 'informed' : 'staff';
  return {
    standing,
    mayAcknowledge,
    mayReport,
    mayClose: !superior && (mayAcknowledge || mayReport),
    mayReceive: !mayAcknowledge && (superior || informed),
    mayRequestWrittenReport: superior,
  };
}

/** Why a person may not acknowledge: said to them by link, SMS and console alike. */
export function whyNotAcknowledge(plan: Plan, chain: Chain): string {
  return `You were told for information: record 已阅 (received) instead. Only ${rolesNamed(plan, acknowledgingRoles(chain))} can take charge and stop the escalation.`;
}

export function whyNotReport(plan: Plan, chain: Chain): string {
  return `Only ${rolesNamed(plan, reportingRoles(chain))} can mark this incident reported to ${plan.organisation.superior}.`;
}

export function whyNotClose(plan: Plan, chain: Chain): string {
  return `Only ${rolesNamed(plan, [...new Set([...acknowledgingRoles(chain), ...reportingRoles(chain)])])} can close this incident.`;
}

export function rolesNamed(plan: Plan, roles: readonly string[]): string {
  return roles.map((role) => roleName(plan, role)).join('、');
}

/** What `plan validate` says about each chain: who stops it, who is only told, who reports. */
export function authorityRules(plan: Plan): string[] {
  return Object.entries(plan.chains).map(([chainId, chain]) => {
    const told = (chain.immediately ?? []).filter((role) => !acknowledgingRoles(chain).includes(role));
    return (
      `chain ${chainId}: only ${rolesNamed(plan, acknowledgingRoles(chain))} can acknowledge and stop it` +
      (told.length > 0 ? `; ${rolesNamed(plan, told)} (told immediately, for information) record 已阅, which stops nothing` : '') +
      `; only ${rolesNamed(plan, reportingRoles(chain))} can mark it reported to ${plan.organisation.superior}` +
      `; ${plan.organisation.superior}'s staff record received, comment and ask for the written report`
    );
  });
}
