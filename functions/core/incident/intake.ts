import { createHash } from 'node:crypto';
import { deadlinesFor } from './deadlines';
import { listingOf } from './board';
import { type Clock, ConflictError, type FieldErrors, type Ids, ValidationError } from '../base';
import { eventKey, type Incident, type Reporter } from './model';
import { categoryOf, chainOf, type Plan, type PlanCatalog, SEVERITIES, type Severity } from '../plan';
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

export const REPORT_LIMITS = { place: 100, description: 2000, reporterName: 50 } as const;
const REPORT_FIELDS = ['planId', 'category', 'place', 'description', 'reporter', 'severity'];
const REPORTER_FIELDS = ['name', 'phone'];
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Checks a submitted report against the loaded plans; every problem is named with its field. */
export function validateReport(body: unknown, plans: readonly Plan[]): IncidentReport {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('The report must be a JSON object.', { body: 'expected a JSON object' });
  }
  const input = body as Record<string, unknown>;
  const fields: FieldErrors = {};
  for (const name of Object.keys(input)) {
    if (!REPORT_FIELDS.includes(name)) fields[name] = `unknown field; expected one of ${REPORT_FIELDS.join(', ')}`;
  }

  const plan = plans.find((candidate) => candidate.id === input.planId);
  if (typeof input.planId !== 'string' || input.planId === '') fields.planId = 'required: the id of the school plan';
  else if (!plan) fields.planId = `unknown plan "${input.planId}"; known plans: ${plans.map((p) => p.id).join(', ')}`;

  if (typeof input.category !== 'string' || input.category === '') fields.category = 'required: the kind of incident';
  else if (plan && !categoryOf(plan, input.category)) {
    fields.category = `unknown category "${input.category}" for plan ${plan.id}; choose one of ${plan.categories.map((c) => c.id).join(', ')}`;
  }

  const place = requiredText(input.place, 'place', REPORT_LIMITS.place, fields);
  const description = requiredText(input.description, 'description', REPORT_LIMITS.description, fields);
  const reporter = validateReporter(input.reporter, fields);
  if (input.severity !== undefined && !SEVERITIES.includes(input.severity as Severity)) {
    fields.severity = `expected one of ${SEVERITIES.join(', ')}`;
  }

  if (Object.keys(fields).length > 0) {
    throw new ValidationError(`The report has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
  }
  const severity = input.severity as Severity | undefined;
  return { planId: input.planId as string, category: input.category as string, place, description, reporter, ...(severity && { severity }) };
}

function requiredText(value: unknown, field: string, maxLength: number, fields: FieldErrors): string {
  if (typeof value !== 'string' || value.trim() === '') {
    fields[field] = 'required: a non-empty text';
    return '';
  }
  const text = value.trim();
  if ([...text].length > maxLength) fields[field] = `too long: at most ${maxLength} characters`;
  return text;
}

function validateReporter(value: unknown, fields: FieldErrors): Reporter {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    fields.reporter = 'expected an object with optional name and phone';
    return {};
  }
  const input = value as Record<string, unknown>;
  const reporter: Reporter = {};
  for (const name of Object.keys(input)) {
    if (!REPORTER_FIELDS.includes(name)) fields[`reporter.${name}`] = 'unknown field; expected name or phone';
  }
  if (input.name !== undefined && input.name !== '') {
    if (typeof input.name !== 'string') fields['reporter.name'] = 'expected a text';
    else if ([...input.name.trim()].length > REPORT_LIMITS.reporterName) {
      fields['reporter.name'] = `too long: at most ${REPORT_LIMITS.reporterName} characters`;
    } else reporter.name = input.name.trim();
  }
  if (input.phone !== undefined && input.phone !== '') {
    if (typeof input.phone !== 'string' || !E164.test(input.phone)) {
      fields['reporter.phone'] = 'expected an international number in E.164 form, e.g. +8613800000000';
    } else reporter.phone = input.phone;
  }
  return reporter;
}

export interface IntakeDependencies {
  incidents: IncidentStore;
  plans: PlanCatalog;
  escalations: EscalationStarter;
  clock: Clock;
  ids: Ids;
}

export interface Submission {
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
 */
export async function submitIncident(deps: IntakeDependencies, submission: Submission): Promise<SubmissionResult> {
  const { report } = submission;
  const plan = await deps.plans.get(report.planId);
  if (!plan) throw new ValidationError('The report names an unknown plan.', { planId: `unknown plan "${report.planId}"` });

  let incidentId = deps.ids.incidentId();
  if (submission.idempotencyKey) {
    const fingerprint = fingerprintOf(report);
    const claim = await deps.incidents.claimIdempotencyKey(submission.idempotencyKey, { incidentId, fingerprint });
    if (claim.fingerprint !== fingerprint) {
      throw new ConflictError('This Idempotency-Key was already used for a different report; use a new key for a new report.');
    }
    incidentId = claim.incidentId;
  }

  const existing = await deps.incidents.get(incidentId);
  const incident = existing?.incident ?? newIncident(deps, plan, report, incidentId, submission.channel);
  const created = existing === undefined && (await deps.incidents.create(incident, listingOf(plan, incident)));
  await completeIntake(deps, incident, submission.channel);

  const record = await deps.incidents.get(incident.id);
  if (!record) throw new Error(`incident ${incident.id} vanished right after it was stored`);
  return { record, created };
}

/**
 * What follows storing an incident: "reported" on its timeline, its escalation started. Both are
 * safe to repeat; a client's retry, or the sweep for stranded incidents (./stranded.ts), repeats them.
 */
export async function completeIntake(deps: Pick<IntakeDependencies, 'incidents' | 'escalations'>, incident: Incident, channel: 'web' | 'sms'): Promise<void> {
  await deps.incidents.append(incident.id, {
    type: 'reported',
    key: eventKey.reported(),
    at: incident.reportedAt,
    channel,
    reporter: incident.reporter,
  });
  await deps.escalations.start({ incidentId: incident.id, reportDeadline: incident.deadlines.report });
}

function newIncident(deps: IntakeDependencies, plan: Plan, report: IncidentReport, id: string, channel: 'web' | 'sms'): Incident {
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
