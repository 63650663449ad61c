import { createHash } from 'node:crypto';
import { instantAt } from './calendar';
import { type Period, periodCovers, type Plan, type Schedule, type ScheduledReportKind } from './model';
import { isDueOn } from './schedule';

/**
 * What the published plans expect of a bureau's schools, kept as an index the plan catalog writes
 * when it publishes a plan, so the bureau's roll-up reads a handful of items instead of every plan
 * (issue 14: listing 5,000 plans took seconds). Thousands of schools share a few timetables; each
 * timetable is stored once with the tags of the schools that keep it, and each school once with
 * the little a roll-up row shows of it.
 */

/** When a report is due, whatever school keeps it: the roll-up works out per date whether and when. */
export interface Timetable {
  timeZone: string;
  schedule: Schedule;
  /** The plan's period the report runs in; the bureau's calendar may date it (withCalendar). */
  during?: string;
  period?: Period;
}

/** One school's report owed to a bureau, as a roll-up row names it. */
export interface ExpectedSchool {
  bureau: string;
  kind: ScheduledReportKind;
  planId: string;
  reportId: string;
  orgId: string;
  school: string;
  report: string;
  /** Who may see it besides the school: its superiors' desks (plansVisibleTo). */
  superiors: string[];
  /** timetableKey of its timetable. */
  timetable: string;
}

/** A timetable and the tags (schoolTag) of the schools of one bureau that keep it for one kind of report. */
export interface ExpectedTimetable {
  key: string;
  timetable: Timetable;
  schools: string[];
}

/** The bureau whose roll-up a plan's reports appear in: its main superior. */
export function bureauOf(plan: Plan): string {
  return plan.organisation.superiors?.[0]?.id ?? plan.organisation.superior;
}

/**
 * A short, fixed name for one school's report (plan and report id): what the index and the day's
 * counts hold instead of the ids. 60 bits: two of a bureau's schools share one with odds of about
 * 1 in 10^10 at 5,000 schools.
 */
export const schoolTag = (planId: string, reportId: string) => createHash('sha256').update(`${planId}#${reportId}`).digest('base64url').slice(0, 10);

export const timetableKey = (timetable: Timetable) => createHash('sha256').update(JSON.stringify(timetable)).digest('base64url').slice(0, 12);

/** Every scheduled report of a plan as the index keeps it. */
export function expectedOf(plan: Plan): { school: ExpectedSchool; timetable: Timetable }[] {
  const bureau = bureauOf(plan);
  return (plan.scheduledReports ?? []).map((report) => {
    const period = report.during === undefined ? undefined : plan.periods?.find((candidate) => candidate.id === report.during);
    const timetable: Timetable = { timeZone: plan.timeZone, schedule: report.schedule, ...(report.during !== undefined && { during: report.during }), ...(period && { period }) };
    return {
      timetable,
      school: {
        bureau,
        kind: report.kind,
        planId: plan.id,
        reportId: report.id,
        orgId: plan.organisation.id,
        school: plan.organisation.name,
        report: report.name,
        superiors: (plan.organisation.superiors ?? []).map((superior) => superior.id),
        timetable: timetableKey(timetable),
      },
    };
  });
}

/** The instant (ISO) a timetable's report is due on a local date, or undefined when it is not due that day (as dueTimes says). */
export function dueOn(timetable: Timetable, date: string): string | undefined {
  if (timetable.period && !periodCovers(timetable.period, date)) return undefined;
  if (!isDueOn(timetable, date)) return undefined;
  return instantAt(date, timetable.schedule.at, timetable.timeZone).toISOString();
}
