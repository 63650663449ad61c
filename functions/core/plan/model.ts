/**
 * A school's contingency plan (应急预案) as the system runs it. Plans are written as YAML in
 * `plans/` (format: functions/core/plan/schema.ts, docs/plans.md); this is the shape after loading
 * and checking. Everything the workflow does is derived from here.
 *
 * Fields added after the walking skeleton are optional, so a plan built by hand (in a test) with
 * only the original fields still runs.
 */

export type Language = 'zh-CN' | 'en';

/** safety: 安全事故; stability: 涉稳事件 (petitions, sit-ins, strikes, sensitive events ...). */
export type CategoryKind = 'safety' | 'stability';

/** 一般 / 重大 / 特大. An incident is `general` unless its reporter or its category says otherwise. */
export type Severity = 'general' | 'major' | 'especially-major';
export const SEVERITIES: readonly Severity[] = ['general', 'major', 'especially-major'];
export const DEFAULT_SEVERITY: Severity = 'general';

export interface Plan {
  id: string;
  /** Content hash of the plan file: an incident keeps the version it started under. */
  version: string;
  name: string;
  language: Language;
  timeZone: string;
  organisation: Organisation;
  /** Role id → its name in the plan's language (校长, 值班领导 ...). */
  roles?: Record<string, string>;
  people: Person[];
  categories: Category[];
  chains: Record<string, Chain>;
  /** What every report must say (plan 1 六(一)2: time, place, situation). */
  reportContent?: ReportField[];
  /** Periods with heightened duty (两会, 春节); the plan may be in force only then. */
  periods?: Period[];
  /** Who is on duty when (值班表): shifts in the plan's time zone, each with its rota. */
  duty?: DutyRoster;
  /** Reports due on a schedule whether or not anything happened (零报告, 报平安, 月检查 ...). */
  scheduledReports?: ScheduledReport[];
  afterAction?: AfterAction;
  /** Case ownership (包案): a team owns each petitioner's case until it is resolved. */
  cases?: Case[];
  /** The document the plan was written from. */
  source?: { title: string; date?: string };
  /** Local hours nobody is called for an unconfirmed text (stability events and landline-only people excepted). */
  quietHours?: { from: string; to: string };
}

export interface Organisation {
  id: string;
  name: string;
  /** The short name (简称) an alert uses when the full name does not fit one segment. */
  shortName?: string;
  /** Name of the main superior (the first of `superiors`): who gets reports and late notices. */
  superior: string;
  superiors?: Superior[];
}

export type SuperiorKind = 'education-bureau' | 'district-committee' | 'central-school' | 'police' | 'government';

/** 区教育局, 区教委, 镇中心小学, 公安分局内保处, 区委区政府 ... */
export interface Superior {
  id: string;
  name: string;
  kind: SuperiorKind;
}

export interface Person {
  id: string;
  name: string;
  /** Mobile, E.164, e.g. +8613800000001: texted, and called when a text goes unconfirmed. */
  phone?: string;
  /** A fixed line, E.164 (+861012345678): called, never texted. A person has a phone, a landline or both. */
  landline?: string;
  roles: string[];
  /** The superior unit this person works for (a bureau's duty desk); absent for the school's own staff. */
  unit?: string;
}

export interface Category {
  /** Short English kebab-case: `fire`, `collective-petition`. */
  id: string;
  /** In the plan's language: 火灾, 集体上访. */
  name: string;
  kind: CategoryKind;
  /** The chain of a general (一般) incident. */
  chain: string;
  /** Chains for graver incidents; a severity without one falls back to the next lower one's. */
  severityChains?: Partial<Record<Exclude<Severity, 'general'>, string>>;
  /** The severity an incident of this category has when the reporter names none. */
  defaultSeverity?: Severity;
  /** 119 fire, 110 police, 120 ambulance, 122 traffic. */
  emergencyNumber?: string;
}

/** The people told in turn, each level with its own deadline counted from the report. */
export interface Chain {
  levels: ChainLevel[];
  /** Who must have the report, and when: plan 1 says the bureau within 2 h (6(1)3(3)). */
  reportToSuperior: ReportToSuperior;
  /**
   * Roles told the moment an incident is reported, for information (plan 1: stability events go to
   * the bureau 第一时间). Loading merges them into level 1's `notify`, so the workflow texts them then.
   */
  immediately?: string[];
  /**
   * The roles whose acknowledgement stops escalation: the levels' own roles (not those merged in
   * from `immediately`) and any the plan adds. Absent on a hand-built chain: the levels' roles
   * but `immediately`'s.
   */
  canAcknowledge?: string[];
  /** The written report after handling (书面报告), when it differs from the plan's. */
  writtenReport?: WrittenReport;
}

export interface ChainLevel {
  /** Role ids: everyone holding one of them is texted. */
  notify: string[];
  /** Someone must acknowledge within this duration of the report, else the next level is texted. */
  within: string;
  /** Set on the levels that repeat the top level (1 for the first repeat ...). */
  repeat?: number;
  /** How long after the level's text the unconfirmed are called (the level's, else the chain's); half the level's window when absent. */
  callAfter?: string;
}

export interface ReportToSuperior {
  to: string[];
  within: string;
  /** Who is responsible for making the report (plan 1: the principal). */
  by?: string[];
  /** How the plan says it is made: plan 3 says by phone or fax for major events, in writing otherwise. */
  means?: ReportMeans[];
}

export type ReportMeans = 'phone' | 'fax' | 'sms' | 'written' | 'in-person';
export type ReportField = 'time' | 'place' | 'situation' | 'casualties' | 'cause' | 'measures';

export interface Period {
  id: string;
  name: string;
  /** Local dates, inclusive: `2014-03-03`. The plan's own year, an example when the bureau's calendar sets others. */
  from: string;
  to: string;
  /** The same period in other years, as the bureau's calendar sets them (GET|PUT /periods): no redeploy. */
  dates?: { from: string; to: string }[];
  duty?: {
    /** 24小时值班. */
    roundTheClock?: boolean;
    /** Roles that must keep their phones on day and night (必须保持24时开机). */
    phonesOn?: string[];
    /** Roles that take turns on duty. */
    roster?: string[];
  };
}

/**
 * The duty roster (值班表). Its `role` (duty-officer, 值班负责人 ...) is held by whoever is on shift
 * at the instant it is resolved, so a chain or a scheduled report that names the role texts the
 * person on duty at the time of each text (functions/core/duty/duty.ts).
 */
export interface DutyRoster {
  /** The role the roster decides; chains and scheduled reports name it like any role. */
  role: string;
  /**
   * The roster runs only in this period (两会); outside it the role is held as `people` says (the
   * duty phone). Without it the roster always runs and nobody may hold the role in `people`.
   */
  during?: string;
  /** Roles whose holders may swap and cover shifts (the duty lead, 值班领导). */
  leads?: string[];
  shifts: Shift[];
}

export interface Shift {
  id: string;
  name?: string;
  /** Local `HH:mm` the shift starts (is handed over). */
  starts: string;
  /** Local `HH:mm` it ends: earlier than `starts` runs past midnight; equal to it is a 24-hour shift. */
  ends: string;
  rota: Rota;
}

/** Who takes the shift: `people` in turn, each for a day (or a week), the first on `start`. */
export interface Rota {
  /** Local date (`YYYY-MM-DD`) of the first person's first shift. */
  start: string;
  people: string[];
  every?: 'day' | 'week';
}

export type ScheduledReportKind = 'zero-report' | 'all-clear' | 'inspection' | 'safety-check' | 'dispute-screening';
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface ScheduledReport {
  id: string;
  name: string;
  kind: ScheduledReportKind;
  schedule: Schedule;
  /** Only while this period runs; always when absent. */
  during?: string;
  /** Roles that submit it. */
  from: string[];
  /** Roles (of the school or a superior) it goes to. */
  to: string[];
  /** Who is texted when it has not come in, each step counted from the due time. */
  ifLate: { notify: string[]; after: string }[];
  /** How long before the due time those who submit it are reminded; `0m` for no reminder. 30m when absent. */
  remindBefore?: string;
  checklist?: string[];
}

export interface Schedule {
  every: 'day' | 'week' | 'month' | 'quarter';
  /** Local time of day it is due, `HH:mm`. */
  at: string;
  /** For `week`. */
  weekday?: Weekday;
  /** For `month` (day of the month) and `quarter` (day of the quarter's last month); `last` by default. */
  day?: number | 'last';
}

export interface WrittenReport {
  to: string[];
  /** Counted from the incident being closed; absent when the plan sets no deadline. At most LONGEST_WRITTEN_REPORT_WITHIN. */
  within?: string;
}

/**
 * The longest a written report's `within` may be: statemachines/written-report.asl.json waits for
 * the deadline in one execution, and the local engine (aws-local-stepfunctions) runs that Wait and
 * the execution's TimeoutSeconds as Node setTimeout delays, which Node caps at 2^31-1 ms ≈ 24.86
 * days (a longer delay fires at once: https://nodejs.org/api/timers.html#settimeoutcallback-delay-args).
 * Step Functions itself would wait a year (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html);
 * the local engine is the bound. Whole days, with most of a day left for the execution to start
 * after the close and to check the report.
 */
export const LONGEST_WRITTEN_REPORT_WITHIN = '24d';

export interface AfterAction {
  writtenReport?: WrittenReport;
  /** What people are held to account for (隐瞒、缓报、谎报 ...), in the plan's words. */
  accountability?: string[];
}

export interface Case {
  id: string;
  /** Who or what the case is about, in the plan's language. */
  name: string;
  /** The case team (包案小组). */
  owners: string[];
  /** How often the team must be in touch with the petitioner (约访、下访). */
  contactEvery?: string;
}

export class PlanLookupError extends Error {
  override name = 'PlanLookupError';
}

export function categoryOf(plan: Plan, categoryId: string): Category | undefined {
  return plan.categories.find((category) => category.id === categoryId);
}

/** The id of the chain an incident of this category and severity runs. */
export function chainIdOf(category: Category, severity: Severity = category.defaultSeverity ?? DEFAULT_SEVERITY): string {
  const graver = category.severityChains ?? {};
  if (severity === 'especially-major') return graver['especially-major'] ?? graver.major ?? category.chain;
  if (severity === 'major') return graver.major ?? category.chain;
  return category.chain;
}

export function chainOf(plan: Plan, categoryId: string, severity?: Severity): Chain {
  const category = categoryOf(plan, categoryId);
  const chain = category && plan.chains[chainIdOf(category, severity)];
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

/** A role's name in the plan's language, or its id when the plan names none. */
export function roleName(plan: Plan, roleId: string): string {
  return plan.roles?.[roleId] ?? roleId;
}

/** Whether a period runs on a local date: the plan's own dates or any the bureau's calendar set. */
export function periodCovers(period: Period, day: string): boolean {
  return [period, ...(period.dates ?? [])].some((dates) => dates.from <= day && day <= dates.to);
}
