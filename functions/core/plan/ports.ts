import type { ExpectedSchool, ExpectedTimetable } from './expected';
import type { Plan, ScheduledReportKind } from './model';

export interface PlanCatalog {
  /** The current version of every plan. */
  list(): Promise<Plan[]>;
  /** A plan at a version, or its current version when none is given. */
  get(planId: string, version?: string): Promise<Plan | undefined>;
  /** Several plans at their versions in batched reads (a wave's batch); `planId@version` → plan, the missing left out. */
  versions(refs: readonly { planId: string; version: string }[]): Promise<Map<string, Plan>>;
  publish(plan: Plan): Promise<void>;
  /** The bureaus the published plans report to (each plan's main superior), sorted. */
  bureaus(): Promise<string[]>;
  /** The timetables on which a bureau's schools owe a kind of report, each with the schools keeping it: a few items, however many schools. */
  timetables(bureau: string, kind: ScheduledReportKind): Promise<ExpectedTimetable[]>;
  /** The schools owing a bureau a kind of report, in plan and report id order, from after `after` (planId#reportId); `next` when there may be more. */
  expectedSchools(bureau: string, kind: ScheduledReportKind, page: { after?: string; limit: number }): Promise<{ schools: ExpectedSchool[]; next?: string }>;
}

/**
 * Which schools and bureaus each phone belongs to in the console, as data published with the
 * plans (membershipsOf): the sign-in reads one phone's groups instead of every plan.
 */
export interface MembershipStore {
  /** Makes these memberships, and only these, current; `publication` names the set of plans they come from. */
  publish(publication: string, members: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** The groups of a phone in the current publication; none for a phone no plan lists. */
  groupsOf(phone: string): Promise<string[]>;
}
