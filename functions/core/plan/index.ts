/** Plans: the model, loading and checking plan files, schedules and local time, who may see which plan. */
export {
  assertMaySee,
  type Caller,
  callerFromClaims,
  type Claims,
  groupName,
  groupsForPhone,
  membershipOf,
  membershipsOf,
  peopleByPhone,
  personOf,
  plansVisibleTo,
  whyNotActing,
} from './access';
export { checkPlanFile, formatProblem, parsePlanFile, PlanFileError, type PlanProblem } from './file';
export {
  type Case,
  type Category,
  type CategoryKind,
  categoryOf,
  type Chain,
  chainIdOf,
  chainOf,
  type DutyRoster,
  type Language,
  LONGEST_WRITTEN_REPORT_WITHIN,
  peopleWithRoles,
  type Period,
  periodCovers,
  type Person,
  personById,
  type Plan,
  roleName,
  type ScheduledReport,
  type ScheduledReportKind,
  SEVERITIES,
  type Severity,
  type Shift,
  type WrittenReport,
} from './model';
export { bureauOf, dueOn, type ExpectedSchool, expectedOf, type ExpectedTimetable, schoolTag, type Timetable, timetableKey } from './expected';
export type { MembershipStore, PlanCatalog } from './ports';
export { plansDigest } from './publication';
export { addDays, daysBetween, instantAt, localDate, minutesOfDay, nearestInstantAt, timeOfDay, timeOfDayBefore, zonedInstant } from './calendar';
export { dueTimes, scheduledReportsDue } from './schedule';
export { planJsonSchema } from './schema';
export { clockTime, localTime } from './time';
