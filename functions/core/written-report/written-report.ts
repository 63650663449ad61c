import { ConflictError, ForbiddenError, NotFoundError, parseRequest, ValidationError, type Clock } from '../base';
import {
  sortTimeline,
  stateOf,
  writtenReportOf,
  type Incident,
  type IncidentRecord,
  type IncidentStore,
  type TimelineEvent,
  type WrittenReportContent,
  type WrittenReportWatch,
} from '../incident';
import { assertMaySee, categoryOf, chainOf, peopleWithRoles, personOf, roleName, type Caller, type Plan, type PlanCatalog } from '../plan';
import { SmsRejectedError, writtenReportOverdueText, type PhoneStore, type SmsGateway } from '../sms';
import { draftFromTimeline } from './draft';
import { WrittenReportEdit, WrittenReportReturn, WrittenReportSubmission } from './requests';

/**
 * The written report after handling (书面报告; plan 1 七、八, plan 3 七1). When the incident is
 * closed it becomes due to the plan's recipient (the bureau) by a deadline; the console drafts it
 * from the timeline, someone on the school's plan edits and submits it, and a recipient accepts it
 * or returns it for revision. Every step is a timeline event, so the ledger reads it like the rest.
 */

export type WrittenReportStatus = 'not-due' | 'due' | 'submitted' | 'returned' | 'accepted';

export interface WrittenReportDependencies {
  incidents: IncidentStore;
  plans: PlanCatalog;
  clock: Clock;
  sms: SmsGateway;
  phones: PhoneStore;
  writtenReports: WrittenReportWatch;
  smsSignature?: string;
}

export const writtenReportKey = {
  saved: (personId: string, at: string) => `written-report-saved:${at}:${personId}`,
  submitted: (round: number) => `written-report-submitted:${round}`,
  returned: (round: number) => `written-report-returned:${round}`,
  accepted: () => 'written-report-accepted',
  late: () => 'written-report-late',
  chased: (personId: string) => `written-report-chased:${personId}`,
};

/** Who writes it: whoever must make the report to the superior (plan 1: the principal), else the chain's first level. */
export function writtenReportAuthors(plan: Plan, incident: Incident): string[] {
  const chain = chainOf(plan, incident.category, incident.severity);
  return chain.reportToSuperior.by ?? chain.levels[0]!.notify;
}

/** Where the report stands, read off the timeline. */
export function writtenReportState(timeline: readonly TimelineEvent[]) {
  const events = sortTimeline(timeline);
  const due = events.find((event) => event.type === 'written-report-due');
  const submissions = events.filter((event) => event.type === 'written-report-submitted');
  const returns = events.filter((event) => event.type === 'written-report-returned');
  const accepted = events.find((event) => event.type === 'written-report-accepted');
  const lastSubmission = submissions.at(-1);
  const lastReturn = returns.at(-1);
  const status: WrittenReportStatus = accepted
    ? 'accepted'
    : lastSubmission && (!lastReturn || lastReturn.round < lastSubmission.round)
      ? 'submitted'
      : lastReturn
        ? 'returned'
        : due
          ? 'due'
          : 'not-due';
  const firstSubmittedAt = submissions[0]?.at;
  const dueAt = due?.dueAt;
  return {
    status,
    dueAt: dueAt ?? null,
    round: submissions.length,
    firstSubmittedAt: firstSubmittedAt ?? null,
    /** Past its deadline and not in, or first in after it. */
    late: Boolean(dueAt && ((firstSubmittedAt && firstSubmittedAt > dueAt) || events.some((event) => event.type === 'written-report-late'))),
    lastSubmission,
    lastReturn,
    accepted,
    savedContent: [...events].reverse().find((event) => event.type === 'written-report-saved' || event.type === 'written-report-submitted') as
      Extract<TimelineEvent, { type: 'written-report-saved' | 'written-report-submitted' }> | undefined,
  };
}

/** `{ content: { time, place, … } }`: each field text; unknown fields and over-long ones are refused. */
export function validateContent(body: unknown, { complete }: { complete: boolean }): Partial<WrittenReportContent> {
  const { content } = parseRequest(complete ? WrittenReportSubmission : WrittenReportEdit, body, 'The written report');
  return Object.fromEntries(Object.entries(content ?? {}).filter(([, value]) => value !== undefined));
}

export function validateReturn(body: unknown): string {
  return parseRequest(WrittenReportReturn, body ?? {}, 'The return').reason;
}

async function loadVisible(deps: WrittenReportDependencies, incidentId: string, caller: Caller) {
  const record = await deps.incidents.get(incidentId);
  if (!record) throw new NotFoundError(`No incident with id "${incidentId}".`);
  assertMaySee(caller, await deps.plans.list(), record.incident.orgId);
  const plan = await deps.plans.get(record.incident.planId, record.incident.planVersion);
  if (!plan) throw new NotFoundError(`The plan of incident "${incidentId}" is not published.`);
  return { record, plan };
}

/** The caller's part: the school's staff on the plan write it, the recipients (the bureau's desk) review it. */
function partOf(plan: Plan, incident: Incident, caller: Caller) {
  const person = personOf(plan, caller);
  const to = (writtenReportOf(plan, incident) ?? chainOf(plan, incident.category, incident.severity).reportToSuperior).to;
  const reviewer = Boolean(person && person.roles.some((role) => to.includes(role)));
  return { person, mayWrite: Boolean(person && !person.unit), mayReview: reviewer };
}

/** GET /incidents/{id}/written-report: where it stands, its text (saved, or drafted from the timeline) and what the caller may do. */
export async function writtenReportFor(deps: WrittenReportDependencies, incidentId: string, caller: Caller) {
  const { record, plan } = await loadVisible(deps, incidentId, caller);
  return viewOf(record, plan, caller, deps.clock.now());
}

function viewOf(record: IncidentRecord, plan: Plan, caller: Caller, now: Date) {
  const { incident } = record;
  const state = writtenReportState(record.timeline);
  const required = writtenReportOf(plan, incident);
  const to = required?.to ?? chainOf(plan, incident.category, incident.severity).reportToSuperior.to;
  const part = partOf(plan, incident, caller);
  const closed = stateOf(record.timeline).closed;
  const editable = state.status !== 'submitted' && state.status !== 'accepted';
  const draft = draftFromTimeline(record, plan);
  return {
    incidentId: incident.id,
    code: incident.code,
    planId: plan.id,
    orgName: plan.organisation.name,
    categoryName: categoryOf(plan, incident.category)?.name ?? incident.category,
    timeZone: plan.timeZone,
    language: plan.language,
    now: now.toISOString(),
    required: Boolean(required),
    closed,
    status: state.status,
    dueAt: state.dueAt,
    late: state.late || Boolean(state.dueAt && !state.firstSubmittedAt && state.dueAt <= now.toISOString()),
    round: state.round,
    to: to.map((role) => ({ role, roleName: roleName(plan, role), people: peopleWithRoles(plan, [role]).map((person) => person.name) })),
    authors: writtenReportAuthors(plan, incident).map((role) => roleName(plan, role)),
    content: state.savedContent?.content ?? draft,
    drafted: draft,
    savedBy: state.savedContent ? { name: state.savedContent.name, at: state.savedContent.at } : null,
    submittedBy: state.lastSubmission ? { name: state.lastSubmission.name, at: state.lastSubmission.at } : null,
    returned: state.lastReturn ? { name: state.lastReturn.name, at: state.lastReturn.at, reason: state.lastReturn.reason } : null,
    acceptedBy: state.accepted ? { name: state.accepted.name, at: state.accepted.at } : null,
    history: sortTimeline(record.timeline)
      .filter((event) => event.type.startsWith('written-report-') && event.type !== 'written-report-saved')
      .map((event) => ({
        type: event.type,
        at: event.at,
        key: event.key,
        ...('name' in event ? { name: event.name } : {}),
        ...('reason' in event ? { reason: event.reason } : {}),
      })),
    you: part.person ? { personId: part.person.id, name: part.person.name } : null,
    actions: [...(part.mayWrite && editable ? (['save', 'submit'] as const) : []), ...(part.mayReview && state.status === 'submitted' ? (['accept', 'return'] as const) : [])],
  };
}

export type WrittenReportView = ReturnType<typeof viewOf>;

function requireWriter(plan: Plan, incident: Incident, caller: Caller) {
  const part = partOf(plan, incident, caller);
  if (!part.mayWrite || !part.person) throw new ForbiddenError('Only the school’s staff on its plan write its written report.');
  return part.person;
}

/** PUT /incidents/{id}/written-report: saves the caller's edits as a new version (the timeline keeps each). */
export async function saveWrittenReport(deps: WrittenReportDependencies, incidentId: string, caller: Caller, body: unknown) {
  const changes = validateContent(body, { complete: false });
  const { record, plan } = await loadVisible(deps, incidentId, caller);
  const person = requireWriter(plan, record.incident, caller);
  const state = writtenReportState(record.timeline);
  if (state.status === 'submitted' || state.status === 'accepted')
    throw new ConflictError(`The written report is ${state.status}; it can be edited again only if the recipient returns it.`);
  const content = { ...(state.savedContent?.content ?? draftFromTimeline(record, plan)), ...changes };
  const at = deps.clock.now().toISOString();
  await deps.incidents.append(incidentId, { type: 'written-report-saved', key: writtenReportKey.saved(person.id, at), at, personId: person.id, name: person.name, content });
  return writtenReportFor(deps, incidentId, caller);
}

/** POST …/written-report/submit `{ content? }`: sends it to the recipient; the situation must be said. */
export async function submitWrittenReport(deps: WrittenReportDependencies, incidentId: string, caller: Caller, body: unknown) {
  const changes = validateContent(body ?? {}, { complete: true });
  const { record, plan } = await loadVisible(deps, incidentId, caller);
  const person = requireWriter(plan, record.incident, caller);
  const state = writtenReportState(record.timeline);
  if (state.status === 'submitted' || state.status === 'accepted') throw new ConflictError(`The written report is already ${state.status}.`);
  const content = { ...(state.savedContent?.content ?? draftFromTimeline(record, plan)), ...changes };
  const empty = (['time', 'place', 'situation', 'measures'] as const).filter((field) => content[field] === '');
  if (empty.length > 0) throw new ValidationError('The report is not complete.', Object.fromEntries(empty.map((field) => [`content.${field}`, 'required before submitting'])));
  const at = deps.clock.now().toISOString();
  const round = state.round + 1;
  await deps.incidents.append(incidentId, { type: 'written-report-submitted', key: writtenReportKey.submitted(round), at, personId: person.id, name: person.name, round, content });
  return writtenReportFor(deps, incidentId, caller);
}

/** POST …/written-report/accept and …/return `{ reason }`: the recipient's answer to the latest submission. */
export async function reviewWrittenReport(deps: WrittenReportDependencies, incidentId: string, caller: Caller, decision: 'accept' | 'return', body: unknown) {
  const reason = decision === 'return' ? validateReturn(body) : undefined;
  const { record, plan } = await loadVisible(deps, incidentId, caller);
  const part = partOf(plan, record.incident, caller);
  if (!part.mayReview || !part.person) throw new ForbiddenError('Only the written report’s recipient accepts or returns it.');
  const state = writtenReportState(record.timeline);
  if (state.status !== 'submitted')
    throw new ConflictError(state.status === 'accepted' ? 'The written report is already accepted.' : 'There is no submitted written report to review.');
  const at = deps.clock.now().toISOString();
  const who = { personId: part.person.id, name: part.person.name };
  await deps.incidents.append(
    incidentId,
    decision === 'accept'
      ? { type: 'written-report-accepted', key: writtenReportKey.accepted(), at, ...who, round: state.round }
      : { type: 'written-report-returned', key: writtenReportKey.returned(state.round), at, ...who, round: state.round, reason: reason! },
  );
  return writtenReportFor(deps, incidentId, caller);
}

/**
 * The workflow step at the deadline: a report not yet submitted is flagged late and its authors
 * are texted, each once, as the zero report's chase does.
 */
export async function checkWrittenReport(deps: WrittenReportDependencies, input: { incidentId: string }): Promise<{ outcome: 'in' | 'late' }> {
  const record = await deps.incidents.get(input.incidentId);
  if (!record) throw new NotFoundError(`incident ${input.incidentId} does not exist`);
  const state = writtenReportState(record.timeline);
  if (!state.dueAt || state.firstSubmittedAt) return { outcome: 'in' };
  const plan = await deps.plans.get(record.incident.planId, record.incident.planVersion);
  if (!plan) throw new NotFoundError(`plan ${record.incident.planId}@${record.incident.planVersion} is not published`);
  await deps.incidents.append(input.incidentId, { type: 'written-report-late', key: writtenReportKey.late(), at: deps.clock.now().toISOString(), dueAt: state.dueAt });
  const chased = new Set(record.timeline.flatMap((event) => (event.type === 'written-report-chased' ? [event.personId] : [])));
  const body = writtenReportOverdueText(plan, record.incident, deps.smsSignature ?? '');
  const authors = peopleWithRoles(plan, writtenReportAuthors(plan, record.incident)).filter((person) => !chased.has(person.id));
  for (const person of authors) {
    if (!person.phone || (await deps.phones.isOptedOut(person.phone))) continue;
    try {
      const { messageId } = await deps.sms.send({ to: person.phone, body, incidentId: record.incident.id });
      const at = deps.clock.now().toISOString();
      await deps.incidents.append(input.incidentId, {
        type: 'written-report-chased',
        key: writtenReportKey.chased(person.id),
        at,
        personId: person.id,
        name: person.name,
        phone: person.phone,
        messageId,
      });
    } catch (error) {
      // A number that cannot be texted is passed over; the others are still chased.
      if (!(error instanceof SmsRejectedError)) throw error;
    }
  }
  return { outcome: 'late' };
}
