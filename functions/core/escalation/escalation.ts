import { levelDeadline } from '../incident';
import { peopleAt, type DutyStore } from '../duty';
import { NotFoundError } from '../base';
import { alreadyNotified, eventKey, stateOf, type Incident } from '../incident';
import { alertText, lateReportText, type AlertFacts } from '../sms';
import { categoryOf, chainOf, peopleWithRoles, personById, type Category, type Person, type Plan } from '../plan';
import { nextAlertNumber } from '../sms';
import { SmsRejectedError, type PhoneStore, type SmsGateway } from '../sms';
import type { Clock, Ids, Links } from '../base';
import type { IncidentRecord, IncidentStore } from '../incident';
import type { PlanCatalog } from '../plan';

/**
 * The steps the escalation workflow runs. Each reads the incident record to decide and is safe to
 * run again: the workflow engine delivers at least once and a restart replays from the start.
 */

export interface EscalationDependencies {
  incidents: IncidentStore;
  plans: PlanCatalog;
  sms: SmsGateway;
  clock: Clock;
  ids: Ids;
  links: Links;
  /** Swaps and covers of the duty roster; without it, the roster as the plan states it. */
  duty?: DutyStore;
  /** Reply numbers and STOP per phone (the SMS channel). */
  phones: PhoneStore;
  smsSignature?: string;
  /**
   * Whether texts offer reply codes ("回1确认"): only where the carrier delivers replies. Mainland
   * +86 numbers get none today, so there the link is the way to answer.
   */
  smsReplyCodes?: boolean;
}

export interface LevelStep {
  incidentId: string;
  level: number;
}

export interface NotifiedLevel extends LevelStep {
  /** When this level's acknowledgement is due; the workflow waits until then. */
  deadline: string;
}

export type AcknowledgementOutcome = 'acknowledged' | 'closed' | 'escalate' | 'unanswered';
export type BureauReportOutcome = 'reported' | 'late';

interface Context {
  record: IncidentRecord;
  incident: Incident;
  plan: Plan;
  category: Category;
}

async function load(deps: EscalationDependencies, incidentId: string): Promise<Context> {
  const record = await deps.incidents.get(incidentId);
  if (!record) throw new NotFoundError(`incident ${incidentId} does not exist`);
  const { incident } = record;
  const plan = await deps.plans.get(incident.planId, incident.planVersion);
  if (!plan) throw new NotFoundError(`plan ${incident.planId}@${incident.planVersion} of incident ${incidentId} is not published`);
  const category = categoryOf(plan, incident.category);
  if (!category) throw new NotFoundError(`plan ${plan.id}@${plan.version} has no category ${incident.category}`);
  return { record, incident, plan, category };
}

/** Texts everyone at a level who has not been texted for it yet. */
export async function notifyLevel(deps: EscalationDependencies, step: LevelStep, requestedBy?: { personId: string; name: string }): Promise<NotifiedLevel> {
  const context = await load(deps, step.incidentId);
  const chain = chainOf(context.plan, context.incident.category, context.incident.severity);
  const level = chain.levels[step.level - 1];
  if (!level) throw new RangeError(`the chain of incident ${step.incidentId} has no level ${step.level}`);
  if (step.level > 1) {
    await deps.incidents.append(step.incidentId, {
      type: 'escalated',
      key: eventKey.escalated(step.level),
      at: deps.clock.now().toISOString(),
      level: step.level,
      deadline: levelDeadline(context.incident.deadlines, step.level - 1),
      ...(requestedBy && { requestedBy }),
    });
  }
  // Who holds the level's roles now: a duty role is whoever is on shift at this notification.
  const now = deps.clock.now();
  const overrides = context.plan.duty && deps.duty ? await deps.duty.overrides(context.plan.id) : [];
  const people = peopleAt(context.plan, overrides, level.notify, now);
  const textedBefore = context.record.timeline.some((event) => event.type === 'notified' && event.level === step.level);
  if (people.length === 0 && !textedBefore) {
    // Nobody to text (nobody on duty): recorded, and the level's window is not waited out.
    await deps.incidents.append(step.incidentId, {
      type: 'skipped',
      key: eventKey.skipped(step.level),
      at: now.toISOString(),
      level: step.level,
      roles: level.notify,
      reason: `nobody holds ${level.notify.join(', ')} at this time`,
    });
    return { ...step, deadline: now.toISOString() };
  }
  await textPeople(deps, context, step.level, people, alertText);
  const after = (await deps.incidents.get(step.incidentId))!.timeline;
  if (!after.some((event) => event.type === 'notified' && event.level === step.level)) {
    // Every number at the level was refused (invalid, STOP): the next level is not kept waiting.
    await deps.incidents.append(step.incidentId, {
      type: 'skipped',
      key: eventKey.skipped(step.level),
      at: deps.clock.now().toISOString(),
      level: step.level,
      roles: level.notify,
      reason: 'nobody at this level could be texted',
    });
    return { ...step, deadline: deps.clock.now().toISOString() };
  }
  return { ...step, deadline: levelDeadline(context.incident.deadlines, step.level) };
}

/**
 * Someone on the incident asks for the next level now rather than at the deadline ("升级" / "1e").
 * The workflow, reaching that level later, finds everyone texted and texts nobody twice.
 */
export async function escalateNow(deps: EscalationDependencies, incidentId: string, personId: string): Promise<void> {
  const context = await load(deps, incidentId);
  const state = stateOf(context.record.timeline);
  const levels = chainOf(context.plan, context.incident.category, context.incident.severity).levels.length;
  const next = state.levelReached + 1;
  if (state.closed || next > levels) return;
  const person = personById(context.plan, personId);
  await notifyLevel(deps, { incidentId, level: next }, person && { personId: person.id, name: person.name });
}

/** After a level's deadline: stop if someone took responsibility, else name the next level. */
export async function checkAcknowledgement(
  deps: EscalationDependencies,
  step: LevelStep,
): Promise<LevelStep & { outcome: AcknowledgementOutcome }> {
  const context = await load(deps, step.incidentId);
  const state = stateOf(context.record.timeline);
  if (state.closed) return { ...step, outcome: 'closed' };
  if (state.acknowledged) return { ...step, outcome: 'acknowledged' };
  const levels = chainOf(context.plan, context.incident.category, context.incident.severity).levels.length;
  if (step.level < levels) return { incidentId: step.incidentId, level: step.level + 1, outcome: 'escalate' };
  await deps.incidents.append(step.incidentId, {
    type: 'unanswered',
    key: eventKey.unanswered(),
    at: deps.clock.now().toISOString(),
    deadline: levelDeadline(context.incident.deadlines, step.level),
  });
  return { ...step, outcome: 'unanswered' };
}

/**
 * At the report deadline: has someone marked the incident as reported to the bureau? Closing an
 * incident does not excuse the report: concealment (隐瞒) is what the plans hold people to account for.
 */
export async function checkBureauReport(
  deps: EscalationDependencies,
  input: { incidentId: string },
): Promise<{ incidentId: string; outcome: BureauReportOutcome }> {
  const { record } = await load(deps, input.incidentId);
  return { incidentId: input.incidentId, outcome: stateOf(record.timeline).reportedToBureau ? 'reported' : 'late' };
}

/** The report is late (缓报): flag the incident and text the superior's duty desk directly. */
export async function reportLateToBureau(deps: EscalationDependencies, input: { incidentId: string }): Promise<{ incidentId: string }> {
  const context = await load(deps, input.incidentId);
  await deps.incidents.append(input.incidentId, {
    type: 'late',
    key: eventKey.late(),
    at: deps.clock.now().toISOString(),
    deadline: context.incident.deadlines.report,
  });
  const bureau = peopleWithRoles(context.plan, chainOf(context.plan, context.incident.category, context.incident.severity).reportToSuperior.to);
  await textPeople(deps, context, 'report', bureau, lateReportText);
  return input;
}

async function textPeople(
  deps: EscalationDependencies,
  context: Context,
  level: number | 'report',
  people: Person[],
  compose: (facts: AlertFacts) => string,
): Promise<void> {
  const pending = people.filter((person) => !alreadyNotified(context.record.timeline, level, person.id));
  // Everyone at a level is texted at once; one failure must not hold back the others' texts.
  const sends = await Promise.allSettled(pending.map((person) => textPerson(deps, context, level, person, compose)));
  const failure = sends.find((send) => send.status === 'rejected');
  if (failure) throw failure.reason;
}

async function textPerson(
  deps: EscalationDependencies,
  { incident, plan, category, record: { timeline } }: Context,
  level: number | 'report',
  person: Person,
  compose: (facts: AlertFacts) => string,
): Promise<void> {
  const who = { personId: person.id, name: person.name, phone: person.phone };
  if (await deps.phones.isOptedOut(person.phone)) {
    const at = deps.clock.now().toISOString();
    await deps.incidents.append(incident.id, { type: 'notify-failed', key: eventKey.notifyFailed(level, person.id), at, level, ...who, reason: 'the number has opted out (STOP)' });
    return;
  }
  const token = await deps.incidents.grantFor(incident.id, person.id, deps.ids.actionToken());
  const sentAt = deps.clock.now().toISOString();
  const replyNumber = deps.smsReplyCodes
    ? await deps.phones.alertNumber(person.phone, { incidentId: incident.id, code: incident.code, sentAt }, (taken) => nextAlertNumber(taken.map((number) => ({ number }))))
    : undefined;
  const textedEarlier = typeof level === 'number' && timeline.some((event) => event.type === 'notified' && event.personId === person.id && typeof event.level === 'number' && event.level < level);
  const body = compose({ plan, category, incident, link: deps.links.actionLink(token), signature: deps.smsSignature, replyNumber, ...(textedEarlier && { repeatAtLevel: level as number }) });
  try {
    const { messageId } = await deps.sms.send({ to: person.phone, body, incidentId: incident.id });
    await deps.incidents.rememberText(messageId, { incidentId: incident.id, level, personId: person.id, phone: person.phone });
    await deps.incidents.append(incident.id, { type: 'notified', key: eventKey.notified(level, person.id), at: deps.clock.now().toISOString(), level, ...who, messageId });
  } catch (error) {
    // A number that cannot be texted is recorded and passed over; the level's others still get theirs.
    if (!(error instanceof SmsRejectedError)) throw error;
    const at = deps.clock.now().toISOString();
    await deps.incidents.append(incident.id, { type: 'notify-failed', key: eventKey.notifyFailed(level, person.id), at, level, ...who, reason: error.message });
  }
}
