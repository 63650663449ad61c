import { parseRequest } from '../base';
import { type Caller, instantAt, type Plan, plansVisibleTo, type ScheduledReport, type ScheduledReportKind } from '../plan';
import { bureauOf, type ReportChannel } from './model';
import { RollUpQueryParams } from './requests';
import type { ScheduledReportDependencies } from './ports';
import { isDueAt } from './wave';

export type RollUpStatus = 'submitted' | 'late' | 'missing' | 'pending';

export interface SchoolReport {
  bureau: string;
  planId: string;
  orgId: string;
  school: string;
  reportId: string;
  report: string;
  dueAt: string;
  /** submitted: in (maybe late); late: past due and not in; missing: past due with no record of it at all; pending: not due yet. */
  status: RollUpStatus;
  /** Past due without it, or it came in after the due time (缓报). */
  late: boolean;
  /** When it came in, by whom, how; absent until it does. */
  submittedAt?: string;
  by?: { personId: string; name: string };
  channel?: ReportChannel;
  situation?: string;
  incident?: { id: string; code: string };
  reminded: string[];
  chased: string[];
}

export interface RollUp {
  date: string;
  type: ScheduledReportKind;
  at: string;
  /**
   * submitted, missing and pending count the rows of that status; late counts every row marked
   * late (in after its due time, or past due and not in, missing ones too), so it agrees with the rows.
   */
  counts: Record<RollUpStatus, number>;
  schools: SchoolReport[];
}

export function validateRollUpQuery(query: Record<string, string | undefined> | null): { date: string; type: ScheduledReportKind; bureau?: string } {
  const { date, type, bureau } = parseRequest(RollUpQueryParams, query ?? {}, 'The query');
  return { date, type, ...(bureau && { bureau }) };
}

/**
 * Every school of a bureau (or of every bureau the plans report to) for one kind of report on one
 * local date: who sent it when, who is late, whose report the system never opened. One Query per
 * bureau for what happened, and the plan catalog for which schools owe one that day.
 */
export async function rollUp(
  deps: Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'clock'>,
  query: { date: string; type: ScheduledReportKind; bureau?: string },
  /** Only the schools this signed-in caller may see (a bureau's desk: its schools; a school: itself). */
  caller?: Caller,
): Promise<RollUp> {
  const now = deps.clock.now();
  const all = await deps.plans.list();
  const plans = caller ? plansVisibleTo(caller, all) : all;
  const visible = new Set(plans.map((plan) => plan.id));
  const bureaus = query.bureau ? [query.bureau] : [...new Set(plans.map(bureauOf))].sort();
  const schools = new Map<string, SchoolReport>();
  const dueAtOf = dueOnce(query.date);
  for (const plan of plans) {
    if (!bureaus.includes(bureauOf(plan))) continue;
    for (const report of plan.scheduledReports ?? []) {
      if (report.kind !== query.type) continue;
      const due = dueAtOf(plan, report);
      if (!due) continue;
      schools.set(`${plan.id}#${report.id}`, {
        bureau: bureauOf(plan),
        planId: plan.id,
        orgId: plan.organisation.id,
        school: plan.organisation.name,
        reportId: report.id,
        report: report.name,
        dueAt: due,
        status: 'pending',
        late: false,
        reminded: [],
        chased: [],
      });
    }
  }
  const opened = new Set<string>();
  for (const bureau of bureaus) {
    for (const { planId, reportId, event } of await deps.reports.eventsOfDay(bureau, query.type, query.date)) {
      const key = `${planId}#${reportId}`;
      if (caller && !visible.has(planId)) continue;
      let school = schools.get(key);
      if (!school && event.type === 'opened') {
        // A school whose plan changed since: what happened still counts.
        school = {
          bureau,
          planId,
          orgId: event.orgId,
          school: event.school,
          reportId,
          report: event.name,
          dueAt: event.dueAt,
          status: 'pending',
          late: false,
          reminded: [],
          chased: [],
        };
        schools.set(key, school);
      }
      if (!school) continue;
      if (event.type === 'opened') opened.add(key);
      if (event.type === 'reminded') school.reminded.push(event.name);
      if (event.type === 'chased') school.chased.push(event.name);
      if (event.type === 'submitted') {
        Object.assign(school, {
          submittedAt: event.at,
          by: { personId: event.personId, name: event.name },
          channel: event.channel,
          ...(event.situation && { situation: event.situation }),
          ...(event.incident && { incident: event.incident }),
        });
      }
    }
  }
  const counts: Record<RollUpStatus, number> = { submitted: 0, late: 0, missing: 0, pending: 0 };
  for (const [key, school] of schools) {
    const overdue = now.toISOString() >= school.dueAt;
    school.status = school.submittedAt ? 'submitted' : !overdue ? 'pending' : opened.has(key) ? 'late' : 'missing';
    school.late = school.submittedAt ? school.submittedAt > school.dueAt : overdue;
    if (school.status !== 'late') counts[school.status] += 1;
    if (school.late) counts.late += 1;
  }
  // localeCompare with no locale compares as a new Intl.Collator() does (ECMA-402): one for the whole sort.
  const { compare } = new Intl.Collator();
  const ordered = [...schools.values()].sort((a, b) => compare(a.bureau, b.bureau) || compare(a.school, b.school) || compare(a.planId, b.planId));
  return { date: query.date, type: query.type, at: now.toISOString(), counts, schools: ordered };
}

/**
 * The due time (ISO) of a plan's report on the date, or undefined when it is not due that day.
 * Thousands of schools share a handful of schedules: the time-zone arithmetic runs once per
 * distinct schedule (its zone, clock time, calendar and period), not once per school.
 */
function dueOnce(date: string): (plan: Plan, report: ScheduledReport) => string | undefined {
  const instants = new Map<string, Date>();
  const known = new Map<string, string | undefined>();
  return (plan, report) => {
    const period = report.during === undefined ? undefined : plan.periods?.find((candidate) => candidate.id === report.during);
    const key = JSON.stringify([plan.timeZone, report.schedule, report.during, period]);
    if (!known.has(key)) {
      const at = `${report.schedule.at} ${plan.timeZone}`;
      if (!instants.has(at)) instants.set(at, instantAt(date, report.schedule.at, plan.timeZone));
      const due = instants.get(at)!;
      known.set(key, isDueAt(plan, report, due) ? due.toISOString() : undefined);
    }
    return known.get(key);
  };
}
