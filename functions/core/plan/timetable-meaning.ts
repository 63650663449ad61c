import { minutesOfDay } from './calendar';
import { parseDuration } from '../base';
import type { PathProblem } from './positions';
import type { PlanFile } from './schema';
import { suggestion } from './structure';

/** What a plan's timetables must mean: scheduled reports that can fall due, and a duty roster with no gaps or overlaps. */

export function scheduleProblems(plan: PlanFile): PathProblem[] {
  return (plan.scheduledReports ?? []).flatMap((report, index) => {
    const at = ['scheduledReports', index];
    const problems: PathProblem[] = [];
    if (report.every === 'week' && report.weekday === undefined) {
      problems.push({ path: [...at, 'every'], message: `a weekly report needs a weekday: (mon ... sun)` });
    }
    if (report.every !== 'week' && report.weekday !== undefined) {
      problems.push({ path: [...at, 'weekday'], atKey: true, message: `weekday is for every: week, not every: ${report.every}` });
    }
    if (report.day !== undefined && report.every !== 'month' && report.every !== 'quarter') {
      problems.push({ path: [...at, 'day'], atKey: true, message: `day is for every: month or quarter, not every: ${report.every}` });
    }
    if (typeof report.day === 'number' && report.day > 28) {
      problems.push({ path: [...at, 'day'], message: `day ${report.day} is missing from some months; write day: last for the end of the month` });
    }
    if (report.remindBefore !== undefined && parseDuration(report.remindBefore) > MAX_REMIND_BEFORE) {
      problems.push({ path: [...at, 'remindBefore'], message: `a reminder ${report.remindBefore} before the due time is too early; at most 12h` });
    }
    report.ifLate.forEach((step, stepIndex) => {
      if (parseDuration(step.after) > MAX_LATE_STEP) {
        problems.push({ path: [...at, 'ifLate', stepIndex, 'after'], message: `late step ${stepIndex + 1} comes ${step.after} after the due time; the chase ends within 7d` });
      }
      const before = report.ifLate[stepIndex - 1];
      if (before && parseDuration(step.after) <= parseDuration(before.after)) {
        problems.push({
          path: [...at, 'ifLate', stepIndex, 'after'],
          message: `late step ${stepIndex + 1} comes ${step.after} after the due time, not after step ${stepIndex} (${before.after})`,
        });
      }
    });
    return problems;
  });
}

/** A reminder is texted the same day; the chase of a missing report runs at most a week (the wave's lifetime). */
const MAX_REMIND_BEFORE = parseDuration('12h');
const MAX_LATE_STEP = parseDuration('7d');

/**
 * The roster's role exists and is not also handed out in people (unless only outside its period),
 * its period exists, its rota people exist, and no two shifts cover the same minute.
 */
export function dutyProblems(plan: PlanFile): PathProblem[] {
  const { duty } = plan;
  if (!duty) return [];
  const problems: PathProblem[] = [];
  const declared = Object.keys(plan.roles);
  if (!declared.includes(duty.role)) {
    problems.push({ path: ['duty', 'role'], message: `unknown role "${duty.role}"${suggestion(duty.role, declared)}; every role must be declared under roles:` });
  }
  const periods = (plan.periods ?? []).map((period) => period.id);
  if (duty.during !== undefined && !periods.includes(duty.during)) {
    problems.push({ path: ['duty', 'during'], message: `unknown period "${duty.during}"${suggestion(duty.during, periods)}; the plan's periods: ${periods.join(', ') || 'none'}` });
  }
  if (duty.during === undefined) {
    plan.people.forEach((person, index) => {
      const at = person.roles.indexOf(duty.role);
      if (at < 0) return;
      problems.push({
        path: ['people', index, 'roles', at],
        message: `${duty.role} is decided by the duty roster (duty.shifts), so nobody holds it here; give the roster a during: period to have ${person.id} hold it outside that period`,
      });
    });
  }
  const people = plan.people.map((person) => person.id);
  duty.shifts.forEach((shift, index) => {
    shift.rota.people.forEach((personId, position) => {
      if (!people.includes(personId)) {
        problems.push({
          path: ['duty', 'shifts', index, 'rota', 'people', position],
          message: `unknown person "${personId}"${suggestion(personId, people)}; a rota names ids under people:`,
        });
      }
    });
  });
  // Minutes of the day each shift covers, on a 48-hour line so that a night shift stays whole.
  const spans = duty.shifts.map((shift) => {
    const start = minutesOfDay(shift.starts);
    const length = (minutesOfDay(shift.ends) - start + 1440) % 1440 || 1440;
    return { start, end: start + length };
  });
  spans.forEach((span, index) => {
    const clash = spans.findIndex((other, otherIndex) => otherIndex < index && [-1440, 0, 1440].some((shift) => span.start < other.end + shift && other.start + shift < span.end));
    if (clash >= 0) {
      problems.push({
        path: ['duty', 'shifts', index, 'starts'],
        message: `shift ${duty.shifts[index]!.id} overlaps shift ${duty.shifts[clash]!.id}; one person is on duty at a time, so shifts must not overlap`,
        related: { path: ['duty', 'shifts', clash, 'starts'], label: 'the other' },
      });
    }
  });
  return problems;
}
