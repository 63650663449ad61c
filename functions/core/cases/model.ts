import type * as z from 'zod';
import { readRequest, ValidationError, type FieldErrors } from '../base';
import { CASE_LIMITS, VISIT_MODES, type VisitMode } from './requests';
import type { IntakeDependencies } from '../incident';
import { peopleWithRoles, personById, type Person, type Plan } from '../plan';
import type { RiskStore } from '../risks';

/**
 * 包案: a petition case owned by a leader (包案领导) and a responsible person (责任人), who visit the
 * petitioner (下访) or ask them in (约访) every so many days (plan 5, 三、三). A case is its opening
 * record, written once, and an append-only list of events (visits, changes, reminders, incidents,
 * closure); its state is read off the events, as an incident's is off its timeline.
 */

export type CaseStatus = 'open' | 'closed';

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

export const DAY_MS = 86_400_000;

export function caseView(record: CaseRecord, now: Date): CaseView {
  const events = [...record.events].sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  let current: PetitionCase = record.case;
  let closed: CaseView['closed'];
  for (const event of events) {
    if (event.type === 'changed') {
      current = {
        ...current,
        ...(event.leader && { leader: event.leader }),
        ...(event.responsible && { responsible: event.responsible }),
        ...(event.visits && { visits: event.visits }),
      };
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

/**
 * The body as an object, with what its schema (./requests.ts) finds wrong: unknown fields, wrong
 * types, over-long texts. What only the plan can tell (./cases.ts) is added to the same fields.
 */
export function objectBody(body: unknown, schema: z.ZodType): { input: Record<string, unknown>; fields: FieldErrors } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('The request must be a JSON object.', { body: 'expected a JSON object' });
  return { input: body as Record<string, unknown>, fields: readRequest(schema, body).fields };
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

export function planPerson(plan: Plan, value: unknown, field: string, fields: FieldErrors, roles?: readonly string[]): PersonRef | undefined {
  if (typeof value !== 'string' || value === '') {
    fields[field] = `required: a person id of plan ${plan.id}`;
    return undefined;
  }
  const person = personById(plan, value);
  if (!person) fields[field] = `nobody "${value}" in plan ${plan.id}`;
  else if (roles && !roles.some((role) => person.roles.includes(role))) {
    fields[field] = `${person.name} is not in the case team (${roles.join(', ')}); choose ${peopleWithRoles(plan, roles)
      .map((p) => p.id)
      .join(', ')}`;
  } else return refOf(person);
  return undefined;
}

export function visitPlan(value: unknown, fallbackDays: number | undefined, fields: FieldErrors): PetitionCase['visits'] | undefined {
  const input = (value ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || Array.isArray(input)) {
    fields.visits = 'expected { everyDays, mode }';
    return undefined;
  }
  for (const name of Object.keys(input)) if (!['everyDays', 'mode'].includes(name)) fields[`visits.${name}`] = 'unknown field; expected everyDays or mode';
  const everyDays = input.everyDays ?? fallbackDays;
  if (everyDays === undefined) fields['visits.everyDays'] = 'required: how many days between visits (the plan sets no contactEvery for this kind of case)';
  else if (!Number.isInteger(everyDays) || (everyDays as number) < 1 || (everyDays as number) > CASE_LIMITS.everyDays)
    fields['visits.everyDays'] = `expected a whole number of days, 1 to ${CASE_LIMITS.everyDays}`;
  const mode = input.mode ?? 'visit';
  if (!VISIT_MODES.includes(mode as VisitMode)) fields['visits.mode'] = `expected ${VISIT_MODES.join(' (下访) or ')} (约访)`;
  return { everyDays: everyDays as number, mode: mode as VisitMode };
}

export function fail(what: string, fields: FieldErrors): never {
  throw new ValidationError(`${what} has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
}

export const refOf = (person: Person): PersonRef => ({ personId: person.id, name: person.name });
