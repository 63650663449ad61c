import type { Context } from 'aws-lambda';
import { MemoryIncidentStore, MemoryPhoneStore, MemoryPlanCatalog } from '../../functions/adapters/memory';
import * as checkAcknowledgement from '../../functions/check-acknowledgement/handler';
import * as checkBureauReport from '../../functions/check-bureau-report/handler';
import { type Clock, type Ids, parseDuration, ValidationError } from '../../functions/core/base';
import { type AcknowledgementOutcome, type BureauReportOutcome, type EscalationDependencies, type LevelStep, textLink } from '../../functions/core/escalation';
import { peopleAt } from '../../functions/core/duty';
import {
  type ActionDependencies,
  type EscalationInput,
  type Incident,
  type IncidentDeadlines,
  type IncidentState,
  openActionLink,
  reportingRoles,
  stateOf,
  submitIncident,
  takeAction,
  type TimelineEvent,
  validateReport,
} from '../../functions/core/incident';
import {
  type Category,
  categoryOf,
  type Chain,
  chainIdOf,
  chainOf,
  localDate,
  peopleWithRoles,
  type Person,
  personById,
  type Plan,
  type ScheduledReport,
  scheduledReportsDue,
  type Severity,
  zonedInstant,
} from '../../functions/core/plan';
import type { OutgoingSms, SmsGateway } from '../../functions/core/sms';
import type { CallGateway, OutgoingCall } from '../../functions/core/voice';
import * as notifyLevel from '../../functions/notify-level/handler';
import * as callUnconfirmed from '../../functions/call-unconfirmed/handler';
import * as reportLateToBureau from '../../functions/report-late-to-bureau/handler';
import { ESCALATION, type WorkflowFunction } from '../catalog';
import { lambdaContext } from '../local/http';
import { VirtualTime } from './virtual-time';
import { runOnVirtualTime } from './workflow';

/**
 * What the system would do with one incident under a plan, minute by minute. The report goes
 * through intake; then statemachines/escalation.asl.json runs in aws-local-stepfunctions, its Tasks
 * the very handlers Lambda runs, on in-memory stores, an SMS gateway that records instead of
 * sending and a clock that jumps from one instant waited for to the next (virtual-time.ts). People
 * act through the link in their text, as they would.
 */

export interface SimulationOptions {
  category: string;
  severity?: Severity;
  /** When, after the report, someone acknowledges (`7m`); nobody does when absent. */
  ackAt?: string;
  /** Who acknowledges; by default the first person of the latest level texted by then. */
  ackBy?: string;
  /** When, after the report, someone marks it reported to the superior (`90m`). */
  reportedAt?: string;
  reportedBy?: string;
  /** When the incident is reported; by default 09:00 local on the first day of the plan's first period, else today. */
  start?: Date;
  place?: string;
  description?: string;
  /** Where action links point; only shown inside the texts. */
  linkBase?: string;
}

export interface SimulatedText {
  at: string;
  level: number | 'report';
  person: Person;
  body: string;
}

/** One line of the simulated timeline. */
export type SimulationStep =
  | { type: 'reported'; at: string }
  | { type: 'texted'; at: string; level: number | 'report'; person: Person; body: string }
  | { type: 'notify-failed'; at: string; level: number | 'report'; person: Person; reason: string }
  | { type: 'called'; at: string; level: number | 'report'; person: Person; to: string; text: string }
  | { type: 'call-failed'; at: string; level: number | 'report'; person: Person; reason: string }
  | { type: 'escalated'; at: string; level: number; deadline: string }
  | { type: 'skipped'; at: string; level: number }
  | { type: 'acknowledged'; at: string; person: Person }
  | { type: 'received'; at: string; person: Person }
  | { type: 'chain-stopped'; at: string; level: number; outcome: Extract<AcknowledgementOutcome, 'acknowledged' | 'closed'> }
  | { type: 'unanswered'; at: string; deadline: string }
  | { type: 'reported-to-superior'; at: string; person: Person }
  | { type: 'report-on-time'; at: string; deadline: string }
  | { type: 'late'; at: string; deadline: string };

export interface Simulation {
  plan: Plan;
  category: Category;
  severity: Severity;
  chainId: string;
  chain: Chain;
  incident: Incident;
  deadlines: IncidentDeadlines;
  steps: SimulationStep[];
  texts: SimulatedText[];
  timeline: TimelineEvent[];
  state: IncidentState;
  /** Scheduled reports due in the 24 hours after the report. */
  scheduled: { report: ScheduledReport; due: string }[];
}

export class SimulationError extends Error {
  override name = 'SimulationError';
}

/** Records every text instead of sending it. */
class RecordingSmsGateway implements SmsGateway {
  readonly sent: (OutgoingSms & { messageId: string; at: string })[] = [];
  constructor(private readonly clock: Clock) {}
  async send(message: OutgoingSms): Promise<{ messageId: string }> {
    const messageId = `sim-message-${this.sent.length + 1}`;
    this.sent.push({ ...message, messageId, at: this.clock.now().toISOString() });
    return { messageId };
  }
}

/** Records every call instead of placing it. */
class RecordingCallGateway implements CallGateway {
  readonly placed: (OutgoingCall & { callId: string })[] = [];
  async call(call: OutgoingCall): Promise<{ callId: string }> {
    const callId = `sim-call-${this.placed.length + 1}`;
    this.placed.push({ ...call, callId });
    return { callId };
  }
}

function simulatedIds(): Ids {
  let tokens = 0;
  return {
    incidentId: () => 'simulated-incident',
    incidentCode: () => 'SIM234',
    // As long as a real token (12 characters), so a simulated text is as long as a real one.
    actionToken: () => `sim${String(++tokens).padStart(9, '0')}`,
  };
}

/** Of the things due at one instant, what people do goes before what the workflow waited for. */
const PERSON_ORDER = 1;

export async function simulate(plan: Plan, options: SimulationOptions): Promise<Simulation> {
  const category = categoryOf(plan, options.category);
  if (!category) {
    throw new SimulationError(`plan ${plan.id} has no category "${options.category}"; categories: ${plan.categories.map((c) => c.id).join(', ')}`);
  }
  const start = options.start ?? defaultStart(plan, new Date());
  const clock = new VirtualTime(start);
  const incidents = new MemoryIncidentStore();
  const plans = new MemoryPlanCatalog([plan]);
  const sms = new RecordingSmsGateway(clock);
  const ids = simulatedIds();
  const linkBase = (options.linkBase ?? 'https://yj.example.cn').replace(/\/+$/, '');
  const calls = new RecordingCallGateway();
  const deps: EscalationDependencies & ActionDependencies = {
    incidents,
    plans,
    sms,
    calls,
    clock,
    ids,
    phones: new MemoryPhoneStore(),
    links: { actionLink: (token) => `${linkBase}/a/${token}` },
    // The roster as written: a simulation has no swaps or covers.
    roleHolders: async (plan, roles, instant) => peopleAt(plan, [], roles, instant),
    // The simulation ends with the chain: nobody closes, so no written report falls due.
    writtenReports: { start: async () => undefined },
  };

  // The report goes through intake as the API takes it; the escalation it would start is recorded.
  let escalation: EscalationInput | undefined;
  const report = validateReportOrExplain(plan, {
    planId: plan.id,
    category: category.id,
    place: options.place ?? (plan.language === 'en' ? 'Building 3' : '3号楼'),
    description: options.description ?? (plan.language === 'en' ? 'simulated incident' : '模拟事件'),
    ...(options.severity && { severity: options.severity }),
  });
  const { record } = await submitIncident({ incidents, clock, ids, escalations: { start: async (input) => void (escalation = input) } }, { plan, report, channel: 'web' });
  const { incident } = record;
  const incidentId = incident.id;
  const steps: SimulationStep[] = [];

  // Steps come in the order they happen: each task's and action's new timeline events as it ends.
  let seen = 0;
  const recordSteps = async () => {
    const timeline = (await incidents.get(incidentId))!.timeline;
    steps.push(...timeline.slice(seen).flatMap((event) => stepOf(plan, event, sms.sent, calls.placed)));
    seen = timeline.length;
  };
  const task = (name: WorkflowFunction, handler: (event: never, context: Context) => Promise<unknown>) => async (input: unknown) => {
    const output = await handler(input as never, lambdaContext(name));
    await recordSteps();
    return output;
  };
  const checkLevel = task('check-acknowledgement', checkAcknowledgement.createHandler(deps));
  const checkReport = task('check-bureau-report', checkBureauReport.createHandler(deps));
  const workflow = runOnVirtualTime(
    ESCALATION,
    {
      'notify-level': task('notify-level', notifyLevel.createHandler(deps)),
      'call-unconfirmed': task('call-unconfirmed', callUnconfirmed.createHandler(deps)),
      'check-acknowledgement': async (input) => {
        const output = (await checkLevel(input)) as { outcome: AcknowledgementOutcome };
        // "Someone took responsibility": the workflow stops here, which the timeline does not say.
        if (output.outcome === 'acknowledged' || output.outcome === 'closed') {
          steps.push({ type: 'chain-stopped', at: clock.now().toISOString(), level: (input as LevelStep).level, outcome: output.outcome });
        }
        return output;
      },
      'check-bureau-report': async (input) => {
        const output = (await checkReport(input)) as { outcome: BureauReportOutcome };
        if (output.outcome === 'reported') steps.push({ type: 'report-on-time', at: clock.now().toISOString(), deadline: incident.deadlines.report });
        return output;
      },
      'report-late-to-bureau': task('report-late-to-bureau', reportLateToBureau.createHandler(deps)),
    },
    clock,
    escalation!,
  );

  // What people do, through the link in their text, as takeAction records it for the real link:
  // someone told for information who answers records 已阅, which stops nothing.
  const act = async (action: 'ack' | 'reported', who: Person) => {
    // chooseActor picked someone texted: their first text's link.
    const texted = (await incidents.get(incidentId))!.timeline.find((event) => event.type === 'notified' && event.personId === who.id);
    const token = textLink(incident, texted?.type === 'notified' ? texted.level : 1, who.id);
    const view = await openActionLink(deps, token);
    await takeAction(deps, token, { action: action === 'ack' && !view.authority.mayAcknowledge ? 'received' : action });
  };
  const actAt = async (after: string, option: string, action: () => Promise<void>) => {
    await clock.until(start.getTime() + offset(after, option), PERSON_ORDER);
    await clock.step(action);
    await recordSteps();
  };
  const actions = [
    ...(options.ackAt === undefined ? [] : [actAt(options.ackAt, '--ack-at', async () => act('ack', await chooseActor(options.ackBy, 'acknowledge')))]),
    ...(options.reportedAt === undefined
      ? []
      : [
          actAt(options.reportedAt, '--reported-at', async () => {
            const acknowledger = stateOf((await incidents.get(incidentId))!.timeline).acknowledgedBy?.personId;
            const reporters = peopleWithRoles(plan, reportingRoles(chainOf(plan, incident.category, incident.severity))).map((person) => person.id);
            const reporter = acknowledger && reporters.includes(acknowledger) ? acknowledger : reporters[0];
            await act('reported', await chooseActor(options.reportedBy ?? reporter, 'mark the report made', true));
          }),
        ]),
  ];

  /** Only someone who was texted has a link to act with. */
  async function chooseActor(personId: string | undefined, what: string, ownStaffFirst = false): Promise<Person> {
    const texted = sms.sent.map((text) => plan.people.find((person) => person.phone === text.to)!);
    if (personId !== undefined) {
      // A role names whoever of its holders was texted (--ack-by bureau-duty-desk).
      const person = personById(plan, personId) ?? peopleWithRoles(plan, [personId]).find((holder) => texted.includes(holder)) ?? peopleWithRoles(plan, [personId])[0];
      if (!person) throw new SimulationError(`plan ${plan.id} has no person or role "${personId}"`);
      if (!texted.includes(person)) throw new SimulationError(`${person.name} (${person.id}) was not texted by then, so has no link to ${what} with`);
      return person;
    }
    const timeline = (await incidents.get(incidentId))!.timeline;
    const latest = Math.max(...timeline.flatMap((event) => (event.type === 'notified' && typeof event.level === 'number' ? [event.level] : [])));
    const candidates = plan.people.filter((person) => timeline.some((event) => event.type === 'notified' && event.level === latest && event.personId === person.id));
    const own = ownStaffFirst ? candidates.filter((person) => person.unit === undefined) : candidates;
    return own[0] ?? candidates[0] ?? texted[0]!;
  }

  await recordSteps();
  await clock.run(Promise.all([workflow, ...actions]));

  const final = (await incidents.get(incidentId))!;
  const severity = incident.severity ?? 'general';
  const texts = steps.flatMap((step) => (step.type === 'texted' ? [{ at: step.at, level: step.level, person: step.person, body: step.body }] : []));
  const day = 86_400_000;
  return {
    plan,
    category,
    severity,
    chainId: chainIdOf(category, severity),
    chain: chainOf(plan, category.id, severity),
    incident,
    deadlines: incident.deadlines,
    steps: orderSteps(steps),
    texts,
    timeline: final.timeline,
    state: stateOf(final.timeline),
    scheduled: scheduledReportsDue(plan, start, new Date(start.getTime() + day)).map(({ report, due }) => ({ report, due: due.toISOString() })),
  };
}

function validateReportOrExplain(plan: Plan, body: Record<string, unknown>) {
  try {
    return validateReport(body, [plan]);
  } catch (error) {
    if (error instanceof ValidationError) throw new SimulationError(Object.values(error.fields).join('; ') || error.message);
    throw error;
  }
}

function offset(text: string, option: string): number {
  try {
    return parseDuration(text);
  } catch {
    throw new SimulationError(`${option} ${text}: expected a time after the report like 7m, 90m or 2h`);
  }
}

function stepOf(plan: Plan, event: TimelineEvent, sent: RecordingSmsGateway['sent'], calls: RecordingCallGateway['placed']): SimulationStep[] {
  const person = (id: string) => personById(plan, id)!;
  switch (event.type) {
    case 'reported':
      return [{ type: 'reported', at: event.at }];
    case 'notified':
      return [
        {
          type: 'texted',
          at: event.at,
          level: event.level,
          person: person(event.personId),
          body: sent.find((text) => text.messageId === event.messageId)?.body ?? '',
        },
      ];
    case 'notify-failed':
      return [{ type: 'notify-failed', at: event.at, level: event.level, person: person(event.personId), reason: event.reason }];
    case 'called':
      return [
        { type: 'called', at: event.at, level: event.level, person: person(event.personId), to: event.to, text: calls.find((call) => call.callId === event.callId)?.text ?? '' },
      ];
    case 'call-failed':
      return [{ type: 'call-failed', at: event.at, level: event.level, person: person(event.personId), reason: event.reason }];
    case 'escalated':
      return [{ type: 'escalated', at: event.at, level: event.level, deadline: event.deadline }];
    case 'acknowledged':
      return [{ type: 'acknowledged', at: event.at, person: person(event.personId) }];
    case 'received':
      return [{ type: 'received', at: event.at, person: person(event.personId) }];
    case 'reported-to-bureau':
      return [{ type: 'reported-to-superior', at: event.at, person: person(event.personId) }];
    case 'unanswered':
      return [{ type: 'unanswered', at: event.at, deadline: event.deadline }];
    case 'late':
      return [{ type: 'late', at: event.at, deadline: event.deadline }];
    case 'skipped':
      return [{ type: 'skipped', at: event.at, level: event.level }];
    case 'handover':
    case 'escalation-started':
    case 'written-report-requested':
    case 'closed':
    case 'note':
    case 'linked':
    case 'witness':
    case 'delivered':
    case 'delivery-failed':
      return [];
    // What happens after the chain (the written report ...) is not simulated.
    default:
      return [];
  }
}

/** In time order; on one instant, in the order they happened. */
function orderSteps(steps: SimulationStep[]): SimulationStep[] {
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.at.localeCompare(b.step.at) || a.index - b.index)
    .map(({ step }) => step);
}

/** 09:00 local on the first day of the plan's first period (两会), or today when it has none. */
export function defaultStart(plan: Plan, now: Date): Date {
  const day = plan.periods?.[0]?.from ?? localDate(now, plan.timeZone);
  return zonedInstant(day, 9, 0, plan.timeZone);
}
