import { type Clock, ForbiddenError, type Ids, instantParam, NotFoundError, ValidationError } from '../base';
import { dutyAt, handoverAt, handsOverAt, shiftsBetween, type ShiftOccurrence } from './duty';
import { mayLead, overrideFor, rosterOf, validateOverrideRequest } from './overrides';
import type { DutyOverride, DutyStore } from './ports';
import { assertMaySee, type Caller, instantAt, localDate, nearestInstantAt, personById, personOf, type Plan, type PlanCatalog, roleName, whyNotActing } from '../plan';
import { eventKey, type IncidentStore } from '../incident';

/**
 * The duty roster's operations on stored state: showing who is on duty, swaps and covers set by a
 * duty lead, and handovers recorded on open incidents. Who is on duty at an instant is ./duty.ts.
 */

export interface RosterDependencies {
  plans: PlanCatalog;
  duty: DutyStore;
  clock: Clock;
  ids: Ids;
}

export interface RosterView {
  planId: string;
  school: string;
  role: string;
  roleName: string;
  timeZone: string;
  at: string;
  /** Who holds the duty role at `at`: the person on shift, or (outside the roster's period) the role's holders in people. */
  now: { people: { personId: string; name: string }[]; shift?: ShiftView; rostered: boolean };
  /** The next shift to start within the week, and who takes it. */
  next: { people: { personId: string; name: string }[]; shift: ShiftView } | null;
  /** The shifts of the next week, from the day of `at`. */
  shifts: ShiftView[];
  /** Stretches of the week the roster leaves with nobody on duty (a night no shift covers): the page warns of each. */
  gaps: { from: string; to: string }[];
  overrides: DutyOverride[];
}

export interface ShiftView extends ShiftOccurrence {
  person: string;
}

const WEEK_DAYS = 7;

async function rosterPlan(plans: PlanCatalog, planId: string): Promise<Plan> {
  const plan = await plans.get(planId);
  if (!plan) throw new NotFoundError(`There is no plan ${planId}.`);
  rosterOf(plan);
  return plan;
}

/** The roster as a duty lead (or the console) sees it: who is on now, the week ahead, the overrides. */
export async function showRoster(deps: Omit<RosterDependencies, 'ids'>, planId: string, at?: string): Promise<RosterView> {
  const plan = await rosterPlan(deps.plans, planId);
  const instant = at === undefined ? deps.clock.now() : instantParam(at, 'at');
  const overrides = await deps.duty.overrides(plan.id);
  const duty = dutyAt(plan, overrides, instant)!;
  const today = localDate(instant, plan.timeZone);
  const view = (shift: ShiftOccurrence): ShiftView => ({ ...shift, person: personById(plan, shift.personId)?.name ?? shift.personId });
  const week = shiftsBetween(plan, overrides, today, localDate(instant, plan.timeZone, WEEK_DAYS - 1)).map(view);
  const next = week.find((shift) => Date.parse(shift.starts) > instant.getTime());
  return {
    planId: plan.id,
    school: plan.organisation.name,
    role: duty.role,
    roleName: roleName(plan, duty.role),
    timeZone: plan.timeZone,
    at: instant.toISOString(),
    now: {
      people: duty.people.map((person) => ({ personId: person.id, name: person.name })),
      ...(duty.shift && { shift: view(duty.shift) }),
      rostered: duty.rostered,
    },
    next: next ? { people: [{ personId: next.personId, name: next.person }], shift: next } : null,
    shifts: week,
    gaps: gapsBetween(week),
    overrides,
  };
}

/** Where one shift ends before the next starts, nobody holds the duty role. */
function gapsBetween(shifts: readonly ShiftView[]): { from: string; to: string }[] {
  const ordered = [...shifts].sort((a, b) => a.starts.localeCompare(b.starts));
  return ordered.slice(1).flatMap((shift, index) => {
    const previous = ordered[index]!;
    return Date.parse(previous.ends) < Date.parse(shift.starts) ? [{ from: previous.ends, to: shift.starts }] : [];
  });
}

/** The roster of a school the signed-in caller may see. */
export async function rosterFor(deps: Omit<RosterDependencies, 'ids'>, caller: Caller, planId: string, at?: string) {
  const plan = await rosterPlan(deps.plans, planId);
  assertMaySee(caller, [plan], plan.organisation.id);
  const me = personOf(plan, caller);
  return {
    ...(await showRoster(deps, planId, at)),
    // What the page's cover and swap form needs: whether the caller leads, and who can take a shift.
    you: me ? { personId: me.id, name: me.name, mayOverride: mayLead(plan, me.id) } : null,
    people: plan.people.filter((person) => !person.unit).map((person) => ({ personId: person.id, name: person.name })),
  };
}

/** A swap or a cover set by the signed-in caller, who must be one of the school's duty leads. */
export async function overrideAs(deps: RosterDependencies, caller: Caller, planId: string, body: unknown): Promise<{ override: DutyOverride; roster: RosterView }> {
  const plan = await rosterPlan(deps.plans, planId);
  assertMaySee(caller, [plan], plan.organisation.id);
  const me = personOf(plan, caller);
  if (!me) throw new ForbiddenError(whyNotActing(plan, caller, 'change the duty roster'));
  return setOverride(deps, planId, body, me.id);
}

/** A swap or a cover by `setBy`, checked against the plan and stored; the roster as it now stands comes back. */
export async function setOverride(deps: RosterDependencies, planId: string, body: unknown, setBy: string): Promise<{ override: DutyOverride; roster: RosterView }> {
  const plan = await rosterPlan(deps.plans, planId);
  const request = validateOverrideRequest(plan, body, setBy);
  const existing = await deps.duty.overrides(plan.id);
  const override = overrideFor(plan, existing, request, { id: deps.ids.incidentId(), setAt: deps.clock.now().toISOString() });
  await deps.duty.add(override);
  return { override, roster: await showRoster(deps, plan.id, override.assignments[0] && shiftStart(plan, override.assignments[0])) };
}

function shiftStart(plan: Plan, assignment: DutyOverride['assignments'][number]): string {
  const shift = plan.duty!.shifts.find((candidate) => candidate.id === assignment.shift)!;
  return instantAt(assignment.date, shift.starts, plan.timeZone).toISOString();
}

// --- Handover ----------------------------------------------------------------------------------

export interface HandoverDependencies {
  plans: PlanCatalog;
  duty: DutyStore;
  incidents: IncidentStore;
  clock: Clock;
}

/** The local times duty changes hands, per time zone, each once: what the handover schedules run. */
export function handoverSlots(plans: readonly Plan[]): { timeZone: string; time: string }[] {
  const slots = new Map<string, { timeZone: string; time: string }>();
  for (const plan of plans) {
    for (const shift of plan.duty?.shifts ?? []) {
      for (const time of [shift.starts, shift.ends]) slots.set(`${plan.timeZone} ${time}`, { timeZone: plan.timeZone, time });
    }
  }
  return [...slots.values()].sort((a, b) => a.timeZone.localeCompare(b.timeZone) || a.time.localeCompare(b.time));
}

export interface HandoverInput {
  timeZone: string;
  /** Local `HH:mm` of the handover. */
  time: string;
  /** When the schedule fired; the handover is the instant with that local time nearest to it. */
  firedAt: string;
}

/**
 * At a shift change: for each plan whose roster hands over at this local time, who handed over
 * to whom goes on the timeline of every incident of that school still open, so whoever reads it
 * later knows who was on duty when. Written once per incident and instant.
 */
export async function recordHandovers(deps: HandoverDependencies, input: HandoverInput): Promise<{ instant: string; schools: number; incidents: number }> {
  const fired = new Date(input.firedAt);
  if (Number.isNaN(fired.getTime())) throw new ValidationError('firedAt is not an instant.', { firedAt: 'expected an ISO 8601 instant' });
  const instant = nearestInstantAt(input.time, input.timeZone, fired);
  let schools = 0;
  let incidents = 0;
  for (const plan of await deps.plans.list()) {
    if (plan.timeZone !== input.timeZone || !handsOverAt(plan, input.time)) continue;
    const handover = handoverAt(plan, await deps.duty.overrides(plan.id), instant);
    if (!handover) continue;
    schools += 1;
    for (const { incident } of await deps.incidents.listOpen(plan.organisation.id)) {
      const appended = await deps.incidents.append(incident.id, {
        type: 'handover',
        key: eventKey.handover(handover.at),
        at: handover.at,
        role: handover.role,
        ...(handover.shift && { shift: handover.shift }),
        from: handover.from,
        to: handover.to,
      });
      if (appended) incidents += 1;
    }
  }
  return { instant: instant.toISOString(), schools, incidents };
}
