import { createHash } from 'node:crypto';
import { deadlinesFor } from './deadlines';
import { listingOf } from './board';
import { type Clock, ConflictError, type Ids, readRequest, refuse, ValidationError } from '../base';
import { eventKey, type Incident, type Reporter, type TimelineEvent } from './model';
import { categoryOf, chainOf, type Plan, type PlanCatalog, type Severity } from '../plan';
import { IncidentReportBody } from './requests';
import type { EscalationStarter, IncidentRecord, IncidentStore } from './ports';

/** A report as a witness submits it: what, where, what happened, optionally who they are. */
export interface IncidentReport {
  planId: string;
  category: string;
  place: string;
  description: string;
  reporter: Reporter;
  /** 一般/重大/特大; the category's default (usually general) when absent. */
  severity?: Severity;
}

/**
 * The plan a submitted report names, once everything that needs no plan is checked: a report that
 * is wrong anyway is refused before the store is read.
 */
export function reportedPlanId(body: unknown): string {
  const { value, fields } = readRequest(IncidentReportBody, body);
  if (fields.body) throw new ValidationError('The report must be a JSON object.', fields);
  if (!value || Object.keys(fields).length > 0) refuse('The report', fields);
  return value.planId;
}

/** Checks a submitted report against the plans it may name; every problem is named with its field. */
export function validateReport(body: unknown, plans: readonly Plan[]): IncidentReport {
  const { value, fields } = readRequest(IncidentReportBody, body);
  if (fields.body) throw new ValidationError('The report must be a JSON object.', fields);
  const input = body as Record<string, unknown>;
  const plan = plans.find((candidate) => candidate.id === input.planId);
  if (!fields.planId && !plan) fields.planId = `unknown plan "${String(input.planId)}"${plans.length > 0 ? `; known plans: ${plans.map((p) => p.id).join(', ')}` : ''}`;
  if (!fields.category && plan && !categoryOf(plan, String(input.category))) {
    fields.category = `unknown category "${String(input.category)}" for plan ${plan.id}; choose one of ${plan.categories.map((c) => c.id).join(', ')}`;
  }
  if (!value || Object.keys(fields).length > 0) refuse('The report', fields);
  const { name, phone } = value.reporter ?? {};
  const reporter: Reporter = { ...(name && { name }), ...(phone && { phone }) };
  return { planId: value.planId, category: value.category, place: value.place, description: value.description, reporter, ...(value.severity && { severity: value.severity }) };
}

export interface IntakeDependencies {
  incidents: IncidentStore;
  plans: PlanCatalog;
  escalations: EscalationStarter;
  clock: Clock;
  ids: Ids;
}

export interface Submission {
  /** The plan the report was checked against (validateReport): intake reads no plan of its own. */
  plan: Plan;
  report: IncidentReport;
  channel: 'web' | 'sms';
  /** A client's retry of the same report carries the same key and gets the same incident. */
  idempotencyKey?: string;
}

export interface SubmissionResult {
  record: IncidentRecord;
  /** False when the submission was a retry of one already taken. */
  created: boolean;
}

/**
 * Stores the incident, puts "reported" on its timeline and starts its escalation. Every step is
 * safe to repeat, so a retry after a failure half-way completes the work instead of duplicating it.
 * A new report costs one write and the start (two more with an Idempotency-Key: its claim); only a
 * retry reads what an earlier attempt stored.
 */
export async function submitIncident(deps: Omit<IntakeDependencies, 'plans'>, submission: Submission): Promise<SubmissionResult> {
  const { plan, report, channel } = submission;
  if (plan.id !== report.planId) throw new Error(`a report for plan ${report.planId} was submitted with plan ${plan.id}`);

  const drawn = deps.ids.incidentId();
  let incidentId = drawn;
  if (submission.idempotencyKey) {
    const fingerprint = fingerprintOf(report);
    const claim = await deps.incidents.claimIdempotencyKey(submission.idempotencyKey, { incidentId, fingerprint });
    if (claim.fingerprint !== fingerprint) {
      throw new ConflictError('This Idempotency-Key was already used for a different report; use a new key for a new report.');
    }
    incidentId = claim.incidentId;
  }

  if (incidentId === drawn) {
    // An id nobody else can know yet: nothing stored under it, nothing to read first.
    const incident = newIncident(deps, plan, report, incidentId, channel);
    const reported = reportedEvent(incident, channel);
    await deps.incidents.storeNew(incident, listingOf(plan, incident), reported);
    await startEscalation(deps, incident);
    return { record: { incident, timeline: [reported] }, created: true };
  }

  // A retry under the same key: complete whatever the first attempt left undone.
  const existing = await deps.incidents.get(incidentId);
  const incident = existing?.incident ?? newIncident(deps, plan, report, incidentId, channel);
  const created = existing === undefined && (await deps.incidents.create(incident, listingOf(plan, incident)));
  await completeIntake(deps, incident, channel);

  const record = await deps.incidents.get(incident.id);
  if (!record) throw new Error(`incident ${incident.id} vanished right after it was stored`);
  return { record, created };
}

/**
 * What follows storing an incident: "reported" on its timeline, its escalation started. Both are
 * safe to repeat; a client's retry, or the sweep for stranded incidents (./stranded.ts), repeats them.
 */
export async function completeIntake(deps: Pick<IntakeDependencies, 'incidents' | 'escalations'>, incident: Incident, channel: 'web' | 'sms'): Promise<void> {
  await deps.incidents.append(incident.id, reportedEvent(incident, channel));
  await startEscalation(deps, incident);
}

const reportedEvent = (incident: Incident, channel: 'web' | 'sms') =>
  ({ type: 'reported', key: eventKey.reported(), at: incident.reportedAt, channel, reporter: incident.reporter }) satisfies TimelineEvent;

const startEscalation = (deps: Pick<IntakeDependencies, 'escalations'>, incident: Incident) =>
  deps.escalations.start({ incidentId: incident.id, reportDeadline: incident.deadlines.report });

function newIncident(deps: Pick<IntakeDependencies, 'clock' | 'ids'>, plan: Plan, report: IncidentReport, id: string, channel: 'web' | 'sms'): Incident {
  const category = categoryOf(plan, report.category)!;
  const reportedAt = deps.clock.now();
  const severity = report.severity ?? category.defaultSeverity ?? 'general';
  return {
    id,
    code: deps.ids.incidentCode(),
    planId: plan.id,
    planVersion: plan.version,
    orgId: plan.organisation.id,
    category: category.id,
    kind: category.kind,
    severity,
    place: report.place,
    description: report.description,
    reporter: report.reporter,
    reportedAt: reportedAt.toISOString(),
    deadlines: deadlinesFor(chainOf(plan, category.id, severity), reportedAt),
    linkKey: deps.ids.actionToken() + deps.ids.actionToken(),
    channel,
  };
}

function fingerprintOf(report: IncidentReport): string {
  const canonical = JSON.stringify([
    report.planId,
    report.category,
    report.place,
    report.description,
    report.reporter.name ?? null,
    report.reporter.phone ?? null,
    // Only when given, so the fingerprint of a report without a severity is what it was before.
    ...(report.severity ? [report.severity] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
