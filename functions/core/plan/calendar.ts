/**
 * The plan's calendar: local dates, wall-clock times (`HH:mm`) and the instants they fall on in a
 * time zone. Every conversion between the plan's wall clock and instants goes through here.
 */

/** `HH:mm` (checked by the plan schema) as numbers. */
export function timeOfDay(text: string): { hour: number; minute: number } {
  const [hour, minute] = text.split(':').map(Number) as [number, number];
  return { hour, minute };
}

/** Minutes since midnight of an `HH:mm`. */
export function minutesOfDay(text: string): number {
  const { hour, minute } = timeOfDay(text);
  return hour * 60 + minute;
}

/** The `HH:mm` a duration before another, on a 24-hour clock (00:10 less 30 minutes is 23:40). */
export function timeOfDayBefore(time: string, ms: number): string {
  const minutes = (((minutesOfDay(time) - Math.round(ms / 60_000)) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Of the instants a local `HH:mm` happens in a time zone, the one nearest to `aimed` (a schedule fires a little early or late). */
export function nearestInstantAt(time: string, timeZone: string, aimed: Date): Date {
  const candidates = [-1, 0, 1].map((shift) => instantAt(localDate(aimed, timeZone, shift), time, timeZone));
  return candidates.sort((a, b) => Math.abs(a.getTime() - aimed.getTime()) - Math.abs(b.getTime() - aimed.getTime()))[0]!;
}

/** A local date's month (1-12), day of the month, weekday (0 Sunday ... 6 Saturday) and its month's last day. */
export function calendarDay(day: string): { month: number; date: number; weekday: number; lastOfMonth: number } {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { month, date, weekday: new Date(Date.UTC(year, month - 1, date)).getUTCDay(), lastOfMonth: new Date(Date.UTC(year, month, 0)).getUTCDate() };
}

/** The instant a local `HH:mm` happens on a local date in a time zone. */
export function instantAt(day: string, time: string, timeZone: string): Date {
  const { hour, minute } = timeOfDay(time);
  return zonedInstant(day, hour, minute, timeZone);
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

/** A local calendar date (`YYYY-MM-DD`) moved by whole days. */
export function addDays(day: string, days: number): string {
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
