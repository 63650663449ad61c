import { assertMaySee, personOf, plansVisibleTo, type Caller } from '../plan';
import { parseDuration } from '../base';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../base';
import { eventKey } from '../incident';
import { submitIncident, validateReport, type IntakeDependencies } from '../incident';
import { peopleWithRoles, personById, type Case as CaseType, type Person, type Plan } from '../plan';
import { localDate } from '../plan';
import { SmsRejectedError, type OutgoingSms } from '../sms';
import { fitOneSegment } from '../sms';
import { linkRiskToCase, type RiskStore } from '../risks';

/**
 * 包案: a petition case owned by a leader (包案领导) and a responsible person (责任人), who visit the
 * petitioner (下访) or ask them in (约访) every so many days (plan 5, 三、三). A case is its opening
 * record, written once, and an append-only list of events (visits, changes, reminders, incidents,
 * closure); its state is read off the events, as an incident's is off its timeline.
 */

export type VisitMode = 'visit' | 'appointment';
export const VISIT_MODES: readonly VisitMode[] = ['visit', 'appointment'];
export type CaseStatus = 'open' | 'closed';
export const CASE_LIMITS = { text: 2000, name: 50, everyDays: 90 } as const;

export interface PersonRef {
  personId: string;
  name: string;
}

export interface PetitionCase {
  id: string;
  /** Read out on the phone and printed in reminders, like an incident's code. */
  code: string;
  planId: string;
  orgId: string;
  /** The plan's `cases` entry it belongs to. */
  type: string;
  typeName: string;
  petitioner: { name: string; phone?: string };
  summary: string;
  leader: PersonRef;
  responsible: PersonRef;
  visits: { everyDays: number; mode: VisitMode };
  openedAt: string;
  openedBy: PersonRef;
  /** What it grew out of: an incident, or a risk a screening found. */
  from?: { kind: 'incident' | 'risk'; id: string };
}

export type CaseEvent =
  | { type: 'visit'; key: string; at: string; recordedAt: string; by: PersonRef; mode: VisitMode; note: string }
  | { type: 'changed'; key: string; at: string; by: PersonRef; leader?: PersonRef; responsible?: PersonRef; visits?: PetitionCase['visits'] }
  | { type: 'closed'; key: string; at: string; by: PersonRef; resolution: string }
  | { type: 'reopened'; key: string; at: string; by: PersonRef; reason: string }
  | { type: 'incident'; key: string; at: string; by: PersonRef; incidentId: string; code: string }
  | { type: 'reminded'; key: string; at: string; due: string; to: PersonRef[] };

export interface CaseRecord {
  case: PetitionCase;
  events: CaseEvent[];
}

export interface CaseStore {
  /** Stores a new case unless one with its id exists; true when this call stored it. */
  create(petitionCase: PetitionCase): Promise<boolean>;
  get(caseId: string): Promise<CaseRecord | undefined>;
  /** Every case of an organisation, open or closed, oldest first. */
  list(orgId: string): Promise<CaseRecord[]>;
  /** Appends unless an event with the same key exists; true when this call appended it. */
  append(ref: Pick<PetitionCase, 'id' | 'orgId'>, event: CaseEvent): Promise<boolean>;
}

export interface CaseDependencies extends IntakeDependencies {
  cases: CaseStore;
  risks: RiskStore;
}

export interface CaseView extends PetitionCase {
  status: CaseStatus;
  closed?: { at: string; by: PersonRef; resolution: string };
  lastVisit?: Extract<CaseEvent, { type: 'visit' }>;
  /** When the next visit or appointment is due: the last one (or the opening) plus the interval. */
  nextVisitDue?: string;
  visitOverdue: boolean;
  incidents: { incidentId: string; code: string; at: string }[];
  events: CaseEvent[];
}

const DAY_MS = 86_400_000;

export function caseView(record: CaseRecord, now: Date): CaseView {
  const events = [...record.events].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  let current: PetitionCase = record.case;
  let closed: CaseView['closed'];
  for (const event of events) {
    if (event.type === 'changed') {
      current = { ...current, ...(event.leader && { leader: event.leader }), ...(event.responsible && { responsible: event.responsible }), ...(event.visits && { visits: event.visits }) };
    }
    if (event.type === 'closed') closed = { at: event.at, by: event.by, resolution: event.resolution };
    if (event.type === 'reopened') closed = undefined;
  }
  const lastVisit = events.filter((event): event is Extract<CaseEvent, { type: 'visit' }> => event.type === 'visit').at(-1);
  const since = Date.parse(lastVisit?.at ?? current.openedAt);
  const nextVisitDue = closed ? undefined : new Date(since + current.visits.everyDays * DAY_MS).toISOString();
  return {
    ...current,
    status: closed ? 'closed' : 'open',
    ...(closed && { closed }),
    ...(lastVisit && { lastVisit }),
    ...(nextVisitDue && { nextVisitDue }),
    visitOverdue: nextVisitDue !== undefined && Date.parse(nextVisitDue) <= now.getTime(),
    incidents: events.flatMap((event) => (event.type === 'incident' ? [{ incidentId: event.incidentId, code: event.code, at: event.at }] : [])),
    events,
  };
}

// --- Validation ---------------------------------------------------------------------------------

function objectBody(body: unknown, allowed: readonly string[]): { input: Record<string, unknown>; fields: FieldErrors } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('The request must be a JSON object.', { body: 'expected a JSON object' });
  const input = body as Record<string, unknown>;
  const fields: FieldErrors = {};
  for (const name of Object.keys(input)) if (!allowed.includes(name)) fields[name] = `unknown field; expected one of ${allowed.join(', ')}`;
  return { input, fields };
}

export function text(value: unknown, field: string, fields: FieldErrors, options: { required: boolean; max?: number }): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '' && !options.required)) {
    if (options.required) fields[field] = 'required: a non-empty text';
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    fields[field] = options.required ? 'required: a non-empty text' : 'expected a text';
    return undefined;
  }
  const trimmed = value.trim();
  if ([...trimmed].length > (options.max ?? CASE_LIMITS.text)) fields[field] = `too long: at most ${options.max ?? CASE_LIMITS.text} characters`;
  return trimmed;
}

function planPerson(plan: Plan, value: unknown, field: string, fields: FieldErrors, roles?: readonly string[]): PersonRef | undefined {
  if (typeof value !== 'string' || value === '') {
    fields[field] = `required: a person id of plan ${plan.id}`;
    return undefined;
  }
  const person = personById(plan, value);
  if (!person) fields[field] = `nobody "${value}" in plan ${plan.id}`;
  else if (roles && !roles.some((role) => person.roles.includes(role))) {
    fields[field] = `${person.name} is not in the case team (${roles.join(', ')}); choose ${peopleWithRoles(plan, roles).map((p) => p.id).join(', ')}`;
  } else return refOf(person);
  return undefined;
}

function visitPlan(value: unknown, fallbackDays: number | undefined, fields: FieldErrors): PetitionCase['visits'] | undefined {
  const input = (value ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input)) {
    fields.visits = 'expected { everyDays, mode }';
    return undefined;
  }
  for (const name of Object.keys(input)) if (!['everyDays', 'mode'].includes(name)) fields[`visits.${name}`] = 'unknown field; expected everyDays or mode';
  const everyDays = input.everyDays ?? fallbackDays;
  if (everyDays === undefined) fields['visits.everyDays'] = 'required: how many days between visits (the plan sets no contactEvery for this kind of case)';
  else if (!Number.isInteger(everyDays) || (everyDays as number) < 1 || (everyDays as number) > CASE_LIMITS.everyDays) fields['visits.everyDays'] = `expected a whole number of days, 1 to ${CASE_LIMITS.everyDays}`;
  const mode = input.mode ?? 'visit';
  if (!VISIT_MODES.includes(mode as VisitMode)) fields['visits.mode'] = `expected ${VISIT_MODES.join(' (下访) or ')} (约访)`;
  return { everyDays: everyDays as number, mode: mode as VisitMode };
}

function fail(what: string, fields: FieldErrors): never {
  throw new ValidationError(`${what} has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
}

const refOf = (person: Person): PersonRef => ({ personId: person.id, name: person.name });

// --- Operations ---------------------------------------------------------------------------------

async function planOf(deps: Pick<CaseDependencies, 'plans'>, planId: string): Promise<Plan> {
  const plan = await deps.plans.get(planId);
  if (!plan) throw new NotFoundError(`There is no plan ${planId}.`);
  return plan;
}

/** The person on the school's plan the caller is; only they act on its cases (bureaus look). */
export function actorOn(plan: Plan, caller: Caller): Person {
  const me = personOf(plan, caller);
  if (!me) throw new ForbiddenError(`Only someone on the plan of ${plan.organisation.name} may do this.`);
  return me;
}

function caseTypeOf(plan: Plan, type: unknown, fields: FieldErrors): CaseType | undefined {
  const types = plan.cases ?? [];
  if (types.length === 0) {
    fields.planId = `plan ${plan.id} keeps no cases (it has no cases section)`;
    return undefined;
  }
  if (type === undefined) return types[0];
  const found = types.find((candidate) => candidate.id === type);
  if (!found) fields.type = `unknown case type "${String(type)}"; plan ${plan.id} has ${types.map((t) => t.id).join(', ')}`;
  return found;
}

/**
 * A new case (POST /cases): from scratch with `planId`, or grown out of an incident (`fromIncident`)
 * or a risk (`fromRisk`), which then names the case on its own record.
 */
export async function openCase(deps: CaseDependencies, caller: Caller, body: unknown): Promise<CaseView> {
  const { input, fields } = objectBody(body, ['planId', 'type', 'petitioner', 'summary', 'leader', 'responsible', 'visits', 'fromIncident', 'fromRisk']);
  let planId = input.planId;
  let summary = input.summary;
  let from: PetitionCase['from'];
  if (input.fromIncident !== undefined && input.fromRisk !== undefined) fields.fromRisk = 'a case grows out of an incident or a risk, not both';
  if (typeof input.fromIncident === 'string') {
    const record = await deps.incidents.get(input.fromIncident);
    if (!record) throw new NotFoundError(`There is no incident ${input.fromIncident}.`);
    planId ??= record.incident.planId;
    summary ??= record.incident.description;
    from = { kind: 'incident', id: record.incident.id };
    if (planId !== record.incident.planId) fields.planId = `incident ${record.incident.code} is of plan ${record.incident.planId}`;
  } else if (input.fromIncident !== undefined) fields.fromIncident = 'expected an incident id';
  if (typeof input.fromRisk === 'string') {
    const risk = await deps.risks.get(input.fromRisk);
    if (!risk) throw new NotFoundError(`There is no risk ${input.fromRisk}.`);
    planId ??= risk.risk.planId;
    summary ??= risk.risk.summary;
    from = { kind: 'risk', id: risk.risk.id };
    if (planId !== risk.risk.planId) fields.planId = `risk ${risk.risk.id} is of plan ${risk.risk.planId}`;
  } else if (input.fromRisk !== undefined) fields.fromRisk = 'expected a risk id';
  if (typeof planId !== 'string' || planId === '') fail('The case', { ...fields, planId: 'required: the plan the case is kept under' });
  const plan = await planOf(deps, planId);
  assertMaySee(caller, [plan], plan.organisation.id);
  const me = actorOn(plan, caller);

  const type = caseTypeOf(plan, input.type, fields);
  const petitionerInput = (input.petitioner ?? undefined) as Record<string, unknown> | undefined;
  if (typeof petitionerInput !== 'object' || petitionerInput === null || Array.isArray(petitionerInput)) fields.petitioner = 'required: { name, phone? } of the petitioner';
  const petitionerName = petitionerInput && text(petitionerInput.name, 'petitioner.name', fields, { required: true, max: CASE_LIMITS.name });
  const petitionerPhone = petitionerInput?.phone;
  if (petitionerPhone !== undefined && (typeof petitionerPhone !== 'string' || !/^\+[1-9]\d{6,14}$/.test(petitionerPhone))) fields['petitioner.phone'] = 'expected E.164, e.g. +8613800000000';
  const caseSummary = text(summary, 'summary', fields, { required: true });
  const leader = planPerson(plan, input.leader, 'leader', fields);
  const responsible = planPerson(plan, input.responsible, 'responsible', fields, type?.owners);
  const visits = visitPlan(input.visits, type?.contactEvery ? Math.max(1, Math.round(parseDuration(type.contactEvery) / DAY_MS)) : undefined, fields);
  if (Object.keys(fields).length > 0) fail('The case', fields);

  const now = deps.clock.now().toISOString();
  const petitionCase: PetitionCase = {
    id: deps.ids.incidentId(),
    code: deps.ids.incidentCode(),
    planId: plan.id,
    orgId: plan.organisation.id,
    type: type!.id,
    typeName: type!.name,
    petitioner: { name: petitionerName!, ...(typeof petitionerPhone === 'string' && { phone: petitionerPhone }) },
    summary: caseSummary!,
    leader: leader!,
    responsible: responsible!,
    visits: visits!,
    openedAt: now,
    openedBy: refOf(me),
    ...(from && { from }),
  };
  await deps.cases.create(petitionCase);
  if (from?.kind === 'incident') {
    await deps.incidents.append(from.id, { type: 'linked', key: eventKey.linked('case', petitionCase.id), at: now, to: 'case', id: petitionCase.id, code: petitionCase.code, ...refOf(me) });
  }
  if (from?.kind === 'risk') await linkRiskToCase(deps.risks, from.id, { caseId: petitionCase.id, code: petitionCase.code, at: now, by: refOf(me) });
  return caseView({ case: petitionCase, events: [] }, deps.clock.now());
}

/** GET /cases[?planId=…&open=1]: the cases of every school the caller may see, those due for a visit first. */
export async function listCases(deps: Pick<CaseDependencies, 'plans' | 'cases' | 'clock'>, caller: Caller, query: Record<string, string | undefined> | null): Promise<{ now: string; cases: CaseView[] }> {
  const { fields } = objectBody(query ?? {}, ['planId', 'open']);
  if (Object.keys(fields).length > 0) fail('The query', fields);
  const now = deps.clock.now();
  let plans = plansVisibleTo(caller, await deps.plans.list()).filter((plan) => (plan.cases ?? []).length > 0);
  if (query?.planId) {
    const plan = await planOf(deps, query.planId);
    assertMaySee(caller, [plan], plan.organisation.id);
    plans = plans.filter((candidate) => candidate.id === plan.id);
  }
  const orgIds = [...new Set(plans.map((plan) => plan.organisation.id))];
  const records = (await Promise.all(orgIds.map((orgId) => deps.cases.list(orgId)))).flat();
  const views = records
    .map((record) => caseView(record, now))
    .filter((view) => plans.some((plan) => plan.id === view.planId) && (query?.open !== '1' || view.status === 'open'));
  const order = (view: CaseView) => (view.status === 'closed' ? `2${view.openedAt}` : `1${view.nextVisitDue ?? ''}`);
  return { now: now.toISOString(), cases: views.sort((a, b) => order(a).localeCompare(order(b))) };
}

async function caseFor(deps: Pick<CaseDependencies, 'plans' | 'cases'>, caller: Caller, caseId: string): Promise<{ record: CaseRecord; plan: Plan }> {
  const record = await deps.cases.get(caseId);
  if (!record) throw new NotFoundError(`There is no case ${caseId}.`);
  const plan = await planOf(deps, record.case.planId);
  assertMaySee(caller, [plan], plan.organisation.id);
  return { record, plan };
}

export async function showCase(deps: Pick<CaseDependencies, 'plans' | 'cases' | 'clock'>, caller: Caller, caseId: string): Promise<CaseView> {
  const { record } = await caseFor(deps, caller, caseId);
  return caseView(record, deps.clock.now());
}

/** PATCH /cases/{id}: a new leader, responsible person or visit plan; `status` closed (with a resolution) or open again. */
export async function updateCase(deps: CaseDependencies, caller: Caller, caseId: string, body: unknown): Promise<CaseView> {
  const { record, plan } = await caseFor(deps, caller, caseId);
  const me = actorOn(plan, caller);
  const { input, fields } = objectBody(body, ['leader', 'responsible', 'visits', 'status', 'resolution', 'reason']);
  if (Object.keys(input).length === 0) fail('The change', { body: 'say what changes: leader, responsible, visits or status' });
  const view = caseView(record, deps.clock.now());
  const type = (plan.cases ?? []).find((candidate) => candidate.id === record.case.type);
  const leader = input.leader === undefined ? undefined : planPerson(plan, input.leader, 'leader', fields);
  const responsible = input.responsible === undefined ? undefined : planPerson(plan, input.responsible, 'responsible', fields, type?.owners);
  const visits = input.visits === undefined ? undefined : visitPlan({ ...view.visits, ...(input.visits as object) }, undefined, fields);
  if (input.status !== undefined && input.status !== 'closed' && input.status !== 'open') fields.status = 'expected closed or open';
  const resolution = input.status === 'closed' ? text(input.resolution, 'resolution', fields, { required: true }) : undefined;
  const reason = input.status === 'open' ? text(input.reason, 'reason', fields, { required: true }) : undefined;
  if (input.status === 'closed' && view.status === 'closed') fields.status = 'the case is closed already';
  if (input.status === 'open' && view.status === 'open') fields.status = 'the case is open already';
  if (input.resolution !== undefined && input.status !== 'closed') fields.resolution = 'only with status closed';
  if (input.reason !== undefined && input.status !== 'open') fields.reason = 'only with status open';
  if (Object.keys(fields).length > 0) fail('The change', fields);

  const at = deps.clock.now().toISOString();
  const by = refOf(me);
  if (leader || responsible || visits) {
    await deps.cases.append(record.case, { type: 'changed', key: `changed:${at}`, at, by, ...(leader && { leader }), ...(responsible && { responsible }), ...(visits && { visits }) });
  }
  if (resolution) await deps.cases.append(record.case, { type: 'closed', key: `closed:${at}`, at, by, resolution });
  if (reason) await deps.cases.append(record.case, { type: 'reopened', key: `reopened:${at}`, at, by, reason });
  return showCase(deps, caller, caseId);
}

/** POST /cases/{id}/visits: a visit (下访) or appointment (约访) held, with what came of it. */
export async function recordVisit(deps: CaseDependencies, caller: Caller, caseId: string, body: unknown): Promise<CaseView> {
  const { record, plan } = await caseFor(deps, caller, caseId);
  const me = actorOn(plan, caller);
  const { input, fields } = objectBody(body, ['mode', 'note', 'at']);
  const now = deps.clock.now();
  const mode = input.mode ?? record.case.visits.mode;
  if (!VISIT_MODES.includes(mode as VisitMode)) fields.mode = `expected ${VISIT_MODES.join(' or ')}`;
  const note = text(input.note, 'note', fields, { required: true });
  let at = now;
  if (input.at !== undefined) {
    at = new Date(typeof input.at === 'string' ? input.at : NaN);
    if (Number.isNaN(at.getTime())) fields.at = 'expected an ISO 8601 instant, e.g. 2014-03-05T10:00:00+08:00';
    else if (at > now) fields.at = 'a visit is recorded once it has happened, not before';
    else if (at.toISOString() < record.case.openedAt) fields.at = 'before the case was opened';
  }
  if (caseView(record, now).status === 'closed') fields.status = 'the case is closed; reopen it first';
  if (Object.keys(fields).length > 0) fail('The visit', fields);
  const iso = at.toISOString();
  await deps.cases.append(record.case, { type: 'visit', key: `visit:${iso}:${me.id}`, at: iso, recordedAt: now.toISOString(), by: refOf(me), mode: mode as VisitMode, note: note! });
  return showCase(deps, caller, caseId);
}

/**
 * POST /cases/{id}/escalate: the case turns into an incident (the petitioner sets off for Beijing):
 * it is reported through intake as the caller, so the plan's chain runs, and each names the other.
 */
export async function escalateCase(deps: CaseDependencies, caller: Caller, caseId: string, body: unknown): Promise<{ case: CaseView; incident: { id: string; code: string } }> {
  const { record, plan } = await caseFor(deps, caller, caseId);
  const me = actorOn(plan, caller);
  const { input, fields } = objectBody(body, ['category', 'place', 'description', 'severity']);
  if (Object.keys(fields).length > 0) fail('The escalation', fields);
  const report = validateReport(
    {
      planId: plan.id,
      category: input.category,
      place: input.place,
      description: input.description ?? `包案 #${record.case.code} ${record.case.petitioner.name}: ${record.case.summary}`.slice(0, 2000),
      reporter: { name: me.name, phone: me.phone },
      ...(input.severity !== undefined && { severity: input.severity }),
    },
    [plan],
  );
  const { record: incident } = await submitIncident(deps, { report, channel: 'web', idempotencyKey: `case:${record.case.id}:${deps.clock.now().toISOString()}` });
  const at = deps.clock.now().toISOString();
  await deps.incidents.append(incident.incident.id, { type: 'linked', key: eventKey.linked('case', record.case.id), at, to: 'case', id: record.case.id, code: record.case.code, personId: me.id, name: me.name });
  await deps.cases.append(record.case, { type: 'incident', key: `incident:${incident.incident.id}`, at, by: refOf(me), incidentId: incident.incident.id, code: incident.incident.code });
  return { case: await showCase(deps, caller, caseId), incident: { id: incident.incident.id, code: incident.incident.code } };
}

// --- Visit reminders ----------------------------------------------------------------------------

export interface CaseReminderDependencies {
  plans: { list(): Promise<Plan[]> };
  cases: CaseStore;
  sms: { send(message: OutgoingSms): Promise<{ messageId: string }> };
  clock: { now(): Date };
  smsSignature?: string;
}

/** The local time the visit reminders go out each day: this project's choice, before the working day. */
export const CASE_REMINDER_TIME = '08:30';

/** The time zones whose plans keep cases: one daily reminder schedule each. */
export function caseReminderSlots(plans: readonly Plan[]): { timeZone: string; time: string }[] {
  return [...new Set(plans.filter((plan) => (plan.cases ?? []).length > 0).map((plan) => plan.timeZone))].sort().map((timeZone) => ({ timeZone, time: CASE_REMINDER_TIME }));
}

/** `【应急】包案提醒:#ABC234 王某某 应于03-12下访(每7天)` — one segment, the name cut first. */
export function visitReminderText(petitionCase: PetitionCase, due: string, timeZone: string, signature = ''): string {
  const day = localDate(new Date(due), timeZone).slice(5);
  const mode = petitionCase.visits.mode === 'visit' ? '下访' : '约访';
  return fitOneSegment(
    (fields: { name: string }) => `${signature}包案提醒:#${petitionCase.code} ${fields.name} 应于${day}${mode}(每${petitionCase.visits.everyDays}天),请安排并在系统登记`,
    { name: petitionCase.petitioner.name },
    [{ field: 'name' }],
  );
}

/**
 * Once a day in each time zone: every open case whose next visit falls due by the end of that day
 * texts its leader and responsible person, once per due date (the reminder's key is the due instant,
 * so a repeated run texts nobody twice).
 */
export async function remindDueVisits(deps: CaseReminderDependencies, input: { timeZone: string; firedAt: string }): Promise<{ reminded: number }> {
  const fired = new Date(input.firedAt);
  if (Number.isNaN(fired.getTime())) throw new ValidationError('firedAt is not an instant.', { firedAt: 'expected an ISO 8601 instant' });
  let reminded = 0;
  const plans = (await deps.plans.list()).filter((plan) => plan.timeZone === input.timeZone && (plan.cases ?? []).length > 0);
  for (const orgId of new Set(plans.map((plan) => plan.organisation.id))) {
    for (const record of await deps.cases.list(orgId)) {
      const plan = plans.find((candidate) => candidate.id === record.case.planId);
      const view = caseView(record, fired);
      if (!plan || !view.nextVisitDue || localDate(new Date(view.nextVisitDue), plan.timeZone) > localDate(fired, plan.timeZone)) continue;
      const key = `reminded:${view.nextVisitDue}`;
      if (record.events.some((event) => event.key === key)) continue;
      const to = [view.leader, view.responsible].filter((person, index, all) => all.findIndex((other) => other.personId === person.personId) === index);
      for (const ref of to) {
        const person = personById(plan, ref.personId);
        if (!person) continue;
        try {
          await deps.sms.send({ to: person.phone, body: visitReminderText(view, view.nextVisitDue, plan.timeZone, deps.smsSignature) });
        } catch (error) {
          // An opted-out or invalid number is passed over; the other owner is still texted.
          if (!(error instanceof SmsRejectedError)) throw error;
        }
      }
      if (await deps.cases.append(record.case, { type: 'reminded', key, at: fired.toISOString(), due: view.nextVisitDue, to })) reminded += 1;
    }
  }
  return { reminded };
}
