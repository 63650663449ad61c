import { addDays, daysBetween, type DutyRoster, instantAt, localDate, peopleWithRoles, periodCovers, type Person, personById, type Plan, type Shift } from '../plan';
import type { DutyOverride, DutyStore } from './ports';
import type { RoleHolders } from '../incident';

/**
 * Who is on duty (值班) at any instant, from the plan's roster and the overrides a duty lead set.
 * Pure: the stores that keep overrides are ports (DutyStore). Everything is computed in the plan's
 * time zone from the local calendar, so a shift that runs past midnight, or across a change of
 * daylight saving, starts and ends at the wall-clock times the plan states.
 */

/** One shift on one local date: the night shift of 2014-03-05 runs 20:00 on the 5th to 08:00 on the 6th. */
export interface ShiftOccurrence {
  shift: string;
  name?: string;
  /** Local date the shift starts on. */
  date: string;
  starts: string;
  ends: string;
  /** Whose turn it is by the rota. */
  rotaPersonId: string;
  /** Who is on duty: the rota's person, or whoever an override put there. */
  personId: string;
  /** The override that put them there, if any. */
  overrideId?: string;
}

/** Who holds the roster's role at an instant. */
export interface OnDuty {
  role: string;
  /** The person on shift, else (outside the roster's period) whoever holds the role in people; may be nobody. */
  people: Person[];
  /** The shift under way, when the roster runs at that instant. */
  shift?: ShiftOccurrence;
  /** False outside the roster's period, where `people` comes from the plan's people. */
  rostered: boolean;
}

/** The shifts that start on local dates [from, to], with who is on each, in time order. */
export function shiftsBetween(plan: Plan, overrides: readonly DutyOverride[], from: string, to: string): ShiftOccurrence[] {
  const roster = plan.duty;
  if (!roster) return [];
  const latest = latestAssignments(overrides);
  const shifts: ShiftOccurrence[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (!inForce(plan, roster, date)) continue;
    for (const shift of roster.shifts) shifts.push(occurrence(plan, shift, date, latest));
  }
  return shifts.sort((a, b) => a.starts.localeCompare(b.starts));
}

/** The shift under way at an instant, if any: the roster's person is on it or, with an override, whoever covers. */
export function shiftAt(plan: Plan, overrides: readonly DutyOverride[], instant: Date): ShiftOccurrence | undefined {
  const today = localDate(instant, plan.timeZone);
  // A shift under way started today or, running past midnight, yesterday.
  return shiftsBetween(plan, overrides, addDays(today, -1), today).find(
    (candidate) => Date.parse(candidate.starts) <= instant.getTime() && instant.getTime() < Date.parse(candidate.ends),
  );
}

/** Who is on duty at an instant; undefined when the plan has no roster. */
export function dutyAt(plan: Plan, overrides: readonly DutyOverride[], instant: Date): OnDuty | undefined {
  const roster = plan.duty;
  if (!roster) return undefined;
  const shift = shiftAt(plan, overrides, instant);
  if (shift) return { role: roster.role, people: [personById(plan, shift.personId)!], shift, rostered: true };
  if (rosterRunsAt(plan, roster, instant)) return { role: roster.role, people: [], rostered: true };
  return { role: roster.role, people: peopleWithRoles(plan, [roster.role]), rostered: false };
}

/** The duty officer at an instant: the person on shift (or the role's holder outside the roster's period), else nobody. */
export function dutyOfficerAt(plan: Plan, overrides: readonly DutyOverride[], instant: Date): Person | undefined {
  return dutyAt(plan, overrides, instant)?.people[0];
}

/**
 * Everyone holding any of the roles at an instant, each once, in the plan's order; the roster's
 * role is held by whoever is on duty then. Where the plan has no roster this is peopleWithRoles.
 */
export function peopleAt(plan: Plan, overrides: readonly DutyOverride[], roles: readonly string[], instant: Date): Person[] {
  const roster = plan.duty;
  if (!roster || !roles.includes(roster.role)) return peopleWithRoles(plan, roles);
  const others = roles.filter((role) => role !== roster.role);
  const onDuty = new Set(dutyAt(plan, overrides, instant)!.people.map((person) => person.id));
  return plan.people.filter((person) => onDuty.has(person.id) || person.roles.some((role) => others.includes(role)));
}

/** Whether a person can ever hold a role: in people, or on the roster's rota, or put on a shift by an override. */
export function mayHoldRole(plan: Plan, overrides: readonly DutyOverride[], personId: string, role: string): boolean {
  const person = personById(plan, personId);
  if (!person) return false;
  if (person.roles.includes(role)) return true;
  const roster = plan.duty;
  if (!roster || roster.role !== role) return false;
  return (
    roster.shifts.some((shift) => shift.rota.people.includes(personId)) || overrides.some((override) => override.assignments.some((assignment) => assignment.personId === personId))
  );
}

/** Whether a plan's roster may change hands at a local time of day: a shift starts or ends then. */
export function handsOverAt(plan: Plan, time: string): boolean {
  return plan.duty?.shifts.some((shift) => shift.starts === time || shift.ends === time) ?? false;
}

/** Who handed over to whom at an instant a shift starts; undefined when the same people stay on. */
export function handoverAt(plan: Plan, overrides: readonly DutyOverride[], instant: Date): Handover | undefined {
  const before = dutyAt(plan, overrides, new Date(instant.getTime() - 1));
  const after = dutyAt(plan, overrides, instant);
  if (!before || !after) return undefined;
  const ids = (duty: OnDuty) => duty.people.map((person) => person.id).join(',');
  if (ids(before) === ids(after)) return undefined;
  const who = (person: Person) => ({ personId: person.id, name: person.name });
  return {
    at: instant.toISOString(),
    role: after.role,
    ...(after.shift && { shift: after.shift.shift, date: after.shift.date }),
    from: before.people.map(who),
    to: after.people.map(who),
  };
}

export interface Handover {
  at: string;
  role: string;
  /** The shift that starts, when the roster runs. */
  shift?: string;
  date?: string;
  from: { personId: string; name: string }[];
  to: { personId: string; name: string }[];
}

type Assignments = Map<string, { personId: string; overrideId: string }>;

/** For each shift on a date, the latest override's assignment: later overrides win. */
export function latestAssignments(overrides: readonly DutyOverride[]): Assignments {
  const latest: Assignments = new Map();
  const ordered = [...overrides].sort((a, b) => a.setAt.localeCompare(b.setAt) || a.id.localeCompare(b.id));
  for (const override of ordered) {
    for (const assignment of override.assignments) latest.set(`${assignment.shift}@${assignment.date}`, { personId: assignment.personId, overrideId: override.id });
  }
  return latest;
}

export function occurrence(plan: Plan, shift: Shift, date: string, latest: Assignments): ShiftOccurrence {
  const endDate = shift.ends > shift.starts ? date : addDays(date, 1);
  const rotaPersonId = rotaPerson(shift, date);
  const override = latest.get(`${shift.id}@${date}`);
  return {
    shift: shift.id,
    ...(shift.name && { name: shift.name }),
    date,
    starts: instantAt(date, shift.starts, plan.timeZone).toISOString(),
    ends: instantAt(endDate, shift.ends, plan.timeZone).toISOString(),
    rotaPersonId,
    personId: override?.personId ?? rotaPersonId,
    ...(override && { overrideId: override.overrideId }),
  };
}

/** The rota's person for a date: each takes the shift for a day (or a week) in turn, the first on `start`. */
function rotaPerson(shift: Shift, date: string): string {
  const { people, start, every = 'day' } = shift.rota;
  const days = daysBetween(start, date);
  const turn = Math.floor(days / (every === 'week' ? 7 : 1));
  return people[((turn % people.length) + people.length) % people.length]!;
}

export function inForce(plan: Plan, roster: DutyRoster, date: string): boolean {
  if (roster.during === undefined) return true;
  const period = plan.periods?.find((candidate) => candidate.id === roster.during);
  return period !== undefined && periodCovers(period, date);
}

/** Whether the roster, not people, decides the role at an instant (no shift may be under way: a night without cover). */
function rosterRunsAt(plan: Plan, roster: DutyRoster, instant: Date): boolean {
  return inForce(plan, roster, localDate(instant, plan.timeZone));
}

/** Who holds a plan's roles at an instant, by its roster and the overrides kept in `store`. */
export function rosterRoleHolders(store: DutyStore): RoleHolders {
  return async (plan, roles, instant) => peopleAt(plan, plan.duty ? await store.overrides(plan.id) : [], roles, instant);
}
