import { DateTime } from 'luxon';
import type { Plan } from './model';

/** 24-hour HH:mm in the plan's own time zone. */
export function localTime(plan: Plan, iso: string): string {
  return clockTime(plan.timeZone, iso);
}

/** 24-hour HH:mm in a time zone. */
export function clockTime(timeZone: string, iso: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('HH:mm');
}
