import { type Caller, localDate, peopleWithRoles, periodCovers, personOf, type Plan, plansVisibleTo, roleName } from '../plan';
import { parseRequest } from '../base';
import { SessionQueryParams } from './requests';
import type { ConsoleDependencies } from './console';

/** `GET /me`: who the signed-in caller is, and the schools they may see with what the duty page shows of each. */

/** `GET /me?schools=0|1`, read. */
export function validateSessionQuery(params: unknown): { schools: boolean } {
  return { schools: parseRequest(SessionQueryParams, params ?? {}, 'The query').schools !== '0' };
}

/**
 * Who the caller is and which schools they may see, with what the duty page shows of each plan.
 * Without the schools it reads nothing: the sign-in's claims say who the caller is, and a bureau's
 * desk sees thousands of plans (the board asks this way).
 */
export async function consoleSession(deps: ConsoleDependencies, caller: Caller, query: { schools: boolean } = { schools: true }) {
  const now = deps.clock.now();
  const identity = { subject: caller.subject, phone: caller.phone ?? null, groups: caller.groups, now: now.toISOString() };
  if (!query.schools) return { ...identity, name: caller.name ?? caller.phone ?? caller.subject };
  const visible = plansVisibleTo(caller, await deps.plans.list());
  const me = visible.map((plan) => personOf(plan, caller)).find(Boolean);
  return {
    subject: caller.subject,
    name: me?.name ?? caller.name ?? caller.phone ?? caller.subject,
    phone: caller.phone ?? null,
    groups: caller.groups,
    now: now.toISOString(),
    schools: visible.map((plan) => schoolDuty(plan, now)),
  };
}

/** What a plan says about duty: who holds the duty roles, the sensitive periods and the scheduled reports. */
function schoolDuty(plan: Plan, now: Date) {
  const today = localDate(now, plan.timeZone);
  const dutyRoles = new Set<string>();
  for (const period of plan.periods ?? []) for (const role of period.duty?.roster ?? []) dutyRoles.add(role);
  for (const report of plan.scheduledReports ?? []) for (const role of report.from) dutyRoles.add(role);
  return {
    orgId: plan.organisation.id,
    orgName: plan.organisation.name,
    planId: plan.id,
    planName: plan.name,
    timeZone: plan.timeZone,
    today,
    /** Whether the plan has a duty roster (shifts), which `GET /duty/{planId}` answers for. */
    hasRoster: Boolean(plan.duty),
    superiors: (plan.organisation.superiors ?? []).map(({ id, name }) => ({ id, name })),
    dutyRoles: [...dutyRoles].map((role) => ({
      role,
      roleName: roleName(plan, role),
      people: peopleWithRoles(plan, [role]).map((person) => ({ name: person.name, phone: person.phone })),
    })),
    periods: (plan.periods ?? []).map((period) => ({
      id: period.id,
      name: period.name,
      // The dates that matter today: those running now, else the next the bureau set, else the plan's own.
      ...([...(period.dates ?? []), { from: period.from, to: period.to }].sort((a, b) => a.from.localeCompare(b.from)).find((dates) => dates.to >= today) ?? {
        from: period.from,
        to: period.to,
      }),
      active: periodCovers(period, today),
      roundTheClock: period.duty?.roundTheClock ?? false,
    })),
    scheduledReports: (plan.scheduledReports ?? []).map((report) => ({
      id: report.id,
      name: report.name,
      kind: report.kind,
      every: report.schedule.every,
      at: report.schedule.at,
      during: report.during ?? null,
    })),
  };
}
