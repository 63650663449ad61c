import { createHash } from 'node:crypto';
import { ForbiddenError, NotFoundError, parseDuration, parseRequest, ValidationError } from '../base';
import { type DutyOverride, mayHoldRole } from '../duty';
import { REPORT_LIMITS, submitIncident } from '../incident';
import { ReportByLinkBody, ScheduledReportBody } from './requests';
import { type Caller, dueTimes, type Person, personById, personOf, type Plan, whyNotActing, type ScheduledReport, type ScheduledReportKind } from '../plan';
import { extractPlace, guessCategory } from '../sms';
import { type OccurrenceKey, occurrenceOf, type ReportChannel, type ReportEvent, reportEventKey, type ReportGrant } from './model';
import type { SubmissionDependencies } from './ports';
import { DEFAULT_REMIND_BEFORE } from './slots';

export interface ScheduledReportSubmission {
  planId: string;
  personId: string;
  /** A report kind (`zero-report`) or id (`all-clear`); the one the person is due to send when absent. */
  type?: string;
  /** When it was sent (the SMS's arrival, the click). */
  at: string;
  /** "有情况: ..." — something to report: it opens an incident as well. */
  situation?: string;
  channel: ReportChannel;
}

export interface SubmissionOutcome {
  planId: string;
  reportId: string;
  kind: ScheduledReportKind;
  name: string;
  date: string;
  dueAt: string;
  /** The report as recorded: the first submission counts, later ones do not replace it. */
  submitted: { at: string; personId: string; name: string; channel: ReportChannel; late: boolean };
  /** False when this submission found the report already in. */
  accepted: boolean;
  /** The incident a situation opened. */
  incident?: { id: string; code: string };
}

/**
 * A scheduled report comes in: 平安 / 零报告 / 无事 from the duty officer's phone (the SMS channel
 * calls this), a click on the link in a reminder, or the API. It counts for the report the person
 * is due to send: the one overdue if it is still missing (until the next one's reminder), else the
 * next one due. A situation ("有情况: 食堂水管漏水") also opens an incident through intake, whose
 * category is guessed from its words as for an SMS report. Repeating a submission changes nothing.
 */
export async function submitScheduledReport(deps: SubmissionDependencies, submission: ScheduledReportSubmission): Promise<SubmissionOutcome> {
  const plan = await deps.plans.get(submission.planId);
  if (!plan) throw new ValidationError('Unknown plan.', { planId: `unknown plan "${submission.planId}"` });
  const person = personById(plan, submission.personId);
  if (!person) throw new ValidationError('Unknown person.', { personId: `nobody "${submission.personId}" in plan ${plan.id}` });
  const at = new Date(submission.at);
  if (Number.isNaN(at.getTime())) throw new ValidationError('When was it sent?', { at: 'expected an ISO 8601 instant' });
  const overrides = plan.duty ? await deps.duty.overrides(plan.id) : [];
  const candidates = (plan.scheduledReports ?? []).filter((report) => submission.type === undefined || report.kind === submission.type || report.id === submission.type);
  if (candidates.length === 0) {
    throw new ValidationError('No such scheduled report.', {
      type: `plan ${plan.id} has no scheduled report "${submission.type}"; it has ${(plan.scheduledReports ?? []).map((r) => r.id).join(', ') || 'none'}`,
    });
  }
  const mine = candidates.filter((report) => maySubmit(plan, overrides, person.id, report));
  if (mine.length === 0) {
    throw new ValidationError('This person does not send that report.', {
      personId: `${person.name} (${person.id}) neither sends nor is chased for ${candidates.map((r) => r.name).join('、')}`,
    });
  }
  const choices = await Promise.all(mine.map((report) => occurrenceToSubmit(deps, plan, report, at)));
  const found = choices
    .filter((choice): choice is NonNullable<typeof choice> => choice !== undefined)
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt))[0];
  if (!found) throw new ValidationError('Nothing is due.', { type: `no ${mine.map((r) => r.name).join('、')} is due around ${submission.at}` });
  return recordSubmission(deps, plan, person, found.report, found.dueAt, { ...submission, at: at.toISOString() });
}

/** Whether a person may send a report: they send it, or are chased for it (and may file it after a call). */
export function maySubmit(plan: Plan, overrides: readonly DutyOverride[], personId: string, report: ScheduledReport): boolean {
  const roles = [...report.from, ...report.ifLate.flatMap((step) => step.notify)];
  return roles.some((role) => mayHoldRole(plan, overrides, personId, role));
}

/**
 * Whether a person's all-clear by text counts: they send one of the plan's scheduled reports (as
 * the duty officer on the rota, say) or are chased for one. The SMS channel asks this.
 */
export function sendsScheduledReport(plan: Plan, overrides: readonly DutyOverride[], personId: string): boolean {
  return (plan.scheduledReports ?? []).some((report) => maySubmit(plan, overrides, personId, report));
}

async function occurrenceToSubmit(deps: SubmissionDependencies, plan: Plan, report: ScheduledReport, at: Date) {
  const day = 86_400_000;
  // A quarter either way covers every schedule (a quarterly report is due every three months).
  const due = dueTimes(plan, report, new Date(at.getTime() - 93 * day), new Date(at.getTime() + 93 * day));
  const previous = due.filter((instant) => instant <= at).at(-1);
  const next = due.find((instant) => instant > at);
  if (previous) {
    const remindNext = next && next.getTime() - parseDuration(report.remindBefore ?? DEFAULT_REMIND_BEFORE);
    const events = await deps.reports.events(occurrenceOf(plan, report, previous.toISOString()));
    if (!events.some((event) => event.type === 'submitted') && (remindNext === undefined || at.getTime() < remindNext)) {
      return { report, dueAt: previous.toISOString(), overdue: true };
    }
  }
  return next && { report, dueAt: next.toISOString(), overdue: false };
}

async function recordSubmission(
  deps: SubmissionDependencies,
  plan: Plan,
  person: Person,
  report: ScheduledReport,
  dueAt: string,
  submission: Pick<ScheduledReportSubmission, 'at' | 'situation' | 'channel'>,
): Promise<SubmissionOutcome> {
  const occurrence = occurrenceOf(plan, report, dueAt);
  const situation = submission.situation?.trim() ? clip(submission.situation.trim(), REPORT_LIMITS.description) : undefined;
  const incident = situation ? await openSituation(deps, plan, person, occurrence, situation, submission.channel) : undefined;
  const who = { personId: person.id, name: person.name };
  const accepted = await deps.reports.append(occurrence, {
    type: 'submitted',
    key: 'submitted',
    at: submission.at,
    dueAt,
    ...who,
    channel: submission.channel,
    late: submission.at > dueAt,
    ...(situation && { situation }),
    ...(incident && { incident }),
  });
  if (!accepted && incident && situation) {
    await deps.reports.append(occurrence, {
      type: 'situation',
      key: reportEventKey.situation(incident.id),
      at: submission.at,
      ...who,
      channel: submission.channel,
      situation,
      incident,
    });
  }
  const stored = (await deps.reports.events(occurrence)).find((event) => event.type === 'submitted')!;
  return {
    planId: plan.id,
    reportId: report.id,
    kind: report.kind,
    name: report.name,
    date: occurrence.date,
    dueAt,
    submitted: { at: stored.at, personId: stored.personId, name: stored.name, channel: stored.channel, late: stored.late },
    accepted,
    ...(incident && { incident }),
  };
}

/** A situation in a scheduled report is an incident report; a retried submission joins the same incident. */
async function openSituation(deps: SubmissionDependencies, plan: Plan, person: Person, occurrence: OccurrenceKey, situation: string, channel: ReportChannel) {
  const kindOfReport = occurrence.kind === 'dispute-screening' ? 'stability' : 'safety';
  const category =
    guessCategory(
      situation,
      plan.categories.map((candidate) => candidate.id),
    ) ?? (plan.categories.find((candidate) => candidate.kind === kindOfReport) ?? plan.categories[0])!.id;
  const key = createHash('sha256')
    .update(JSON.stringify([occurrence, person.id, situation]))
    .digest('hex');
  const { record } = await submitIncident(deps, {
    plan,
    report: {
      planId: plan.id,
      category,
      place: clip(extractPlace(situation) ?? plan.organisation.name, REPORT_LIMITS.place),
      description: situation,
      reporter: { name: person.name, phone: person.phone },
    },
    channel: channel === 'sms' ? 'sms' : 'web',
    idempotencyKey: `scheduled-report:${key}`,
  });
  return { id: record.incident.id, code: record.incident.code };
}

/** A submission through the link in a reminder or chase: recorded as the link's person, for that day's report. */
export async function submitByLink(deps: SubmissionDependencies, token: string, body: { situation?: string }): Promise<SubmissionOutcome> {
  const { plan, report, grant } = await openReportLink(deps, token);
  const person = personById(plan, grant.personId)!;
  return recordSubmission(deps, plan, person, report, grant.dueAt, { at: deps.clock.now().toISOString(), situation: body.situation, channel: 'web' });
}

export interface ReportLinkView {
  plan: Plan;
  report: ScheduledReport;
  grant: ReportGrant;
  person: Person;
  submitted?: Extract<ReportEvent, { type: 'submitted' }>;
}

export async function openReportLink(deps: Pick<SubmissionDependencies, 'plans' | 'reports'>, token: string): Promise<ReportLinkView> {
  const grant = await deps.reports.findGrant(token);
  const plan = grant && (await deps.plans.get(grant.planId, grant.planVersion));
  const report = plan?.scheduledReports?.find((candidate) => candidate.id === grant!.reportId);
  const person = plan && personById(plan, grant!.personId);
  if (!grant || !plan || !report || !person) throw new NotFoundError('This link is unknown or no longer valid.');
  const submitted = (await deps.reports.events(grant)).find((event): event is Extract<ReportEvent, { type: 'submitted' }> => event.type === 'submitted');
  return { plan, report, grant, person, ...(submitted && { submitted }) };
}

/** Reads `{ "situation"?: "..." }` from a link's body; a blank situation is none. */
export function validateSituation(body: unknown): { situation?: string } {
  const { situation } = parseRequest(ReportByLinkBody, body ?? {}, 'The report');
  return situation ? { situation } : {};
}

/**
 * A scheduled report sent through the API by the signed-in caller, as the person of the plan with
 * their phone: `{ "planId", "type"?, "situation"? }`.
 */
export async function submitAs(deps: SubmissionDependencies, caller: Caller, body: unknown): Promise<SubmissionOutcome> {
  const { planId, type, situation } = parseRequest(ScheduledReportBody, body ?? {}, 'The report');
  const plan = await deps.plans.get(planId);
  if (!plan) throw new ValidationError('Unknown plan.', { planId: `unknown plan "${planId}"` });
  const person = personOf(plan, caller);
  if (!person) throw new ForbiddenError(whyNotActing(plan, caller, 'send reports'));
  return submitScheduledReport(deps, {
    planId: plan.id,
    personId: person.id,
    ...(type !== undefined && { type }),
    at: deps.clock.now().toISOString(),
    ...(situation && { situation }),
    channel: 'api',
  });
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
