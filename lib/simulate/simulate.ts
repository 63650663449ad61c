import { MemoryIncidentStore, MemoryPlanCatalog, MemoryPhoneStore } from '../../functions/adapters/memory';
import { type EscalationInput, type Incident, type IncidentDeadlines, type IncidentState, stateOf, submitIncident, takeAction, type TimelineEvent, validateReport } from '../../functions/core/incident';
import { type Clock, type Ids, parseDuration, ValidationError } from '../../functions/core/base';
import {
  checkAcknowledgement,
  checkBureauReport,
  notifyLevel,
  textLink,
  reportLateToBureau,
  type AcknowledgementOutcome,
  type EscalationDependencies,
} from '../../functions/core/escalation';
import { type Category, categoryOf, type Chain, chainIdOf, chainOf, localDate, peopleWithRoles, type Person, personById, type Plan, roleName, type ScheduledReport, scheduledReportsDue, type Severity, zonedInstant } from '../../functions/core/plan';
import type { OutgoingSms, SmsGateway } from '../../functions/core/sms';

/**
 * What the system would do with one incident under a plan, minute by minute. It runs the very
 * steps the escalation workflow runs (notifyLevel, checkAcknowledgement, checkBureauReport,
 * reportLateToBureau) against in-memory stores, a clock it moves itself and an SMS gateway that
 * records instead of sending, in the order statemachines/escalation.asl.json runs them.
 * It is the one core module that wires adapters itself: the in-memory ones have no AWS in them,
 * and a simulation has no other wiring to come from.
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
  | { type: 'escalated'; at: string; level: number; deadline: string }
  | { type: 'skipped'; at: string; level: number }
  | { type: 'acknowledged'; at: string; person: Person }
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

/** A clock that only moves when the driver moves it. */
class SimulatedClock implements Clock {
  constructor(private current: number) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: number): void {
    this.current = instant;
  }
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

function simulatedIds(): Ids {
  let tokens = 0;
  return {
    incidentId: () => 'simulated-incident',
    incidentCode: () => 'SIM234',
    // As long as a real token (12 characters), so a simulated text is as long as a real one.
    actionToken: () => `sim${String(++tokens).padStart(9, '0')}`,
  };
}

/**
 * When two things fall on one instant: what the workflow does at once after a step runs first (a
 * level is texted the moment the one before it is found unanswered); then what people do (an
 * acknowledgement at the deadline counts); then what the workflow does after a wait.
 */
const ORDER = { workflowNow: 0, person: 1, afterWait: 2 } as const;

interface Pending {
  at: number;
  order: number;
  seq: number;
  run: () => Promise<void>;
}

export async function simulate(plan: Plan, options: SimulationOptions): Promise<Simulation> {
  const category = categoryOf(plan, options.category);
  if (!category) {
    throw new SimulationError(`plan ${plan.id} has no category "${options.category}"; categories: ${plan.categories.map((c) => c.id).join(', ')}`);
  }
  const start = options.start ?? defaultStart(plan, new Date());
  const clock = new SimulatedClock(start.getTime());
  const incidents = new MemoryIncidentStore();
  const plans = new MemoryPlanCatalog([plan]);
  const sms = new RecordingSmsGateway(clock);
  const ids = simulatedIds();
  const linkBase = (options.linkBase ?? 'https://yj.example.cn').replace(/\/+$/, '');
  const deps: EscalationDependencies = { incidents, plans, sms, clock, ids, phones: new MemoryPhoneStore(), links: { actionLink: (token) => `${linkBase}/a/${token}` } };

  // The report goes through intake as the API takes it; the escalation it would start is recorded.
  let escalation: EscalationInput | undefined;
  const report = validateReportOrExplain(plan, {
    planId: plan.id,
    category: category.id,
    place: options.place ?? (plan.language === 'en' ? 'Building 3' : '3号楼'),
    description: options.description ?? (plan.language === 'en' ? 'simulated incident' : '模拟事件'),
    ...(options.severity && { severity: options.severity }),
  });
  const { record } = await submitIncident(
    { incidents, plans, clock, ids, escalations: { start: async (input) => void (escalation = input) } },
    { report, channel: 'web' },
  );
  const { incident } = record;
  const incidentId = incident.id;
  const steps: SimulationStep[] = [];

  const queue: Pending[] = [];
  let seq = 0;
  const at = (instant: number | string, order: number, run: () => Promise<void>) =>
    queue.push({ at: typeof instant === 'string' ? Date.parse(instant) : instant, order, seq: seq++, run });

  // Branch 1 of the Parallel state: the level loop.
  const textLevel = async (level: number) => {
    const { deadline } = await notifyLevel(deps, { incidentId, level }); // "Text the level"
    at(deadline, ORDER.afterWait, () => checkLevel(level)); // "Wait for the level's deadline"
  };
  const checkLevel = async (level: number) => {
    const result = await checkAcknowledgement(deps, { incidentId, level }); // "Check whether anyone acknowledged"
    switch (result.outcome) {
      case 'escalate': // "Has anyone acknowledged?" → back to "Text the level", one level up
        at(clock.now().getTime(), ORDER.workflowNow, () => textLevel(result.level));
        break;
      case 'acknowledged':
      case 'closed': // "Someone took responsibility"
        steps.push({ type: 'chain-stopped', at: clock.now().toISOString(), level, outcome: result.outcome });
        break;
      case 'unanswered': // "Nobody answered the chain": checkAcknowledgement put it on the timeline
        break;
    }
  };
  at(start.getTime(), ORDER.workflowNow, () => textLevel(1)); // "Start at the first level"

  // Branch 2: the report deadline.
  at(escalation!.reportDeadline, ORDER.afterWait, async () => {
    const { outcome } = await checkBureauReport(deps, { incidentId }); // "Check the report reached the bureau"
    if (outcome === 'reported') steps.push({ type: 'report-on-time', at: clock.now().toISOString(), deadline: incident.deadlines.report });
    else await reportLateToBureau(deps, { incidentId }); // "Tell the bureau the report is late"
  });

  // What people do, through the link in their text, as takeAction records it for the real link.
  const act = async (action: 'ack' | 'reported', who: Person) => {
    // chooseActor picked someone texted: their first text's link.
    const texted = (await incidents.get(incidentId))!.timeline.find((event) => event.type === 'notified' && event.personId === who.id);
    // The simulation ends with the chain: nobody closes, so no written report falls due.
    await takeAction({ ...deps, writtenReports: { start: async () => undefined } }, textLink(incident, texted?.type === 'notified' ? texted.level : 1, who.id), { action });
  };
  if (options.ackAt !== undefined) {
    at(start.getTime() + offset(options.ackAt, '--ack-at'), ORDER.person, async () => {
      await act('ack', await chooseActor(options.ackBy, 'acknowledge'));
    });
  }
  if (options.reportedAt !== undefined) {
    at(start.getTime() + offset(options.reportedAt, '--reported-at'), ORDER.person, async () => {
      const acknowledger = stateOf((await incidents.get(incidentId))!.timeline).acknowledgedBy?.personId;
      await act('reported', await chooseActor(options.reportedBy ?? acknowledger, 'mark the report made', true));
    });
  }

  /** Only someone who was texted has a link to act with. */
  async function chooseActor(personId: string | undefined, what: string, ownStaffFirst = false): Promise<Person> {
    const texted = sms.sent.map((text) => plan.people.find((person) => person.phone === text.to)!);
    if (personId !== undefined) {
      const person = personById(plan, personId);
      if (!person) throw new SimulationError(`plan ${plan.id} has no person "${personId}"`);
      if (!texted.includes(person)) throw new SimulationError(`${person.name} (${person.id}) was not texted by then, so has no link to ${what} with`);
      return person;
    }
    const timeline = (await incidents.get(incidentId))!.timeline;
    const latest = Math.max(...timeline.flatMap((event) => (event.type === 'notified' && typeof event.level === 'number' ? [event.level] : [])));
    const candidates = plan.people.filter((person) =>
      timeline.some((event) => event.type === 'notified' && event.level === latest && event.personId === person.id),
    );
    const own = ownStaffFirst ? candidates.filter((person) => person.unit === undefined) : candidates;
    return own[0] ?? candidates[0] ?? texted[0]!;
  }

  // The driver: run whatever is due next, after moving the clock to it, until nothing is left.
  let seen = 0;
  while (queue.length > 0) {
    queue.sort((a, b) => a.at - b.at || a.order - b.order || a.seq - b.seq);
    const next = queue.shift()!;
    clock.set(next.at);
    await next.run();
    const timeline = (await incidents.get(incidentId))!.timeline;
    const fresh = timeline.slice(seen);
    seen = timeline.length;
    steps.push(...fresh.flatMap((event) => stepOf(plan, event, sms.sent)));
  }

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

function stepOf(plan: Plan, event: TimelineEvent, sent: RecordingSmsGateway['sent']): SimulationStep[] {
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
    case 'escalated':
      return [{ type: 'escalated', at: event.at, level: event.level, deadline: event.deadline }];
    case 'acknowledged':
      return [{ type: 'acknowledged', at: event.at, person: person(event.personId) }];
    case 'reported-to-bureau':
      return [{ type: 'reported-to-superior', at: event.at, person: person(event.personId) }];
    case 'unanswered':
      return [{ type: 'unanswered', at: event.at, deadline: event.deadline }];
    case 'late':
      return [{ type: 'late', at: event.at, deadline: event.deadline }];
    case 'skipped':
      return [{ type: 'skipped', at: event.at, level: event.level }];
    case 'handover':
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
  return steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at.localeCompare(b.step.at) || a.index - b.index).map(({ step }) => step);
}

/** 09:00 local on the first day of the plan's first period (两会), or today when it has none. */
export function defaultStart(plan: Plan, now: Date): Date {
  const day = plan.periods?.[0]?.from ?? localDate(now, plan.timeZone);
  return zonedInstant(day, 9, 0, plan.timeZone);
}

// ---------------------------------------------------------------------------------------------
// The simulation as text, for `npx yingji plan simulate`. The texts themselves stay in the plan's
// language (they are what phones receive); everything around them is in the reader's.

interface Words {
  title: (plan: Plan) => string;
  incident: (category: Category, severity: string, chainId: string, at: string, timeZone: string) => string;
  severity: Record<Severity, string>;
  deadlines: string;
  level: (level: number) => string;
  repeat: (level: number) => string;
  reportTo: (superior: string) => string;
  reported: string;
  texted: (level: number | 'report') => string;
  textFailed: (reason: string) => string;
  escalated: (level: number, previous: number, minutesLate: string) => string;
  acknowledged: (name: string) => string;
  stopped: (level: number, outcome: 'acknowledged' | 'closed') => string;
  unanswered: string;
  skipped: (level: number) => string;
  reportedToSuperior: (name: string, superior: string) => string;
  onTime: (superior: string) => string;
  late: (superior: string) => string;
  outcome: string;
  ackSummary: (name: string, after: string) => string;
  noAck: string;
  reportSummary: (late: boolean, superior: string) => string;
  scheduled: string;
  scheduledLine: (name: string, from: string, to: string, chase: string) => string;
  chase: (after: string, who: string) => string;
  list: string;
}

const WORDS: Record<'zh-CN' | 'en', Words> = {
  'zh-CN': {
    title: (plan) => `模拟:${plan.name}(${plan.id}@${plan.version})`,
    incident: (category, severity, chainId, at, timeZone) => `事件:${category.name}(${category.id})· ${severity} · 报告链 ${chainId} · 报告于 ${at}(${timeZone})`,
    severity: { general: '一般', major: '重大', 'especially-major': '特大' },
    deadlines: '期限',
    level: (level) => `第${level}级`,
    repeat: (level) => `第${level}级(重复)`,
    reportTo: (superior) => `报${superior}`,
    reported: '收到报告',
    texted: (level) => (level === 'report' ? '缓报通知' : `第${level}级短信`),
    textFailed: (reason) => `短信发送失败:${reason}`,
    escalated: (level, previous, after) => `第${previous}级 ${after} 内无人确认 → 升级至第${level}级`,
    acknowledged: (name) => `${name} 确认收到,负责处置`,
    stopped: (level, outcome) => `第${level}级期限到:${outcome === 'closed' ? '事件已结案' : '已有人确认'},停止升级`,
    skipped: (level) => `第${level}级此时无人(无人值班):跳过,立即通知下一级`,
    unanswered: '最后一级期限到,仍无人确认:报告链结束(无人应答)',
    reportedToSuperior: (name, superior) => `${name} 标记已上报${superior}`,
    onTime: (superior) => `上报期限到:已按时上报${superior}`,
    late: (superior) => `上报期限到:未上报${superior},记为缓报`,
    outcome: '结果',
    ackSummary: (name, after) => `${name} 于报告后 ${after} 确认`,
    noAck: '无人确认',
    reportSummary: (late, superior) => (late ? `未按时上报${superior}(缓报)` : `按时上报${superior}`),
    scheduled: '报告后24小时内到期的定时报告',
    scheduledLine: (name, from, to, chase) => `${name}:${from} → ${to};逾期:${chase}`,
    chase: (after, who) => `${after}后通知${who}`,
    list: '、',
  },
  en: {
    title: (plan) => `Simulation: ${plan.name} (${plan.id}@${plan.version})`,
    incident: (category, severity, chainId, at, timeZone) => `Incident: ${category.name} (${category.id}) · ${severity} · chain ${chainId} · reported ${at} (${timeZone})`,
    severity: { general: 'general', major: 'major', 'especially-major': 'especially major' },
    deadlines: 'Deadlines',
    level: (level) => `level ${level}`,
    repeat: (level) => `level ${level} (repeat)`,
    reportTo: (superior) => `report to ${superior}`,
    reported: 'Incident reported',
    texted: (level) => (level === 'report' ? 'Late notice' : `Level ${level} text`),
    textFailed: (reason) => `text failed: ${reason}`,
    escalated: (level, previous, after) => `Nobody at level ${previous} acknowledged within ${after} → level ${level}`,
    acknowledged: (name) => `${name} acknowledges and takes charge`,
    stopped: (level, outcome) => `Level ${level} deadline: ${outcome === 'closed' ? 'incident closed' : 'acknowledged'}, escalation stops`,
    skipped: (level) => `Nobody holds level ${level}'s roles at this time (nobody on duty): skipped at once`,
    unanswered: 'Last level deadline passed with nobody acknowledging: the chain ends unanswered',
    reportedToSuperior: (name, superior) => `${name} marks it reported to ${superior}`,
    onTime: (superior) => `Report deadline: reported to ${superior} on time`,
    late: (superior) => `Report deadline: not reported to ${superior}, flagged LATE`,
    outcome: 'Outcome',
    ackSummary: (name, after) => `acknowledged by ${name} ${after} after the report`,
    noAck: 'nobody acknowledged',
    reportSummary: (late, superior) => (late ? `not reported to ${superior} on time (late)` : `reported to ${superior} on time`),
    scheduled: 'Scheduled reports due in the 24 hours after the report',
    scheduledLine: (name, from, to, chase) => `${name}: ${from} → ${to}; if late: ${chase}`,
    chase: (after, who) => `after ${after} text ${who}`,
    list: ', ',
  },
};

/** Who the chain's report goes to: a superior unit by name (昌平公安分局内保处), else the role. */
export function reportRecipients(plan: Plan, chain: Chain): string[] {
  const recipients = peopleWithRoles(plan, chain.reportToSuperior.to).map((person) => {
    const unit = person.unit && plan.organisation.superiors?.find((superior) => superior.id === person.unit);
    return unit ? unit.name : (person.roles.filter((role) => chain.reportToSuperior.to.includes(role)).map((role) => roleName(plan, role))[0] ?? person.name);
  });
  return [...new Set(recipients)];
}

/** `+0m`, `+7m`, `+1h30m`, `+1d2h`. */
export function formatOffset(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const text = `${days ? `${days}d` : ''}${hours ? `${hours}h` : ''}${rest || (!days && !hours) ? `${rest}m` : ''}`;
  return `+${text}`;
}

export function renderSimulation(simulation: Simulation, language: 'zh-CN' | 'en' = 'zh-CN'): string {
  const words = WORDS[language];
  const { plan, category, incident, chain } = simulation;
  const start = Date.parse(incident.reportedAt);
  const startDay = localDate(new Date(start), plan.timeZone);
  const when = (iso: string) => {
    const day = localDate(new Date(iso), plan.timeZone);
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: plan.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    return day === startDay ? time : `${day.slice(5)} ${time}`;
  };
  const after = (iso: string) => formatOffset(Date.parse(iso) - start).slice(1);
  const names = (roles: readonly string[]) => roles.map((role) => plan.roles?.[role] ?? role).join(words.list);
  const superior = reportRecipients(plan, chain).join(words.list);
  const who = (person: Person, level: number | 'report') => {
    const roles = level === 'report' ? chain.reportToSuperior.to : (chain.levels[level - 1]?.notify ?? []);
    const why = names(person.roles.filter((role) => roles.includes(role)));
    return why === person.name ? person.name : `${person.name}(${why})`;
  };

  const lines = [
    words.title(plan),
    words.incident(category, words.severity[simulation.severity], simulation.chainId, `${localDate(new Date(start), plan.timeZone)} ${when(incident.reportedAt)}`, plan.timeZone),
    `${words.deadlines}: ${[
      ...simulation.deadlines.levels.map(({ level, at }) => `${chain.levels[level - 1]?.repeat ? words.repeat(level) : words.level(level)} ${when(at)}`),
      `${words.reportTo(superior)} ${when(simulation.deadlines.report)}`,
    ].join(' · ')}`,
    '',
  ];
  for (const step of simulation.steps) {
    const line = (text: string) => lines.push(`${formatOffset(Date.parse(step.at) - start).padEnd(7)} ${when(step.at).padEnd(5)}  ${text}`);
    switch (step.type) {
      case 'reported':
        line(words.reported);
        break;
      case 'texted':
        line(`${words.texted(step.level)} → ${who(step.person, step.level)} ${step.person.phone}`);
        lines.push(`${' '.repeat(15)}「${step.body}」`);
        break;
      case 'notify-failed':
        line(`${step.person.name}: ${words.textFailed(step.reason)}`);
        break;
      case 'escalated':
        line(words.escalated(step.level, step.level - 1, after(step.deadline)));
        break;
      case 'acknowledged':
        line(words.acknowledged(step.person.name));
        break;
      case 'chain-stopped':
        line(words.stopped(step.level, step.outcome));
        break;
      case 'unanswered':
        line(words.unanswered);
        break;
      case 'skipped':
        line(words.skipped(step.level));
        break;
      case 'reported-to-superior':
        line(words.reportedToSuperior(step.person.name, superior));
        break;
      case 'report-on-time':
        line(words.onTime(superior));
        break;
      case 'late':
        line(words.late(superior));
        break;
    }
  }
  const { state } = simulation;
  lines.push(
    '',
    `${words.outcome}: ${state.acknowledgedBy ? words.ackSummary(state.acknowledgedBy.name, after(state.acknowledgedBy.at)) : words.noAck}; ${words.reportSummary(state.late, superior)}`,
  );
  if (simulation.scheduled.length > 0) {
    lines.push('', `${words.scheduled}:`);
    for (const { report, due } of simulation.scheduled) {
      const chase = report.ifLate.map((step) => words.chase(step.after, names(step.notify))).join(words.list);
      lines.push(`  ${when(due)}  ${words.scheduledLine(report.name, names(report.from), names(report.to), chase)}`);
    }
  }
  return lines.join('\n');
}
