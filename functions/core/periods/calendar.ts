import { type Clock, ForbiddenError, type FieldErrors, isLocalDate, ValidationError } from '../base';
import { type Caller, type Plan, type PlanCatalog, plansVisibleTo } from '../plan';
import { CalendarBody, CalendarEntryBody, MAX_ENTRIES } from './requests';

/**
 * The bureau's calendar of sensitive periods (两会, 春节 ...). The plans say what changes in a
 * period (round-the-clock duty, a roster, a daily zero report) and give the dates of the year they
 * were written; the dates move every year, so the bureau sets each year's from the console or the
 * CLI (`yingji period set`), with no redeploy. Plans read through `withCalendar`, so rosters and
 * scheduled reports follow at once.
 */

export interface CalendarEntry {
  /** The plans' period id it dates (national-lianghui ...). */
  id: string;
  name: string;
  /** Local dates, inclusive. */
  from: string;
  to: string;
}

export interface Calendar {
  periods: CalendarEntry[];
  setAt: string | null;
  setBy: { name: string } | null;
}

export interface CalendarStore {
  read(): Promise<Calendar>;
  /** Replaces the calendar; the store keeps every version set. */
  write(calendar: Calendar): Promise<void>;
}

export interface CalendarDependencies {
  plans: PlanCatalog;
  calendar: CalendarStore;
  clock: Clock;
}

/** A plan catalog whose plans carry the calendar's dates on their periods. */
export function withCalendar(plans: PlanCatalog, calendar: CalendarStore): PlanCatalog {
  const dated = async (plan: Plan | undefined) => (plan ? applyCalendar(plan, (await calendar.read()).periods) : undefined);
  return {
    list: async () => {
      const entries = (await calendar.read()).periods;
      return (await plans.list()).map((plan) => applyCalendar(plan, entries));
    },
    get: async (planId, version) => dated(await plans.get(planId, version)),
    versions: async (refs) => {
      const entries = (await calendar.read()).periods;
      return new Map([...(await plans.versions(refs))].map(([key, plan]) => [key, applyCalendar(plan, entries)]));
    },
    publish: (plan) => plans.publish(plan),
    bureaus: () => plans.bureaus(),
    // A timetable in a period keeps the plan's own dates of it, as a plan does; the calendar dates it too.
    timetables: async (bureau, kind) => {
      const entries = (await calendar.read()).periods;
      return (await plans.timetables(bureau, kind)).map((expected) => {
        const period = expected.timetable.period;
        if (!period) return expected;
        const dated = applyCalendar({ periods: [period] }, entries).periods![0]!;
        return { ...expected, timetable: { ...expected.timetable, period: dated } };
      });
    },
    expectedSchools: (bureau, kind, page) => plans.expectedSchools(bureau, kind, page),
  };
}

export function applyCalendar<P extends Pick<Plan, 'periods'>>(plan: P, entries: readonly CalendarEntry[]): P {
  if (!plan.periods || entries.length === 0) return plan;
  return {
    ...plan,
    periods: plan.periods.map((period) => {
      const dates = entries.filter((entry) => entry.id === period.id).map(({ from, to }) => ({ from, to }));
      return dates.length > 0 ? { ...period, dates } : period;
    }),
  };
}

/** GET /periods: the calendar, and every period the plans the caller sees name, with their own years. */
export async function calendarFor(deps: CalendarDependencies, caller: Caller) {
  const calendar = await deps.calendar.read();
  const plans = plansVisibleTo(caller, await deps.plans.list());
  return {
    ...calendar,
    mayEdit: isBureau(caller),
    known: knownPeriods(plans),
  };
}

function knownPeriods(plans: readonly Plan[]) {
  const known = new Map<string, { id: string; name: string; plans: string[]; example: { from: string; to: string } }>();
  for (const plan of plans) {
    for (const period of plan.periods ?? []) {
      const entry = known.get(period.id) ?? { id: period.id, name: period.name, plans: [], example: { from: period.from, to: period.to } };
      entry.plans.push(plan.id);
      known.set(period.id, entry);
    }
  }
  return [...known.values()];
}

const isBureau = (caller: Caller) => caller.groups.some((group) => group.startsWith('bureau:'));

/** `{ periods: [{ id, name, from, to }] }`: each entry names a period some plan has; dates in 2000–2100, to ≥ from. */
export function validateCalendar(body: unknown, plans: readonly Plan[]): CalendarEntry[] {
  const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!input || !Array.isArray(input.periods)) throw new ValidationError('Send the calendar as {"periods":[…]}.', { periods: 'required: a list of {id, name, from, to}' });
  const extra = Object.keys(input).filter((key) => !(key in CalendarBody.shape));
  if (extra.length > 0) throw new ValidationError('Unknown fields.', Object.fromEntries(extra.map((key) => [key, 'unknown field'])));
  if (input.periods.length > MAX_ENTRIES) throw new ValidationError('Too many periods.', { periods: `at most ${MAX_ENTRIES}` });
  const ids = new Set(plans.flatMap((plan) => (plan.periods ?? []).map((period) => period.id)));
  const fields: FieldErrors = {};
  const entries = input.periods.map((raw: unknown, index: number): CalendarEntry => {
    const at = `periods[${index}]`;
    const entry = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    for (const key of Object.keys(entry)) if (!(key in CalendarEntryBody.shape)) fields[`${at}.${key}`] = 'unknown field';
    if (typeof entry.id !== 'string' || !ids.has(entry.id)) fields[`${at}.id`] = `a period the plans name: ${[...ids].join(', ') || 'none'}`;
    if (typeof entry.name !== 'string' || entry.name.trim() === '' || entry.name.length > 100)
      fields[`${at}.name`] = 'required: the period’s name, e.g. 2026年全国"两会", at most 100 characters';
    if (!isLocalDate(entry.from)) fields[`${at}.from`] = 'required: a date YYYY-MM-DD';
    if (!isLocalDate(entry.to)) fields[`${at}.to`] = 'required: a date YYYY-MM-DD';
    else if (isLocalDate(entry.from) && entry.to < entry.from) fields[`${at}.to`] = `must be on or after from (${entry.from})`;
    return { id: String(entry.id), name: String(entry.name ?? '').trim(), from: String(entry.from), to: String(entry.to) };
  });
  if (Object.keys(fields).length > 0) throw new ValidationError('The calendar has entries that are wrong.', fields);
  return entries;
}

/** PUT /periods: a bureau's desk replaces the calendar. */
export async function setCalendar(deps: CalendarDependencies, caller: Caller, body: unknown) {
  if (!isBureau(caller)) throw new ForbiddenError('Only a bureau’s desk sets the calendar of sensitive periods.');
  const periods = validateCalendar(body, await deps.plans.list());
  await deps.calendar.write({ periods, setAt: deps.clock.now().toISOString(), setBy: { name: caller.name ?? caller.phone ?? caller.subject } });
  return calendarFor(deps, caller);
}
