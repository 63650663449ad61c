import { ForbiddenError, isLocalDate, NotFoundError, ValidationError, type Clock, type FieldErrors, type Ids } from '../base';
import { dutyAt, shiftAt, shiftsBetween, type DutyStore } from '../duty';
import { assertMaySee, localDate, personOf, type Caller, type Person, type Plan, type PlanCatalog } from '../plan';

/**
 * 值班记录: the duty officer's shift log (plans 1–3: 24小时值班, 值班记录, 交接班; plan 2 三:
 * 要求值班人员做好当天的值班记录, 规范了值班的交接班程序). Entries, calls received and the handover
 * note, kept from the console or by text, each written once; shown per shift of the roster (or per
 * day where the plan has none).
 */

export type DutyLogKind = 'entry' | 'call' | 'handover';
export const DUTY_LOG_KINDS: readonly DutyLogKind[] = ['entry', 'call', 'handover'];
export const DUTY_LOG_LIMITS = { text: 1000, callerName: 50 } as const;

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
  const fields: FieldErrors = {};
  for (const name of Object.keys(query ?? {})) if (name !== 'date') fields[name] = 'unknown parameter; expected date';
  if (query?.date !== undefined && !isLocalDate(query.date)) fields.date = 'expected a local date YYYY-MM-DD between 2000 and 2100';
  if (Object.keys(fields).length > 0) throw new ValidationError('The query has problems.', fields);
  const plan = await planOf(deps.plans, planId);
  assertMaySee(caller, [plan], plan.organisation.id);
  const date = query?.date ?? localDate(deps.clock.now(), plan.timeZone);
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
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('The entry must be a JSON object.', { body: 'expected { kind?, text, caller? }' });
  const input = body as Record<string, unknown>;
  const fields: FieldErrors = {};
  for (const name of Object.keys(input)) if (!['kind', 'text', 'caller'].includes(name)) fields[name] = 'unknown field; expected kind, text or caller';
  const kind = (input.kind ?? 'entry') as DutyLogKind;
  if (!DUTY_LOG_KINDS.includes(kind)) fields.kind = `expected one of ${DUTY_LOG_KINDS.join(', ')}`;
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  if (text === '') fields.text = 'required: what to write in the log';
  else if ([...text].length > DUTY_LOG_LIMITS.text) fields.text = `too long: at most ${DUTY_LOG_LIMITS.text} characters`;
  let caller: DutyLogEntry['caller'];
  if (input.caller !== undefined) {
    const given = input.caller as Record<string, unknown>;
    if (kind !== 'call') fields.caller = 'only for a call (kind: call)';
    else if (typeof given !== 'object' || given === null || Array.isArray(given)) fields.caller = 'expected { name?, phone? }';
    else {
      for (const name of Object.keys(given)) if (!['name', 'phone'].includes(name)) fields[`caller.${name}`] = 'unknown field; expected name or phone';
      if (given.name !== undefined && (typeof given.name !== 'string' || [...given.name].length > DUTY_LOG_LIMITS.callerName)) fields['caller.name'] = `expected a text of at most ${DUTY_LOG_LIMITS.callerName} characters`;
      if (given.phone !== undefined && (typeof given.phone !== 'string' || !/^\+?\d{3,15}$/.test(given.phone))) fields['caller.phone'] = 'expected digits, optionally with a leading +';
      caller = { ...(typeof given.name === 'string' && given.name.trim() && { name: given.name.trim() }), ...(typeof given.phone === 'string' && { phone: given.phone }) };
    }
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(`The entry has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
  return { kind, text, ...(caller && { caller }) };
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
export async function writeDutyLog(deps: DutyLogDependencies, plan: Plan, person: Person, entry: Pick<DutyLogEntry, 'kind' | 'text' | 'caller'>, channel: DutyLogEntry['channel']): Promise<DutyLogEntry> {
  const now = deps.clock.now();
  const stored: DutyLogEntry = { id: deps.ids.incidentId(), planId: plan.id, date: localDate(now, plan.timeZone), at: now.toISOString(), ...entry, by: { personId: person.id, name: person.name }, channel };
  await deps.dutyLog.add(stored);
  return stored;
}
