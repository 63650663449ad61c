import { ConflictError, type StepBudget, TooManyRequestsError, UNLIMITED_BUDGET } from '../base';
import { peopleAt } from '../duty';
import { acknowledgingRoles, assertMayRemind, eventKey, REMIND_INTERVAL_MS, remindState, stateOf, type TimelineEvent, unconfirmedAt } from '../incident';
import { assertMaySee, type Caller, chainOf, type Person, personById, personOf } from '../plan';
import { alertText, type AlertFacts, informationText } from '../sms';
import { callPeople } from './calls';
import { type EscalationContext, type EscalationDependencies, loadIncident } from './context';
import { textPeople } from './texting';

/**
 * "Remind again" (再次提醒) from the console: the rules are the incident's (functions/core/incident/reminders.ts);
 * this sends a round's texts, and calls where the stage places calls, each exactly once per (incident, round, person).
 */

type Reminded = Extract<TimelineEvent, { type: 'reminded' }>;

export interface ReminderOutcome {
  round: number;
  at: string;
  level: number;
  /** Whom the round was for, and how it reached each of them. */
  reached: { personId: string; name: string; texted: boolean; called: boolean }[];
  /** When the next round may be asked for. */
  nextAt: string;
}

export async function remindAgain(deps: EscalationDependencies, incidentId: string, caller: Caller, budget: StepBudget = UNLIMITED_BUDGET): Promise<ReminderOutcome> {
  const context = await loadIncident(deps, incidentId);
  const { record, plan, incident } = context;
  assertMaySee(caller, [plan], incident.orgId);
  const chain = chainOf(plan, incident.category, incident.severity);
  const person = personOf(plan, caller);
  assertMayRemind(plan, chain, person);
  if (stateOf(record.timeline).closed) throw new ConflictError('This incident is closed; there is nobody to remind.');
  const now = deps.clock.now();
  const state = remindState(record.timeline, now);
  if (state.notBefore) {
    // The last round may have been cut short (its process died): finish it, then say when the next may be.
    if (state.last) await sendRound(deps, context, state.last, budget);
    throw tooSoon(state.last!, state.notBefore, now);
  }
  const overrides = plan.duty && deps.duty ? await deps.duty.overrides(plan.id) : [];
  const people = unconfirmedAt(peopleAt(plan, overrides, chain.levels[state.level - 1]!.notify, now), record.timeline).filter((holder) => holder.phone || holder.landline);
  if (people.length === 0) throw new ConflictError(`Everyone at level ${state.level} has confirmed: there is nobody to remind.`);
  const round: Reminded = {
    type: 'reminded',
    key: eventKey.reminded(state.round),
    at: now.toISOString(),
    round: state.round,
    level: state.level,
    personId: person.id,
    name: person.name,
    to: people.map(({ id, name }) => ({ personId: id, name })),
  };
  // The round's claim: of two requests at once, one appends it; the other is told when to try again.
  if (!(await deps.incidents.append(incidentId, round))) {
    const taken = (await deps.incidents.get(incidentId))!.timeline.find((event): event is Reminded => event.key === round.key)!;
    throw tooSoon(taken, new Date(Date.parse(taken.at) + REMIND_INTERVAL_MS).toISOString(), now);
  }
  return {
    round: round.round,
    at: round.at,
    level: round.level,
    reached: await sendRound(deps, context, round, budget),
    nextAt: new Date(now.getTime() + REMIND_INTERVAL_MS).toISOString(),
  };
}

function tooSoon(last: Reminded, retryAt: string, now: Date): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil((Date.parse(retryAt) - now.getTime()) / 1000));
  return new TooManyRequestsError(
    `${last.name} reminded level ${last.level} at ${last.at}; the next reminder may be sent from ${retryAt} (once every ${REMIND_INTERVAL_MS / 60_000} minutes).`,
    seconds,
    {},
    retryAt,
  );
}

/** Texts (and calls) a round's people; what is already recorded for the round is skipped, so a round can be finished by a later request. */
async function sendRound(deps: EscalationDependencies, context: EscalationContext, round: Reminded, budget: StepBudget): Promise<ReminderOutcome['reached']> {
  const { plan, incident } = context;
  const chain = chainOf(plan, incident.category, incident.severity);
  const people = round.to.flatMap(({ personId }) => personById(plan, personId) ?? []);
  const responders = new Set(acknowledgingRoles(chain));
  const compose = (facts: AlertFacts, person: Person) => (person.roles.some((role) => responders.has(role)) ? alertText(facts) : informationText(facts));
  const texts = await textPeople(
    deps,
    context,
    people.map((person) => ({ level: round.level, person, round: round.round })),
    compose,
    budget,
  );
  const calls = deps.calls
    ? await callPeople(deps, context, { level: round.level, round: round.round }, people, { informational: new Set(chain.immediately ?? []) })
    : { called: [] as string[] };
  return round.to.map(({ personId, name }) => ({
    personId,
    name,
    texted: texts.results.some((result) => result.personId === personId && (result.result === 'sent' || result.result === 'resent')),
    called: calls.called.includes(personId),
  }));
}
