import { fitsKey, ValidationError, type FieldErrors } from '../base';
import { peopleWithRoles, type Person, type Plan } from '../plan';
import type { SubmissionDependencies } from '../scheduled-reports';
import { RISK_LIMITS, RiskReportBody } from './requests';

/**
 * 风险信息 and 矛盾纠纷日排查 (plan 5, 三(二)): information officers (信息员) report what may become
 * an incident but is not one yet, and each unit reports its daily screening — nothing found, or the
 * items it found, each a risk. The sub-district (or the bureau above it) reads the day's roll-up,
 * and one action turns a risk into an incident, or a 包案 case takes it on (../cases).
 */

export interface PersonRef {
  personId: string;
  name: string;
}

export type RiskChannel = 'web' | 'sms';

export interface Risk {
  id: string;
  code: string;
  planId: string;
  orgId: string;
  /** The local date of the screening day it belongs to. */
  date: string;
  reportedAt: string;
  by: PersonRef;
  channel: RiskChannel;
  summary: string;
  place?: string;
  /** A risk reported on its own, or an item of a unit's daily screening. */
  source: 'report' | 'screening';
}

export type RiskEvent =
  | { type: 'escalated'; key: string; at: string; by: PersonRef; incidentId: string; code: string }
  | { type: 'case'; key: string; at: string; by: PersonRef; caseId: string; code: string };

export interface RiskRecord {
  risk: Risk;
  events: RiskEvent[];
}

/** A unit's daily screening result: nothing found, or the risks it found. */
export interface Screening {
  planId: string;
  orgId: string;
  date: string;
  unit: PersonRef;
  at: string;
  channel: RiskChannel;
  nothingFound: boolean;
  riskIds: string[];
}

export interface RiskStore {
  create(risk: Risk): Promise<boolean>;
  get(riskId: string): Promise<RiskRecord | undefined>;
  append(risk: Pick<Risk, 'id' | 'orgId' | 'date'>, event: RiskEvent): Promise<boolean>;
  addScreening(screening: Screening): Promise<boolean>;
  /** The risks and screenings of an organisation's screening day. */
  day(orgId: string, date: string): Promise<{ risks: RiskRecord[]; screenings: Screening[] }>;
}

export type RiskDependencies = SubmissionDependencies & { risks: RiskStore };

export interface RiskView extends Risk {
  status: 'open' | 'escalated' | 'case';
  incident?: { id: string; code: string };
  case?: { id: string; code: string };
}

export function riskView(record: RiskRecord): RiskView {
  const escalated = record.events.find((event): event is Extract<RiskEvent, { type: 'escalated' }> => event.type === 'escalated');
  const taken = record.events.find((event): event is Extract<RiskEvent, { type: 'case' }> => event.type === 'case');
  return {
    ...record.risk,
    status: escalated ? 'escalated' : taken ? 'case' : 'open',
    ...(escalated && { incident: { id: escalated.incidentId, code: escalated.code } }),
    ...(taken && { case: { id: taken.caseId, code: taken.code } }),
  };
}

/** The units that owe a daily screening: whoever sends the plan's 矛盾纠纷日排查. */
export function screeningUnits(plan: Plan): Person[] {
  const roles = (plan.scheduledReports ?? []).filter((report) => report.kind === 'dispute-screening').flatMap((report) => report.from);
  return peopleWithRoles(plan, [...new Set(roles)]);
}

function itemOf(value: unknown, path: string, fields: FieldErrors): { summary: string; place?: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fields[path] = 'expected { summary, place? }';
    return undefined;
  }
  const input = value as Record<string, unknown>;
  for (const name of Object.keys(input)) if (!['summary', 'place'].includes(name)) fields[`${path}.${name}`] = 'unknown field; expected summary or place';
  const summary = typeof input.summary === 'string' ? input.summary.trim() : '';
  if (summary === '') fields[`${path}.summary`] = 'required: what was found';
  else if ([...summary].length > RISK_LIMITS.summary) fields[`${path}.summary`] = `too long: at most ${RISK_LIMITS.summary} characters`;
  let place: string | undefined;
  if (input.place !== undefined && input.place !== '') {
    if (typeof input.place !== 'string') fields[`${path}.place`] = 'expected a text';
    else if ([...input.place.trim()].length > RISK_LIMITS.place) fields[`${path}.place`] = `too long: at most ${RISK_LIMITS.place} characters`;
    else place = input.place.trim();
  }
  return { summary, ...(place && { place }) };
}

export type RiskSubmission =
  { planId: string; kind: 'risk'; item: { summary: string; place?: string } } | { planId: string; kind: 'screening'; items: { summary: string; place?: string }[] };

/**
 * `{"planId","summary","place"?}` is one risk; `{"planId","nothingFound":true}` or
 * `{"planId","items":[{"summary","place"?}]}` is the unit's daily screening.
 */
export function validateRiskSubmission(body: unknown): RiskSubmission {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('The request must be a JSON object.', { body: 'expected a JSON object' });
  const input = body as Record<string, unknown>;
  const fields: FieldErrors = {};
  const allowed = Object.keys(RiskReportBody.shape);
  for (const name of Object.keys(input)) if (!allowed.includes(name)) fields[name] = `unknown field; expected one of ${allowed.join(', ')}`;
  if (typeof input.planId !== 'string' || input.planId === '') fields.planId = 'required: the plan the risk is reported under';
  else if (!fitsKey(input.planId)) fields.planId = 'too long: no plan id is that long';
  const shapes = ['summary', 'nothingFound', 'items'].filter((name) => input[name] !== undefined);
  if (shapes.length !== 1) fields.body = 'send one of: summary (a risk), nothingFound: true (screened, nothing found) or items (screened, what was found)';
  let submission: RiskSubmission | undefined;
  if (input.summary !== undefined) {
    const item = itemOf({ summary: input.summary, ...(input.place !== undefined && { place: input.place }) }, 'risk', fields);
    if (fields['risk.summary']) fields.summary = fields['risk.summary'];
    if (fields['risk.place']) fields.place = fields['risk.place'];
    delete fields['risk.summary'];
    delete fields['risk.place'];
    if (item) submission = { planId: input.planId as string, kind: 'risk', item };
  } else {
    if (input.place !== undefined) fields.place = 'only with summary; each screening item has its own place';
    if (input.nothingFound !== undefined && input.nothingFound !== true) fields.nothingFound = 'expected true; a screening that found something lists its items';
    if (input.items !== undefined) {
      if (!Array.isArray(input.items) || input.items.length === 0) fields.items = 'expected a non-empty list of { summary, place? }; nothingFound: true when nothing was found';
      else if (input.items.length > RISK_LIMITS.items) fields.items = `at most ${RISK_LIMITS.items} items in one screening`;
    }
    const items = Array.isArray(input.items) ? input.items.map((item, index) => itemOf(item, `items.${index}`, fields)) : [];
    submission = { planId: input.planId as string, kind: 'screening', items: items.filter((item): item is NonNullable<typeof item> => item !== undefined) };
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(`The report has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
  return submission!;
}
