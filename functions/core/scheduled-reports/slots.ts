import { parseDuration } from '../base';
import { nearestInstantAt, type Plan, type ScheduledReport, timeOfDayBefore } from '../plan';

/** The schedule fires this long before the earliest reminder, so the wave is open when it is due. */
export const WAVE_LEAD = '5m';
export const DEFAULT_REMIND_BEFORE = '30m';

export interface ReportSlot {
  timeZone: string;
  /** Local time due, `HH:mm`. */
  at: string;
  remindBefore: string;
  /** The ifLate steps' `after`, in order. */
  chase: string[];
}

export function slotOf(plan: Plan, report: ScheduledReport): ReportSlot {
  return {
    timeZone: plan.timeZone,
    at: report.schedule.at,
    remindBefore: report.remindBefore ?? DEFAULT_REMIND_BEFORE,
    chase: report.ifLate.map((step) => step.after),
  };
}

/** `Asia/Shanghai 17:00 remind 30m chase 0m,1h`: reports with the same key are one wave. */
export function slotKey(slot: ReportSlot): string {
  return `${slot.timeZone} ${slot.at} remind ${slot.remindBefore} chase ${slot.chase.join(',')}`;
}

/**
 * The timetables the plans' scheduled reports need, each once, with the local time of day its
 * schedule fires (`WAVE_LEAD` before the reminder). These are what EventBridge Scheduler (and the
 * local scheduler) run daily: a handful for a bureau of 5,000 schools, not one per school.
 */
export function reportSlots(plans: readonly Plan[]): { key: string; slot: ReportSlot; firesAt: string }[] {
  const slots = new Map<string, ReportSlot>();
  for (const plan of plans) for (const report of plan.scheduledReports ?? []) slots.set(slotKey(slotOf(plan, report)), slotOf(plan, report));
  return [...slots.entries()]
    .map(([key, slot]) => ({ key, slot, firesAt: timeOfDayBefore(slot.at, parseDuration(slot.remindBefore) + parseDuration(WAVE_LEAD)) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The due instant a slot's firing is for: the one with the slot's local time nearest to where the lead puts it. */
export function dueAtFor(slot: ReportSlot, firedAt: Date): Date {
  const aimed = firedAt.getTime() + parseDuration(slot.remindBefore) + parseDuration(WAVE_LEAD);
  return nearestInstantAt(slot.at, slot.timeZone, new Date(aimed));
}
