import { assertMaySee, type Caller, type Case as CaseType, type Person, personOf, type Plan, plansVisibleTo } from '../plan';
import { fitsKey, parseDuration, ForbiddenError, NotFoundError, type FieldErrors } from '../base';
import { eventKey, submitIncident, validateReport } from '../incident';
import { linkRiskToCase } from '../risks';
import { caseView, DAY_MS, fail, objectBody, planPerson, refOf, text, visitPlan, type CaseDependencies, type CaseRecord, type CaseView, type PetitionCase } from './model';
import { CASE_LIMITS, CaseChangeBody, CaseEscalationBody, CaseListQueryParams, CaseVisitBody, OpenCaseBody, VISIT_MODES, type VisitMode } from './requests';

/** What people do with cases through the API: open, list, show, change, close, record visits, escalate. */

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
  const { input, fields } = objectBody(body, OpenCaseBody);
  let planId = input.planId;
  let summary = input.summary;
  let from: PetitionCase['from'];
  if (input.fromIncident !== undefined && input.fromRisk !== undefined) fields.fromRisk = 'a case grows out of an incident or a risk, not both';
  for (const name of ['fromIncident', 'fromRisk', 'planId'] as const) {
    if (typeof input[name] === 'string' && !fitsKey(input[name])) fail('The case', { [name]: 'too long: no id this system issues is that long' });
  }
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
  if (petitionerPhone !== undefined && (typeof petitionerPhone !== 'string' || !/^\+[1-9]\d{6,14}$/.test(petitionerPhone)))
    fields['petitioner.phone'] = 'expected E.164, e.g. +8613800000000';
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
    await deps.incidents.append(from.id, {
      type: 'linked',
      key: eventKey.linked('case', petitionCase.id),
      at: now,
      to: 'case',
      id: petitionCase.id,
      code: petitionCase.code,
      ...refOf(me),
    });
  }
  if (from?.kind === 'risk') await linkRiskToCase(deps.risks, from.id, { caseId: petitionCase.id, code: petitionCase.code, at: now, by: refOf(me) });
  return caseView({ case: petitionCase, events: [] }, deps.clock.now());
}

/** GET /cases[?planId=…&open=1]: the cases of every school the caller may see, those due for a visit first. */
export async function listCases(
  deps: Pick<CaseDependencies, 'plans' | 'cases' | 'clock'>,
  caller: Caller,
  query: Record<string, string | undefined> | null,
): Promise<{ now: string; cases: CaseView[]; plans: ReturnType<typeof casePlanOf>[] }> {
  const { fields } = objectBody(query ?? {}, CaseListQueryParams);
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
  const views = records.map((record) => caseView(record, now)).filter((view) => plans.some((plan) => plan.id === view.planId) && (query?.open !== '1' || view.status === 'open'));
  const order = (view: CaseView) => (view.status === 'closed' ? `2${view.openedAt}` : `1${view.nextVisitDue ?? ''}`);
  return { now: now.toISOString(), cases: views.sort((a, b) => order(a).localeCompare(order(b))), plans: plans.map((plan) => casePlanOf(plan, caller)) };
}

/** What the console's forms offer for a plan: its kinds of case, who may lead or own one, what an incident can be; `mine` when the caller may write. */
function casePlanOf(plan: Plan, caller: Caller) {
  const owners = new Set((plan.cases ?? []).flatMap((type) => type.owners));
  return {
    planId: plan.id,
    school: plan.organisation.name,
    mine: personOf(plan, caller) !== undefined,
    types: (plan.cases ?? []).map((type) => ({
      id: type.id,
      name: type.name,
      ...(type.contactEvery && { everyDays: Math.max(1, Math.round(parseDuration(type.contactEvery) / DAY_MS)) }),
    })),
    people: plan.people.filter((person) => !person.unit).map((person) => ({ personId: person.id, name: person.name, owner: person.roles.some((role) => owners.has(role)) })),
    categories: plan.categories.map((category) => ({ id: category.id, name: category.name })),
  };
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
  const { input, fields } = objectBody(body, CaseChangeBody);
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
    await deps.cases.append(record.case, {
      type: 'changed',
      key: `changed:${at}`,
      at,
      by,
      ...(leader && { leader }),
      ...(responsible && { responsible }),
      ...(visits && { visits }),
    });
  }
  if (resolution) await deps.cases.append(record.case, { type: 'closed', key: `closed:${at}`, at, by, resolution });
  if (reason) await deps.cases.append(record.case, { type: 'reopened', key: `reopened:${at}`, at, by, reason });
  return showCase(deps, caller, caseId);
}

/** POST /cases/{id}/visits: a visit (下访) or appointment (约访) held, with what came of it. */
export async function recordVisit(deps: CaseDependencies, caller: Caller, caseId: string, body: unknown): Promise<CaseView> {
  const { record, plan } = await caseFor(deps, caller, caseId);
  const me = actorOn(plan, caller);
  const { input, fields } = objectBody(body, CaseVisitBody);
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
  await deps.cases.append(record.case, {
    type: 'visit',
    key: `visit:${iso}:${me.id}`,
    at: iso,
    recordedAt: now.toISOString(),
    by: refOf(me),
    mode: mode as VisitMode,
    note: note!,
  });
  return showCase(deps, caller, caseId);
}

/**
 * POST /cases/{id}/escalate: the case turns into an incident (the petitioner sets off for Beijing):
 * it is reported through intake as the caller, so the plan's chain runs, and each names the other.
 */
export async function escalateCase(deps: CaseDependencies, caller: Caller, caseId: string, body: unknown): Promise<{ case: CaseView; incident: { id: string; code: string } }> {
  // The body's fields are checked before the case is read.
  const { input, fields } = objectBody(body, CaseEscalationBody);
  if (Object.keys(fields).length > 0) fail('The escalation', fields);
  const { record, plan } = await caseFor(deps, caller, caseId);
  const me = actorOn(plan, caller);
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
  const { record: incident } = await submitIncident(deps, { plan, report, channel: 'web', idempotencyKey: `case:${record.case.id}:${deps.clock.now().toISOString()}` });
  const at = deps.clock.now().toISOString();
  await deps.incidents.append(incident.incident.id, {
    type: 'linked',
    key: eventKey.linked('case', record.case.id),
    at,
    to: 'case',
    id: record.case.id,
    code: record.case.code,
    personId: me.id,
    name: me.name,
  });
  await deps.cases.append(record.case, {
    type: 'incident',
    key: `incident:${incident.incident.id}`,
    at,
    by: refOf(me),
    incidentId: incident.incident.id,
    code: incident.incident.code,
  });
  return { case: await showCase(deps, caller, caseId), incident: { id: incident.incident.id, code: incident.incident.code } };
}
