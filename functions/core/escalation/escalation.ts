import { acknowledgingRoles, alreadyNotified, eventKey, levelDeadline, stateOf } from '../incident';
import { peopleAt, type DutyOverride } from '../duty';
import { type StepBudget, TextsPendingError, UNLIMITED_BUDGET } from '../base';
import { alertText, informationText, lateReportText, type AlertFacts } from '../sms';
import { chainOf, peopleWithRoles, type Person, personById } from '../plan';
import { callBureauLate, callLevel, firstCallRound, type CallRound } from './calls';
import { type EscalationContext, type EscalationDependencies, loadIncident as load } from './context';
import { RETRY_INTERVAL_MS, textPeople } from './texting';

export type { EscalationDependencies } from './context';

/**
 * The steps the escalation workflow runs. Each reads the incident record to decide and is safe to
 * run again: the workflow engine delivers at least once and a restart replays from the start.
 */

export interface LevelStep {
  incidentId: string;
  level: number;
}

export interface NotifiedLevel extends LevelStep {
  /** When this level's acknowledgement is due; the workflow waits until then. */
  deadline: string;
  /** Some texts could not go out (the provider failing): the workflow texts the level again at this instant. */
  retryAt?: string;
  /** How many texts the provider would not take this time; the operator is alarmed. */
  textsFailed?: number;
  /** When the level's first round of calls is due (at once for a landline), if anyone is to be called. */
  callAt?: string;
}

export type AcknowledgementOutcome = 'acknowledged' | 'closed' | 'escalate' | 'unanswered';
export type BureauReportOutcome = 'reported' | 'late';

type Context = EscalationContext;

/** Texts everyone at a level who has not been texted for it yet. */
export async function notifyLevel(deps: EscalationDependencies, step: LevelStep, budget: StepBudget = UNLIMITED_BUDGET): Promise<NotifiedLevel> {
  const { pending, ...notified } = await textLevel(deps, step, budget);
  // Another attempt may be sending, or the budget ran out: the workflow tries the step again.
  if (pending > 0) throw new TextsPendingError(`${pending} text(s) of level ${step.level} of incident ${step.incidentId} are still pending`);
  return notified;
}

async function textLevel(
  deps: EscalationDependencies,
  step: LevelStep,
  budget: StepBudget,
  requestedBy?: { personId: string; name: string },
): Promise<NotifiedLevel & { pending: number }> {
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
  const timeline = context.record.timeline;
  const textedBefore = timeline.some((event) => event.type === 'notified' && event.level === step.level);
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
    return { ...step, deadline: now.toISOString(), pending: 0 };
  }
  const deadline = levelDeadline(context.incident.deadlines, step.level);
  const owed = owedFromEarlierLevels(context, overrides, step.level, now);
  const retryUntil = step.level < chain.levels.length ? deadline : context.incident.deadlines.report;
  // Those told for information get a text that says so; only the others are asked to acknowledge.
  const responders = new Set(peopleAt(context.plan, overrides, acknowledgingRoles(chain), now).map((person) => person.id));
  const compose = (facts: AlertFacts, person: Person) => (responders.has(person.id) ? alertText(facts) : informationText(facts));
  const outcome = await textPeople(deps, context, [...people.map((person) => ({ level: step.level, person })), ...owed], compose, budget, retryUntil);
  const reached = textedBefore || outcome.results.some(({ level: textLevel, result }) => textLevel === step.level && result !== 'refused');
  // Someone with only a landline is called instead (./calls.ts): the level is reached that way.
  const toCall = deps.calls ? people.filter((person) => person.phone || person.landline) : [];
  if (!reached && !toCall.some((person) => !person.phone)) {
    // Every number at the level was refused (invalid, STOP): the next level is not kept waiting.
    await deps.incidents.append(step.incidentId, {
      type: 'skipped',
      key: eventKey.skipped(step.level),
      at: deps.clock.now().toISOString(),
      level: step.level,
      roles: level.notify,
      reason: 'nobody at this level could be texted',
    });
    return { ...step, deadline: deps.clock.now().toISOString(), pending: outcome.pending };
  }
  // The provider is failing: text the level again soon, until its deadline; after it, the next
  // level's step sends what is still owed (owedFromEarlierLevels). The last level has no next one:
  // it keeps trying until the report deadline.
  const retryAt = outcome.failed > 0 ? new Date(deps.clock.now().getTime() + RETRY_INTERVAL_MS) : undefined;
  const callAt = firstCallRound(context, step.level, toCall, deadline, deps.clock.now());
  return {
    ...step,
    deadline,
    ...(callAt && { callAt }),
    ...(retryAt && retryAt.toISOString() < retryUntil && { retryAt: retryAt.toISOString() }),
    ...(outcome.failed > 0 && { textsFailed: outcome.failed }),
    pending: outcome.pending,
  };
}

/**
 * Texts of earlier levels that did not go out by their level's deadline (the provider failed, or
 * the step could not even record that it failed): they go out with this level's, each as the text
 * of its own level. A level that was skipped, or reached, owes nothing but its recorded failures.
 */
function owedFromEarlierLevels(context: Context, overrides: readonly DutyOverride[], current: number, now: Date): { level: number; person: Person }[] {
  const chain = chainOf(context.plan, context.incident.category, context.incident.severity);
  const timeline = context.record.timeline;
  const owed: { level: number; person: Person }[] = [];
  for (let level = 1; level < current; level++) {
    const retrying = timeline.flatMap((event) => (event.type === 'notify-failed' && event.level === level && event.retryUntil ? [event.personId] : []));
    const untouched = !timeline.some((event) => (event.type === 'notified' || event.type === 'skipped' || event.type === 'notify-failed') && event.level === level);
    const candidates = untouched ? peopleAt(context.plan, overrides, chain.levels[level - 1]!.notify, now) : retrying.flatMap((id) => personById(context.plan, id) ?? []);
    for (const person of candidates) if (!alreadyNotified(timeline, level, person.id)) owed.push({ level, person });
  }
  return owed;
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
  // A text in flight elsewhere (the workflow reaching the level at this moment) is that attempt's to send.
  await textLevel(deps, { incidentId, level: next }, UNLIMITED_BUDGET, person && { personId: person.id, name: person.name });
}

/** After a level's deadline: stop if someone took responsibility, else name the next level. */
export async function checkAcknowledgement(deps: EscalationDependencies, step: LevelStep): Promise<LevelStep & { outcome: AcknowledgementOutcome }> {
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
export async function checkBureauReport(deps: EscalationDependencies, input: { incidentId: string }): Promise<{ incidentId: string; outcome: BureauReportOutcome }> {
  const { record } = await load(deps, input.incidentId);
  return { incidentId: input.incidentId, outcome: stateOf(record.timeline).reportedToBureau ? 'reported' : 'late' };
}

/**
 * The report is late (缓报): flag the incident and text the superior's duty desk directly. While
 * the provider fails, the workflow texts again every RETRY_INTERVAL_MS (`retryAt`) until it is sent.
 */
export async function reportLateToBureau(
  deps: EscalationDependencies,
  input: { incidentId: string },
  budget: StepBudget = UNLIMITED_BUDGET,
): Promise<{ incidentId: string; retryAt?: string; textsFailed?: number }> {
  const context = await load(deps, input.incidentId);
  await deps.incidents.append(input.incidentId, {
    type: 'late',
    key: eventKey.late(),
    at: deps.clock.now().toISOString(),
    deadline: context.incident.deadlines.report,
  });
  const bureau = peopleWithRoles(context.plan, chainOf(context.plan, context.incident.category, context.incident.severity).reportToSuperior.to);
  const outcome = await textPeople(
    deps,
    context,
    bureau.map((person) => ({ level: 'report' as const, person })),
    lateReportText,
    budget,
  );
  if (deps.calls) await callBureauLate(deps, context);
  if (outcome.pending > 0) throw new TextsPendingError(`${outcome.pending} late-report text(s) of incident ${input.incidentId} are still pending`);
  if (outcome.failed === 0) return { incidentId: input.incidentId };
  return { incidentId: input.incidentId, retryAt: new Date(deps.clock.now().getTime() + RETRY_INTERVAL_MS).toISOString(), textsFailed: outcome.failed };
}

/** The workflow's call step: a round of calls at the level (./calls.ts), then the next round's instant, if any. */
export async function callUnconfirmed(deps: EscalationDependencies, step: { incidentId: string; level: number; deadline: string }): Promise<CallRound> {
  if (!deps.calls) return { incidentId: step.incidentId, level: step.level, deadline: step.deadline };
  return callLevel({ ...deps, load: (incidentId) => load(deps, incidentId) }, step);
}
