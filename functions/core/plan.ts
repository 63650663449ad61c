/**
 * A school's contingency plan (应急预案) as the system runs it. Plans are written as YAML in
 * `plans/`; this is the shape after loading. Everything the workflow does is derived from here.
 */

export type Language = 'zh-CN' | 'en';

/** safety: 安全事故; stability: 涉稳事件 (petitions, sit-ins, strikes ...). */
export type CategoryKind = 'safety' | 'stability';

export interface Plan {
  id: string;
  /** Content hash of the plan file: an incident keeps the version it started under. */
  version: string;
  name: string;
  language: Language;
  timeZone: string;
  organisation: { id: string; name: string; superior: string };
  people: Person[];
  categories: Category[];
  chains: Record<string, Chain>;
}

export interface Person {
  id: string;
  name: string;
  /** E.164, e.g. +8613800000001. */
  phone: string;
  roles: string[];
}

export interface Category {
  /** Short English kebab-case: `fire`, `collective-petition`. */
  id: string;
  /** In the plan's language: 火灾, 集体上访. */
  name: string;
  kind: CategoryKind;
  chain: string;
  /** 119 fire, 110 police, 120 ambulance, 122 traffic. */
  emergencyNumber?: string;
}

/** The people told in turn, each level with its own deadline counted from the report. */
export interface Chain {
  levels: ChainLevel[];
  /** Who must have the report, and when: plan 1 says the bureau within 2 h (6(1)3(3)). */
  reportToSuperior: { to: string[]; within: string };
}

export interface ChainLevel {
  /** Role ids: everyone holding one of them is texted. */
  notify: string[];
  /** Someone must acknowledge within this duration of the report, else the next level is texted. */
  within: string;
}

export class PlanLookupError extends Error {
  override name = 'PlanLookupError';
}

export function categoryOf(plan: Plan, categoryId: string): Category | undefined {
  return plan.categories.find((category) => category.id === categoryId);
}

export function chainOf(plan: Plan, categoryId: string): Chain {
  const category = categoryOf(plan, categoryId);
  const chain = category && plan.chains[category.chain];
  if (!chain) throw new PlanLookupError(`plan ${plan.id}@${plan.version} has no chain for category ${categoryId}`);
  return chain;
}

/** Everyone holding any of the roles, each person once, in the plan's order. */
export function peopleWithRoles(plan: Plan, roles: readonly string[]): Person[] {
  return plan.people.filter((person) => person.roles.some((role) => roles.includes(role)));
}

export function personById(plan: Plan, personId: string): Person | undefined {
  return plan.people.find((person) => person.id === personId);
}
