import { assertMaySee, localDate, personOf, plansVisibleTo, type Caller, type Person, type Plan } from '../plan';
import { ForbiddenError, NotFoundError, parseRequest, readRequest, ValidationError } from '../base';
import { eventKey, submitIncident, validateReport } from '../incident';
import { maySubmit, submitScheduledReport } from '../scheduled-reports';
import {
  riskView,
  screeningUnits,
  validateRiskSubmission,
  type PersonRef,
  type Risk,
  type RiskChannel,
  type RiskDependencies,
  type RiskStore,
  type RiskSubmission,
  type RiskView,
  type Screening,
} from './model';
import { RiskEscalationBody, ScreeningQueryParams } from './requests';

/** Risks and screenings through the API and by text: reported, rolled up per day, escalated, taken on by a case. */

function reporterOn(plan: Plan, caller: Caller): Person {
  const me = personOf(plan, caller);
  if (!me) throw new ForbiddenError(`Only someone on the plan of ${plan.organisation.name} may report its risks.`);
  return me;
}

export interface RiskOutcome {
  risks: RiskView[];
  screening?: Screening;
  /** The plan's 矛盾纠纷日排查 counted as in (a screening from someone who sends it, while it is due). */
  scheduledReport?: { reportId: string; dueAt: string; late: boolean };
}

/** POST /risks, signed in: a risk, or the caller's unit's daily screening. */
export async function reportRiskAs(deps: RiskDependencies, caller: Caller, body: unknown): Promise<RiskOutcome> {
  const submission = validateRiskSubmission(body);
  const plan = await deps.plans.get(submission.planId);
  if (!plan) throw new ValidationError('Unknown plan.', { planId: `unknown plan "${submission.planId}"` });
  assertMaySee(caller, [plan], plan.organisation.id);
  return reportRisk(deps, plan, reporterOn(plan, caller), submission, 'web');
}

/** A risk or a screening from a person on the plan, by the console or by text. */
export async function reportRisk(deps: RiskDependencies, plan: Plan, person: Person, submission: RiskSubmission, channel: RiskChannel): Promise<RiskOutcome> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const date = localDate(now, plan.timeZone);
  const by = { personId: person.id, name: person.name };
  const items = submission.kind === 'risk' ? [submission.item] : submission.items;
  const risks: Risk[] = items.map((item) => ({
    id: deps.ids.incidentId(),
    code: deps.ids.incidentCode(),
    planId: plan.id,
    orgId: plan.organisation.id,
    date,
    reportedAt: at,
    by,
    channel,
    summary: item.summary,
    ...(item.place && { place: item.place }),
    source: submission.kind === 'risk' ? 'report' : 'screening',
  }));
  for (const risk of risks) await deps.risks.create(risk);
  if (submission.kind === 'risk') return { risks: risks.map((risk) => riskView({ risk, events: [] })) };

  const screening: Screening = {
    planId: plan.id,
    orgId: plan.organisation.id,
    date,
    unit: by,
    at,
    channel,
    nothingFound: risks.length === 0,
    riskIds: risks.map((risk) => risk.id),
  };
  await deps.risks.addScreening(screening);
  const outcome: RiskOutcome = { risks: risks.map((risk) => riskView({ risk, events: [] })), screening };
  const overrides = plan.duty ? await deps.duty.overrides(plan.id) : [];
  const report = (plan.scheduledReports ?? []).find((candidate) => candidate.kind === 'dispute-screening' && maySubmit(plan, overrides, person.id, candidate));
  if (!report) return outcome;
  try {
    const submitted = await submitScheduledReport(deps, { planId: plan.id, personId: person.id, type: report.id, at, channel: channel === 'web' ? 'api' : 'sms' });
    return { ...outcome, scheduledReport: { reportId: submitted.reportId, dueAt: submitted.dueAt, late: submitted.submitted.late } };
  } catch (error) {
    // Outside the period the screening report runs in, nothing is due: the screening still counts here.
    if (error instanceof ValidationError) return outcome;
    throw error;
  }
}

export interface ScreeningRollUp {
  date: string;
  plans: {
    planId: string;
    orgId: string;
    school: string;
    date: string;
    mine: boolean;
    categories: { id: string; name: string }[];
    counts: { units: number; nothingFound: number; found: number; missing: number; risks: number; open: number };
    units: { personId: string; name: string; status: 'nothing-found' | 'found' | 'missing'; at?: string; channel?: RiskChannel; items: number }[];
    risks: RiskView[];
  }[];
}

/** GET /risks?date=…[&planId=…]: per school the caller may see, its units' screening and the day's risks. */
export async function screeningRollUp(
  deps: Pick<RiskDependencies, 'plans' | 'risks' | 'clock'>,
  caller: Caller,
  query: Record<string, string | undefined> | null,
): Promise<ScreeningRollUp> {
  const { value, fields } = readRequest(ScreeningQueryParams, query ?? {});
  if (!value) throw new ValidationError('The query has problems.', fields);
  let plans = plansVisibleTo(caller, await deps.plans.list());
  if (query?.planId) {
    const plan = await deps.plans.get(query.planId);
    if (!plan) throw new NotFoundError(`There is no plan ${query.planId}.`);
    assertMaySee(caller, [plan], plan.organisation.id);
    plans = [plan];
  }
  plans = plans.filter((plan) => query?.planId || screeningUnits(plan).length > 0);
  const now = deps.clock.now();
  const rows = await Promise.all(
    plans.map(async (plan) => {
      const date = query?.date ?? localDate(now, plan.timeZone);
      const day = await deps.risks.day(plan.organisation.id, date);
      const risks = day.risks
        .filter((record) => record.risk.planId === plan.id)
        .map(riskView)
        .sort((a, b) => a.reportedAt.localeCompare(b.reportedAt));
      const screenings = day.screenings.filter((screening) => screening.planId === plan.id);
      const units = screeningUnits(plan).map((person) => {
        const mine = screenings.filter((screening) => screening.unit.personId === person.id);
        const latest = mine.at(-1);
        const items = mine.reduce((sum, screening) => sum + screening.riskIds.length, 0);
        return {
          personId: person.id,
          name: person.name,
          status: !latest ? ('missing' as const) : items > 0 ? ('found' as const) : ('nothing-found' as const),
          ...(latest && { at: latest.at, channel: latest.channel }),
          items,
        };
      });
      return {
        planId: plan.id,
        orgId: plan.organisation.id,
        school: plan.organisation.name,
        date,
        // For the console: whether the caller may report and escalate here, and what an incident can be.
        mine: personOf(plan, caller) !== undefined,
        categories: plan.categories.map((category) => ({ id: category.id, name: category.name })),
        counts: {
          units: units.length,
          nothingFound: units.filter((unit) => unit.status === 'nothing-found').length,
          found: units.filter((unit) => unit.status === 'found').length,
          missing: units.filter((unit) => unit.status === 'missing').length,
          risks: risks.length,
          open: risks.filter((risk) => risk.status === 'open').length,
        },
        units,
        risks,
      };
    }),
  );
  return { date: query?.date ?? (plans[0] ? localDate(now, plans[0].timeZone) : now.toISOString().slice(0, 10)), plans: rows };
}

/**
 * POST /risks/{id}/escalate: the risk becomes an incident, reported through intake as the caller so
 * the plan's chain runs; each names the other. A second call answers with the same incident.
 */
export async function escalateRisk(
  deps: RiskDependencies,
  caller: Caller,
  riskId: string,
  body: unknown,
): Promise<{ created: boolean; risk: RiskView; incident: { id: string; code: string } }> {
  // The body's fields are checked before the risk is read.
  const input = parseRequest(RiskEscalationBody, body, 'The escalation');
  const record = await deps.risks.get(riskId);
  if (!record) throw new NotFoundError(`There is no risk ${riskId}.`);
  const plan = await deps.plans.get(record.risk.planId);
  if (!plan) throw new NotFoundError(`There is no plan ${record.risk.planId}.`);
  assertMaySee(caller, [plan], plan.organisation.id);
  const me = reporterOn(plan, caller);
  const already = riskView(record);
  if (already.incident) return { created: false, risk: already, incident: already.incident };
  const report = validateReport(
    {
      planId: plan.id,
      category: input.category,
      place: input.place ?? record.risk.place,
      description: `风险信息 #${record.risk.code}: ${record.risk.summary}`,
      reporter: { name: me.name, phone: me.phone },
      ...(input.severity !== undefined && { severity: input.severity }),
    },
    [plan],
  );
  const { record: incident } = await submitIncident(deps, { plan, report, channel: 'web', idempotencyKey: `risk:${record.risk.id}` });
  const at = deps.clock.now().toISOString();
  const by = { personId: me.id, name: me.name };
  await deps.incidents.append(incident.incident.id, {
    type: 'linked',
    key: eventKey.linked('risk', record.risk.id),
    at,
    to: 'risk',
    id: record.risk.id,
    code: record.risk.code,
    ...by,
  });
  await deps.risks.append(record.risk, { type: 'escalated', key: 'escalated', at, by, incidentId: incident.incident.id, code: incident.incident.code });
  const updated = (await deps.risks.get(riskId))!;
  return { created: true, risk: riskView(updated), incident: { id: incident.incident.id, code: incident.incident.code } };
}

/** A 包案 case takes the risk on (../cases): the risk names the case. */
export async function linkRiskToCase(risks: RiskStore, riskId: string, link: { caseId: string; code: string; at: string; by: PersonRef }): Promise<void> {
  const record = await risks.get(riskId);
  if (!record) throw new NotFoundError(`There is no risk ${riskId}.`);
  await risks.append(record.risk, { type: 'case', key: `case:${link.caseId}`, ...link });
}
