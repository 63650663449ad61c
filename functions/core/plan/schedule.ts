import type { Plan, ScheduledReport, Weekday } from './model';

/**
 * When a scheduled report is due, as absolute instants: the plan says "every day at 03:00" in its
 * own time zone, and a deadline has to be an instant (DESIGN.md, principle 2). Works from the local
 * calendar, so a time zone with daylight saving keeps the wall-clock hour.
 */
export function dueTimes(plan: Plan, report: ScheduledReport, from: Date, until: Date): Date[] {
  const period = report.during === undefined ? undefined : plan.periods?.find((candidate) => candidate.id === report.during);
  const [hour, minute] = report.schedule.at.split(':').map(Number) as [number, number];
  const due: Date[] = [];
  // A day either side: local dates and UTC dates differ by up to a day.
  for (let day = localDate(from, plan.timeZone, -1); day <= localDate(until, plan.timeZone, 1); day = addDays(day, 1)) {
    if (period && (day < period.from || day > period.to)) continue;
    if (!isDueOn(report, day)) continue;
    const instant = zonedInstant(day, hour, minute, plan.timeZone);
    if (instant >= from && instant < until) due.push(instant);
  }
  return due;
}

/** Every due time of every scheduled report of the plan in [from, until), in order. */
export function scheduledReportsDue(plan: Plan, from: Date, until: Date): { report: ScheduledReport; due: Date }[] {
  return (plan.scheduledReports ?? [])
    .flatMap((report) => dueTimes(plan, report, from, until).map((due) => ({ report, due })))
    .sort((a, b) => a.due.getTime() - b.due.getTime());
}

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function isDueOn(report: ScheduledReport, day: string): boolean {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const { every, weekday, day: dayOfMonth = 'last' } = report.schedule;
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const onDay = dayOfMonth === 'last' ? date === lastOfMonth : date === dayOfMonth;
  switch (every) {
    case 'day':
      return true;
    case 'week':
      return WEEKDAYS[new Date(Date.UTC(year, month - 1, date)).getUTCDay()] === weekday;
    case 'month':
      return onDay;
    case 'quarter':
      return month % 3 === 0 && onDay;
  }
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a time zone, shifted by whole days. */
export function localDate(instant: Date, timeZone: string, shiftDays = 0): string {
  const parts = formatter(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(instant);
  return addDays(parts, shiftDays);
}

// Making an Intl.DateTimeFormat costs far more than using one: a wave resolves thousands of shifts.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();
function formatter(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) cache.set(timeZone, (format = make()));
  return format;
}

function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The instant a local wall-clock time happens in a time zone. */
export function zonedInstant(day: string, hour: number, minute: number, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  // Guess with the offset at the wall time read as UTC, then correct once for a DST change between.
  let instant = wall - offsetAt(new Date(wall), timeZone);
  instant = wall - offsetAt(new Date(instant), timeZone);
  return new Date(instant);
}

/** The time zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(partFormats, timeZone, () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
    )
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
