import { ForbiddenError, UnauthorizedError } from '../base';
import type { Person, Plan } from './model';

/**
 * Who may see what in the console. A signed-in caller belongs to groups: `school:<organisation
 * id>` for a school's staff, `bureau:<superior id>` for a superior's (the education bureau's)
 * duty desk. A school user sees that school; a bureau user sees every school whose plan names the
 * bureau among its superiors. The groups are Cognito groups on AWS and are derived from the plan
 * files by the local development sign-in; either way they arrive as the claims API Gateway's
 * Cognito authorizer passes to a function.
 */

export interface Caller {
  /** The identity provider's stable id of the user (Cognito `sub`). */
  subject: string;
  phone?: string;
  name?: string;
  groups: string[];
}

export const groupName = {
  school: (orgId: string) => `school:${orgId}`,
  bureau: (superiorId: string) => `bureau:${superiorId}`,
};

/** The claims of API Gateway's Cognito authorizer (`event.requestContext.authorizer.claims`). */
export type Claims = Record<string, unknown>;

/** The caller the claims describe; no claims (no authorizer ran, or it passed nobody) is a 401. */
export function callerFromClaims(claims: Claims | null | undefined): Caller {
  const subject = claims?.sub;
  if (typeof subject !== 'string' || subject === '') throw new UnauthorizedError('Sign in to see this.');
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    subject,
    phone: text(claims!.phone_number),
    name: text(claims!.name),
    groups: parseGroups(claims!['cognito:groups']),
  };
}

/**
 * `cognito:groups` as the authorizers pass it: an array (ID token JSON), a comma-separated string
 * (REST API Cognito authorizer) or `[a b]` (HTTP API JWT authorizer).
 */
export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[,\s]+/)
    .filter(Boolean);
}

/** The plans whose schools the caller may see, in catalog order. */
export function plansVisibleTo(caller: Caller, plans: readonly Plan[]): Plan[] {
  const groups = new Set(caller.groups);
  return plans.filter(
    (plan) => groups.has(groupName.school(plan.organisation.id)) || (plan.organisation.superiors ?? []).some((superior) => groups.has(groupName.bureau(superior.id))),
  );
}

export function maySee(caller: Caller, plans: readonly Plan[], orgId: string): boolean {
  return plansVisibleTo(caller, plans).some((plan) => plan.organisation.id === orgId);
}

export function assertMaySee(caller: Caller, plans: readonly Plan[], orgId: string): void {
  if (!maySee(caller, plans, orgId)) throw new ForbiddenError('You may not see this school’s incidents.');
}

/**
 * The groups a person listed in the plans belongs to: a superior's duty desk (a person with a
 * `unit`) is in that bureau's group, everyone else in their school's. Used to sign in locally and
 * to say which Cognito group each person belongs to on AWS.
 */
export function groupsForPhone(plans: readonly Plan[], phone: string): string[] {
  const groups = new Set<string>();
  for (const plan of plans) {
    for (const person of plan.people) {
      if (person.phone !== phone) continue;
      groups.add(person.unit ? groupName.bureau(person.unit) : groupName.school(plan.organisation.id));
    }
  }
  return [...groups];
}

/**
 * Every phone in the plans with the console groups it belongs to (as groupsForPhone gives them),
 * in one pass: a bureau's plans list tens of thousands of people. Published with the plans for the
 * sign-in on AWS to read (MembershipStore).
 */
export function membershipsOf(plans: readonly Plan[]): Map<string, string[]> {
  const groups = new Map<string, Set<string>>();
  for (const plan of plans) {
    for (const person of plan.people) {
      // Console sign-in is by mobile number; someone with only a landline does not sign in.
      if (!person.phone) continue;
      const mine = groups.get(person.phone) ?? new Set<string>();
      mine.add(person.unit ? groupName.bureau(person.unit) : groupName.school(plan.organisation.id));
      groups.set(person.phone, mine);
    }
  }
  return new Map([...groups].map(([phone, set]) => [phone, [...set].sort()]));
}

/** Every person in the plans with a phone, once per phone, with the names they go by and the fixed lines they are called on. */
export function peopleByPhone(plans: readonly Plan[]): { phone: string; name: string; plans: string[]; landlines: string[]; groups: string[]; timeZone: string }[] {
  const byPhone = new Map<string, { phone: string; name: string; plans: string[]; landlines: string[]; timeZone: string }>();
  for (const plan of plans) {
    for (const person of plan.people) {
      if (!person.phone) continue;
      // Times shown to the phone are in its (first) plan's zone, as the texts and the console say them.
      const entry = byPhone.get(person.phone) ?? { phone: person.phone, name: person.name, plans: [], landlines: [], timeZone: plan.timeZone };
      if (!entry.plans.includes(plan.id)) entry.plans.push(plan.id);
      if (person.landline && !entry.landlines.includes(person.landline)) entry.landlines.push(person.landline);
      byPhone.set(person.phone, entry);
    }
  }
  return [...byPhone.values()].map((entry) => ({ ...entry, groups: groupsForPhone(plans, entry.phone) }));
}

/** The group that makes a person of a plan its staff: their bureau's for a superior's desk, else the school's. */
export function membershipOf(plan: Plan, person: Person): string {
  return person.unit ? groupName.bureau(person.unit) : groupName.school(plan.organisation.id);
}

/**
 * The person in a plan the caller is: the phone claim matches and the sign-in carries that
 * person's membership (the school's group, or their bureau's). The phone alone is not enough: a
 * user of one school with another school's number acts for nobody there.
 */
export function personOf(plan: Plan, caller: Caller): Person | undefined {
  if (!caller.phone) return undefined;
  const person = plan.people.find((candidate) => candidate.phone === caller.phone);
  return person && caller.groups.includes(membershipOf(plan, person)) ? person : undefined;
}

/** Why `personOf` found nobody, for the 403. */
export function whyNotActing(plan: Plan, caller: Caller, what: string): string {
  const person = caller.phone ? plan.people.find((candidate) => candidate.phone === caller.phone) : undefined;
  if (person) return `Your sign-in is not a member of ${membershipOf(plan, person)}, so your phone number alone does not let you ${what} for ${plan.organisation.name}.`;
  return `You are not on ${plan.organisation.name}'s plan, so you may not ${what} for it.`;
}
