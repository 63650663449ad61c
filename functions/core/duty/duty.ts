import { isLocalDate, YEARS } from '../base';
import { ForbiddenError, ValidationError, type FieldErrors } from '../base';
import { peopleWithRoles, personById, roleName, type DutyRoster, type Person, type Plan, type Shift } from '../plan';
import { localDate, zonedInstant } from '../plan';

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

/**
 * A swap or a cover, set by a duty lead. Stored whole and never changed: a later override of the
 * same shift wins, so the roster's history stays readable.
 */
export interface DutyOverride {
  id: string;
  planId: string;
  kind: 'cover' | 'swap';
  /** The shifts it changes and who takes each; a swap has two. */
  assignments: { shift: string; date: string; personId: string; replaces: string }[];
  setBy: { personId: string; name: string };
  setAt: string;
  reason?: string;
}

export interface DutyStore {
  /** Every override of a plan's roster, in the order they were set. */
  overrides(planId: string): Promise<DutyOverride[]>;
  /** Stores an override unless one with its id exists; true when this call stored it. */
  add(override: DutyOverride): Promise<boolean>;
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

const DAY_MS = 86_400_000;

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
    roster.shifts.some((shift) => shift.rota.people.includes(personId)) ||
    overrides.some((override) => override.assignments.some((assignment) => assignment.personId === personId))
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

// --- Overrides ---------------------------------------------------------------------------------

/** A cover: `personId` takes the shift on `date`. A swap: whoever is on the two shifts trade them. */
export type OverrideRequest =
  | { kind: 'cover'; shift: string; date: string; personId: string; setBy: string; reason?: string }
  | { kind: 'swap'; shift: string; date: string; withShift: string; withDate: string; setBy: string; reason?: string };

const OVERRIDE_FIELDS = {
  cover: ['kind', 'shift', 'date', 'personId', 'reason'],
  swap: ['kind', 'shift', 'date', 'withShift', 'withDate', 'reason'],
} as const;

/**
 * Reads a request body as an override of the plan's roster, set by `setBy` (the signed-in person);
 * every problem is named with its field. Only a duty lead may set one.
 */
export function validateOverrideRequest(plan: Plan, body: unknown, setBy: string): OverrideRequest {
  const roster = rosterOf(plan);
  if (!mayLead(plan, setBy)) {
    throw new ForbiddenError(`Only ${(roster.leads ?? [roster.role]).map((role) => roleName(plan, role)).join('、')} may change the duty roster of ${plan.organisation.name}.`);
  }
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const fields: FieldErrors = {};
  const kind = input.kind;
  if (kind !== 'cover' && kind !== 'swap') {
    throw new ValidationError('Say what the override is.', { kind: 'expected cover (someone takes a shift) or swap (two shifts trade hands)' });
  }
  for (const name of Object.keys(input)) {
    if (!(OVERRIDE_FIELDS[kind] as readonly string[]).includes(name)) fields[name] = `unknown field; expected one of ${OVERRIDE_FIELDS[kind].join(', ')}`;
  }
  const shiftIds = roster.shifts.map((shift) => shift.id);
  const shift = (field: string) => {
    if (typeof input[field] !== 'string' || !shiftIds.includes(input[field] as string)) fields[field] = `expected one of the roster's shifts: ${shiftIds.join(', ')}`;
    return input[field] as string;
  };
  const date = (field: string) => {
    const value = input[field];
    if (!isLocalDate(value)) fields[field] = `expected the local date the shift starts on, YYYY-MM-DD, between the years ${YEARS.first} and ${YEARS.last}`;
    return value as string;
  };
  const person = (field: string, what: string) => {
    const value = input[field];
    if (typeof value !== 'string' || !personById(plan, value)) fields[field] = `expected the id of ${what} in plan ${plan.id}`;
    return value as string;
  };
  if (input.reason !== undefined && (typeof input.reason !== 'string' || [...input.reason].length > 200)) fields.reason = 'expected a text of at most 200 characters';
  const reason = typeof input.reason === 'string' && input.reason.trim() !== '' ? { reason: input.reason.trim() } : {};
  const request: OverrideRequest =
    kind === 'cover'
      ? { kind, shift: shift('shift'), date: date('date'), personId: person('personId', 'the person who covers'), setBy, ...reason }
      : { kind, shift: shift('shift'), date: date('date'), withShift: shift('withShift'), withDate: date('withDate'), setBy, ...reason };
  if (request.kind === 'swap' && request.shift === request.withShift && request.date === request.withDate) fields.withDate = 'a shift cannot be swapped with itself';
  if (Object.keys(fields).length > 0) {
    throw new ValidationError(`The override has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
  }
  for (const [field, day] of request.kind === 'cover' ? [['date', request.date]] : [['date', request.date], ['withDate', request.withDate]]) {
    if (!inForce(plan, roster, day!)) throw new ValidationError('The roster does not run that day.', { [field!]: `the roster runs only during ${roster.during}` });
  }
  return request;
}

/**
 * The override a request makes, resolved against who is on each shift now (with earlier
 * overrides), so a swap records both people as they were when it was set.
 */
export function overrideFor(
  plan: Plan,
  existing: readonly DutyOverride[],
  request: OverrideRequest,
  meta: { id: string; setAt: string },
): DutyOverride {
  const latest = latestAssignments(existing);
  const on = (shiftId: string, date: string) => occurrence(plan, rosterOf(plan).shifts.find((shift) => shift.id === shiftId)!, date, latest).personId;
  const lead = personById(plan, request.setBy)!;
  const assignments =
    request.kind === 'cover'
      ? [{ shift: request.shift, date: request.date, personId: request.personId, replaces: on(request.shift, request.date) }]
      : [
          { shift: request.shift, date: request.date, personId: on(request.withShift, request.withDate), replaces: on(request.shift, request.date) },
          { shift: request.withShift, date: request.withDate, personId: on(request.shift, request.date), replaces: on(request.withShift, request.withDate) },
        ];
  return {
    id: meta.id,
    planId: plan.id,
    kind: request.kind,
    assignments,
    setBy: { personId: lead.id, name: lead.name },
    setAt: meta.setAt,
    ...(request.reason && { reason: request.reason }),
  };
}

/** Those holding a lead role, or, when the roster names none, anyone on its rota. */
function mayLead(plan: Plan, personId: string): boolean {
  const roster = rosterOf(plan);
  if (roster.leads) return peopleWithRoles(plan, roster.leads).some((person) => person.id === personId);
  return roster.shifts.some((shift) => shift.rota.people.includes(personId));
}

export function rosterOf(plan: Plan): DutyRoster {
  if (!plan.duty) throw new ValidationError(`Plan ${plan.id} has no duty roster.`, { planId: `plan ${plan.id} has no duty: section` });
  return plan.duty;
}

// --- Resolution --------------------------------------------------------------------------------

type Assignments = Map<string, { personId: string; overrideId: string }>;

/** For each shift on a date, the latest override's assignment: later overrides win. */
function latestAssignments(overrides: readonly DutyOverride[]): Assignments {
  const latest: Assignments = new Map();
  const ordered = [...overrides].sort((a, b) => a.setAt.localeCompare(b.setAt) || a.id.localeCompare(b.id));
  for (const override of ordered) {
    for (const assignment of override.assignments) latest.set(`${assignment.shift}@${assignment.date}`, { personId: assignment.personId, overrideId: override.id });
  }
  return latest;
}

function occurrence(plan: Plan, shift: Shift, date: string, latest: Assignments): ShiftOccurrence {
  const [startHour, startMinute] = shift.starts.split(':').map(Number) as [number, number];
  const [endHour, endMinute] = shift.ends.split(':').map(Number) as [number, number];
  const endDate = shift.ends > shift.starts ? date : addDays(date, 1);
  const rotaPersonId = rotaPerson(shift, date);
  const override = latest.get(`${shift.id}@${date}`);
  return {
    shift: shift.id,
    ...(shift.name && { name: shift.name }),
    date,
    starts: zonedInstant(date, startHour, startMinute, plan.timeZone).toISOString(),
    ends: zonedInstant(endDate, endHour, endMinute, plan.timeZone).toISOString(),
    rotaPersonId,
    personId: override?.personId ?? rotaPersonId,
    ...(override && { overrideId: override.overrideId }),
  };
}

/** The rota's person for a date: each takes the shift for a day (or a week) in turn, the first on `start`. */
function rotaPerson(shift: Shift, date: string): string {
  const { people, start, every = 'day' } = shift.rota;
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
  const turn = Math.floor(days / (every === 'week' ? 7 : 1));
  return people[((turn % people.length) + people.length) % people.length]!;
}

function inForce(plan: Plan, roster: DutyRoster, date: string): boolean {
  if (roster.during === undefined) return true;
  const period = plan.periods?.find((candidate) => candidate.id === roster.during);
  return period !== undefined && period.from <= date && date <= period.to;
}

/** Whether the roster, not people, decides the role at an instant (no shift may be under way: a night without cover). */
function rosterRunsAt(plan: Plan, roster: DutyRoster, instant: Date): boolean {
  return inForce(plan, roster, localDate(instant, plan.timeZone));
}

function addDays(day: string, days: number): string {
  return localDate(new Date(Date.parse(`${day}T12:00:00Z`)), 'UTC', days);
}
