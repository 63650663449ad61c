import { ForbiddenError, NotFoundError, readRequest, refuse, ValidationError, type Clock, type Ids } from '../base';
import { dutyAt, shiftAt, shiftsBetween, type DutyStore } from '../duty';
import { assertMaySee, localDate, personOf, type Caller, type Person, type Plan, type PlanCatalog } from '../plan';
import { type DutyLogKind, DutyLogEntryBody, DutyLogQueryParams } from './requests';

/**
 * 值班记录: the duty officer's shift log (plans 1–3: 24小时值班, 值班记录, 交接班; plan 2 三:
 * 要求值班人员做好当天的值班记录, 规范了值班的交接班程序). Entries, calls received and the handover
 * note, kept from the console or by text, each written once; shown per shift of the roster (or per
 * day where the plan has none).
 */

export interface DutyLogEntry {
  id: string;
  planId: string;
  /** The local date the entry was written on (its partition). */
  date: string;
  at: string;
  kind: DutyLogKind;
  text: string;
  /** For a call: who called, as far as they said. */
  caller?: { name?: string; phone?: string };
  by: { personId: string; name: string };
  channel: 'web' | 'sms';
}

export interface DutyLogStore {
  /** Stores the entry unless one with its id exists. */
  add(entry: DutyLogEntry): Promise<boolean>;
  /** A plan's entries written on a local date, oldest first. */
  day(planId: string, date: string): Promise<DutyLogEntry[]>;
}

export interface DutyLogDependencies {
  plans: PlanCatalog;
  duty: DutyStore;
  dutyLog: DutyLogStore;
  clock: Clock;
  ids: Ids;
}

export interface DutyLogShift {
  /** The roster's shift, or none: a plan without a roster, or entries outside every shift. */
  shift?: { id: string; name?: string; date: string; starts: string; ends: string };
  onDuty: { personId: string; name: string }[];
  entries: DutyLogEntry[];
  /** The last handover note of the shift. */
  handover?: DutyLogEntry;
}

export interface DutyLogView {
  planId: string;
  school: string;
  timeZone: string;
  date: string;
  shifts: DutyLogShift[];
}

async function planOf(plans: PlanCatalog, planId: string): Promise<Plan> {
  const plan = await plans.get(planId);
  if (!plan) throw new NotFoundError(`There is no plan ${planId}.`);
  return plan;
}

/** GET /duty-log/{planId}?date=…: the log of the shifts that start on that local date (today by default). */
export async function showDutyLog(deps: Omit<DutyLogDependencies, 'ids'>, caller: Caller, planId: string, query: Record<string, string | undefined> | null): Promise<DutyLogView> {
  const { value, fields } = readRequest(DutyLogQueryParams, query ?? {});
  if (!value) throw new ValidationError('The query has problems.', fields);
  const plan = await planOf(deps.plans, planId);
  assertMaySee(caller, [plan], plan.organisation.id);
  const date = value.date ?? localDate(deps.clock.now(), plan.timeZone);
  const overrides = plan.duty ? await deps.duty.overrides(plan.id) : [];
  // A night shift of `date` runs into the next morning: its entries are written on the next date.
  const entries = [...(await deps.dutyLog.day(plan.id, date)), ...(await deps.dutyLog.day(plan.id, localDate(new Date(`${date}T12:00:00Z`), 'UTC', 1)))];
  const names = (people: readonly Person[]) => people.map((person) => ({ personId: person.id, name: person.name }));
  const shifts: DutyLogShift[] = shiftsBetween(plan, overrides, date, date).map((occurrence) => ({
    shift: { id: occurrence.shift, ...(occurrence.name && { name: occurrence.name }), date: occurrence.date, starts: occurrence.starts, ends: occurrence.ends },
    onDuty: names(plan.people.filter((person) => person.id === occurrence.personId)),
    entries: [],
  }));
  const loose: DutyLogEntry[] = [];
  for (const entry of entries.sort((a, b) => a.at.localeCompare(b.at))) {
    const occurrence = shiftAt(plan, overrides, new Date(entry.at));
    const group = occurrence && shifts.find((shift) => shift.shift!.id === occurrence.shift && shift.shift!.date === occurrence.date);
    if (group) group.entries.push(entry);
    else if (!occurrence && entry.date === date) loose.push(entry);
  }
  if (loose.length > 0 || shifts.length === 0) {
    const noon = new Date(`${date}T04:00:00Z`);
    shifts.push({ onDuty: shifts.length === 0 ? names(dutyAt(plan, overrides, noon)?.people ?? []) : [], entries: loose });
  }
  for (const shift of shifts) {
    const handover = shift.entries.filter((entry) => entry.kind === 'handover').at(-1);
    if (handover) shift.handover = handover;
  }
  return { planId: plan.id, school: plan.organisation.name, timeZone: plan.timeZone, date, shifts };
}

export function validateDutyLogEntry(body: unknown): Pick<DutyLogEntry, 'kind' | 'text' | 'caller'> {
  const { value, fields } = readRequest(DutyLogEntryBody, body);
  if (fields.body) throw new ValidationError('The entry must be a JSON object.', { body: 'expected { kind?, text, caller? }' });
  const input = body as Record<string, unknown>;
  if (input.caller !== undefined && (input.kind ?? 'entry') !== 'call') fields.caller = 'only for a call (kind: call)';
  if (!value || Object.keys(fields).length > 0) refuse('The entry', fields);
  const { kind = 'entry', text, caller } = value;
  const name = caller?.name;
  return { kind, text, ...(caller && { caller: { ...(name && { name }), ...(caller.phone !== undefined && { phone: caller.phone }) } }) };
}

/** POST /duty-log/{planId}: an entry by the signed-in caller, who must be on the school's plan. */
export async function writeDutyLogAs(deps: DutyLogDependencies, caller: Caller, planId: string, body: unknown): Promise<DutyLogEntry> {
  const plan = await planOf(deps.plans, planId);
  assertMaySee(caller, [plan], plan.organisation.id);
  const me = personOf(plan, caller);
  if (!me) throw new ForbiddenError(`Only someone on the plan of ${plan.organisation.name} may write its duty log.`);
  return writeDutyLog(deps, plan, me, validateDutyLogEntry(body), 'web');
}

/** An entry in a plan's duty log, now, by a person on it (from the console or by text). */
export async function writeDutyLog(
  deps: DutyLogDependencies,
  plan: Plan,
  person: Person,
  entry: Pick<DutyLogEntry, 'kind' | 'text' | 'caller'>,
  channel: DutyLogEntry['channel'],
): Promise<DutyLogEntry> {
  const now = deps.clock.now();
  const stored: DutyLogEntry = {
    id: deps.ids.incidentId(),
    planId: plan.id,
    date: localDate(now, plan.timeZone),
    at: now.toISOString(),
    ...entry,
    by: { personId: person.id, name: person.name },
    channel,
  };
  await deps.dutyLog.add(stored);
  return stored;
}
