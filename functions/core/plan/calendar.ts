import { DateTime, Duration } from 'luxon';

/**
 * The plan's calendar: local dates, wall-clock times (`HH:mm`) and the instants they fall on in a
 * time zone. Every conversion between the plan's wall clock and instants goes through here, and
 * through luxon: time zones, DST and calendars are the IANA database's, not ours.
 */

/** `HH:mm` (checked by the plan schema) as numbers. */
export function timeOfDay(text: string): { hour: number; minute: number } {
  const { hours, minutes } = Duration.fromISOTime(text);
  return { hour: hours, minute: minutes };
}

/** Minutes since midnight of an `HH:mm`. */
export function minutesOfDay(text: string): number {
  return Duration.fromISOTime(text).as('minutes');
}

/** The `HH:mm` a duration before another, on a 24-hour clock (00:10 less 30 minutes is 23:40). */
export function timeOfDayBefore(time: string, ms: number): string {
  return DateTime.fromISO(`2000-01-01T${time}`, { zone: 'UTC' })
    .minus({ minutes: Math.round(ms / 60_000) })
    .toFormat('HH:mm');
}

/** Of the instants a local `HH:mm` happens in a time zone, the one nearest to `aimed` (a schedule fires a little early or late). */
export function nearestInstantAt(time: string, timeZone: string, aimed: Date): Date {
  const candidates = [-1, 0, 1].map((shift) => instantAt(localDate(aimed, timeZone, shift), time, timeZone));
  return candidates.sort((a, b) => Math.abs(a.getTime() - aimed.getTime()) - Math.abs(b.getTime() - aimed.getTime()))[0]!;
}

/** A local date's month (1-12), day of the month, weekday (0 Sunday ... 6 Saturday) and its month's last day. */
export function calendarDay(day: string): { month: number; date: number; weekday: number; lastOfMonth: number } {
  const local = DateTime.fromISO(day, { zone: 'UTC' });
  return { month: local.month, date: local.day, weekday: local.weekday % 7, lastOfMonth: local.daysInMonth! };
}

/** The instant a local `HH:mm` happens on a local date in a time zone. */
export function instantAt(day: string, time: string, timeZone: string): Date {
  const { hour, minute } = timeOfDay(time);
  return zonedInstant(day, hour, minute, timeZone);
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a time zone, shifted by whole days. */
export function localDate(instant: Date, timeZone: string, shiftDays = 0): string {
  return addDays(DateTime.fromJSDate(instant, { zone: timeZone }).toISODate()!, shiftDays);
}

/** A local calendar date (`YYYY-MM-DD`) moved by whole days. */
export function addDays(day: string, days: number): string {
  return days === 0 ? day : DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Whole days from one local calendar date to another (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  return DateTime.fromISO(to, { zone: 'UTC' }).diff(DateTime.fromISO(from, { zone: 'UTC' }), 'days').days;
}

/**
 * The instant a local wall-clock time happens in a time zone. A time the clocks skip (spring
 * forward) is moved forward by the gap; a time that happens twice (fall back) is its first.
 */
export function zonedInstant(day: string, hour: number, minute: number, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const found = DateTime.fromObject({ year, month, day: date, hour, minute }, { zone: timeZone });
  // Of a wall time that happens twice luxon takes the second; the plan means the first, an offset earlier.
  const first = found.minus({ minutes: found.minus({ days: 1 }).offset - found.offset });
  return (first < found && first.hour === hour && first.minute === minute ? first : found).toJSDate();
}
