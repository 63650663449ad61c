import { ForbiddenError, NotFoundError, readRequest, refuse, ValidationError } from '../base';
import { type DutyRoster, peopleWithRoles, personById, type Plan, roleName } from '../plan';
import { inForce, latestAssignments, occurrence } from './duty';
import type { DutyOverride } from './ports';
import { CoverBody, SwapBody } from './requests';

/** A cover: `personId` takes the shift on `date`. A swap: whoever is on the two shifts trade them. */
export type OverrideRequest =
  | { kind: 'cover'; shift: string; date: string; personId: string; setBy: string; reason?: string }
  | { kind: 'swap'; shift: string; date: string; withShift: string; withDate: string; setBy: string; reason?: string };

/**
 * Reads a request body as an override of the plan's roster, set by `setBy` (the signed-in person);
 * every problem is named with its field. Only a duty lead may set one.
 */
export function validateOverrideRequest(plan: Plan, body: unknown, setBy: string): OverrideRequest {
  const roster = rosterOf(plan);
  if (!mayLead(plan, setBy)) {
    throw new ForbiddenError(`Only ${(roster.leads ?? [roster.role]).map((role) => roleName(plan, role)).join('、')} may change the duty roster of ${plan.organisation.name}.`);
  }
  const kind = (body as { kind?: unknown } | null)?.kind;
  if (kind !== 'cover' && kind !== 'swap') {
    throw new ValidationError('Say what the override is.', { kind: 'expected cover (someone takes a shift) or swap (two shifts trade hands)' });
  }
  const { value, fields } = readRequest(kind === 'cover' ? CoverBody : SwapBody, body);
  const input = body as Record<string, unknown>;
  const shiftIds = roster.shifts.map((shift) => shift.id);
  const shift = (field: string) => {
    if (!shiftIds.includes(input[field] as string)) fields[field] = `expected one of the roster's shifts: ${shiftIds.join(', ')}`;
  };
  shift('shift');
  if (kind === 'swap') shift('withShift');
  if (kind === 'cover' && !personById(plan, String(input.personId))) fields.personId = `expected the id of the person who covers in plan ${plan.id}`;
  if (!value || Object.keys(fields).length > 0) refuse('The override', fields);
  const reason = value.reason ? { reason: value.reason } : {};
  const request: OverrideRequest =
    value.kind === 'cover'
      ? { kind: 'cover', shift: value.shift, date: value.date, personId: value.personId, setBy, ...reason }
      : { kind: 'swap', shift: value.shift, date: value.date, withShift: value.withShift, withDate: value.withDate, setBy, ...reason };
  if (request.kind === 'swap' && request.shift === request.withShift && request.date === request.withDate) {
    throw new ValidationError('A shift cannot be swapped with itself.', { withDate: 'a shift cannot be swapped with itself' });
  }
  for (const [field, day] of request.kind === 'cover'
    ? [['date', request.date]]
    : [
        ['date', request.date],
        ['withDate', request.withDate],
      ]) {
    if (!inForce(plan, roster, day!)) throw new ValidationError('The roster does not run that day.', { [field!]: `the roster runs only during ${roster.during}` });
  }
  return request;
}

/**
 * The override a request makes, resolved against who is on each shift now (with earlier
 * overrides), so a swap records both people as they were when it was set.
 */
export function overrideFor(plan: Plan, existing: readonly DutyOverride[], request: OverrideRequest, meta: { id: string; setAt: string }): DutyOverride {
  const latest = latestAssignments(existing);
  const on = (shiftId: string, date: string) =>
    occurrence(
      plan,
      rosterOf(plan).shifts.find((shift) => shift.id === shiftId)!,
      date,
      latest,
    ).personId;
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
export function mayLead(plan: Plan, personId: string): boolean {
  const roster = rosterOf(plan);
  if (roster.leads) return peopleWithRoles(plan, roster.leads).some((person) => person.id === personId);
  return roster.shifts.some((shift) => shift.rota.people.includes(personId));
}

export function rosterOf(plan: Plan): DutyRoster {
  // The roster is the thing asked for: a plan without one has none to show or change (404).
  if (!plan.duty) throw new NotFoundError(`Plan ${plan.id} has no duty roster (no duty: section).`);
  return plan.duty;
}
