import { addDays, calendarDay, instantAt, localDate } from './calendar';
import { periodCovers, type Plan, type ScheduledReport, type Weekday } from './model';

/**
 * When a scheduled report is due, as absolute instants: the plan says "every day at 03:00" in its
 * own time zone, and a deadline has to be an instant (docs/design.md, principle 2). Works from the local
 * calendar, so a time zone with daylight saving keeps the wall-clock hour.
 */
export function dueTimes(plan: Plan, report: ScheduledReport, from: Date, until: Date): Date[] {
  const period = report.during === undefined ? undefined : plan.periods?.find((candidate) => candidate.id === report.during);
  const due: Date[] = [];
  // A day either side: local dates and UTC dates differ by up to a day.
  for (let day = localDate(from, plan.timeZone, -1); day <= localDate(until, plan.timeZone, 1); day = addDays(day, 1)) {
    if (period && !periodCovers(period, day)) continue;
    if (!isDueOn(report, day)) continue;
    const instant = instantAt(day, report.schedule.at, plan.timeZone);
    if (instant >= from && instant < until) due.push(instant);
  }
  return due;
}

/** Every due time of every scheduled report of the plan in [from, until), in order. */
export function scheduledReportsDue(plan: Plan, from: Date, until: Date): { report: ScheduledReport; due: Date }[] {
  return (plan.scheduledReports ?? []).flatMap((report) => dueTimes(plan, report, from, until).map((due) => ({ report, due }))).sort((a, b) => a.due.getTime() - b.due.getTime());
}

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Whether the report's calendar (every day, week, month, quarter) falls on a local date. */
export function isDueOn(report: Pick<ScheduledReport, 'schedule'>, day: string): boolean {
  const { month, date, weekday, lastOfMonth } = calendarDay(day);
  const { every, weekday: dueWeekday, day: dayOfMonth = 'last' } = report.schedule;
  const onDay = dayOfMonth === 'last' ? date === lastOfMonth : date === dayOfMonth;
  switch (every) {
    case 'day':
      return true;
    case 'week':
      return WEEKDAYS[weekday] === dueWeekday;
    case 'month':
      return onDay;
    case 'quarter':
      return month % 3 === 0 && onDay;
  }
}
