import {
  acknowledgingRoles,
  actAs,
  admitReport,
  REPORT_RATE_LIMITS,
  reportingRoles,
  type ReportLimitDependencies,
  rolesNamed,
  viewAs,
  type ActionDependencies,
  type IncidentState,
  type IntakeDependencies,
  submitIncident,
} from '../incident';
import { escalateNow, type EscalationDependencies } from '../escalation';
import { ValidationError } from '../base';
import { sendsScheduledReport, submitScheduledReport, type SubmissionDependencies } from '../scheduled-reports';
import { categoryOf, chainOf, type Category, type Person, type Plan } from '../plan';
import {
  emergencyNumbersFor,
  type InboundAnswer,
  type InboundDecision,
  type InboundHandled,
  interpretInbound,
  parseInbound,
  parseRecordText,
  type PhoneAlert,
  rateLimit,
  type Reply,
  replyText,
  type SmsPurpose,
} from '../sms';
import { optOut } from './opt-outs';
import { keepRecordBySms, type RecordDependencies } from './records';

/**
 * A text that reached one of our numbers: a reply to an alert, STOP/START, a duty officer's
 * all-clear, or a new report (docs/sms.md). Every text gets an answer, within the per-number limits.
 */

export interface InboundSms {
  /** The provider's id: SNS delivers at least once, so a message answered before is not answered again. */
  messageId: string;
  from: string;
  /** Our number it was sent to, when the provider says. */
  to?: string;
  body: string;
  /**
   * When AWS received it (the SNS message's Timestamp). Texts are not delivered in the order they
   * were sent (https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms.html), so a
   * STOP and a START from one phone are ordered by this, not by when they reach us.
   */
  receivedAt?: string;
}

export type InboundDependencies = IntakeDependencies &
  ActionDependencies &
  EscalationDependencies &
  SubmissionDependencies &
  RecordDependencies &
  ReportLimitDependencies & {
    /** The school an SMS report goes to when neither the sender nor the text names one. */
    smsDefaultPlanId?: string;
  };

export interface InboundOutcome {
  decision: InboundDecision['action'] | 'recorded' | 'duplicate';
  /** The incident the text acted on or opened. */
  incidentId?: string;
  /** The answer texted back, unless a limit or STOP held it. */
  answer?: string;
}

/** Witnesses of one incident text within minutes of each other; their reports join the first. */
const SAME_INCIDENT_WINDOW_MS = 15 * 60_000;

/**
 * Idempotent by completion: a text counts as handled once its answer is out (or none is due). A
 * redelivery after a failure part-way does the work again (each step is safe to repeat); a
 * redelivery after the answer is a `duplicate`, answered no more. What was decided is kept before
 * the answer goes, so a failure while answering does not decide twice.
 */
export async function receiveSms(deps: InboundDependencies, sms: InboundSms): Promise<InboundOutcome> {
  const seen = await deps.phones.inboundProgress(sms.messageId);
  if (seen?.answered) return { decision: 'duplicate' };
  const handled = seen?.handled ?? (await handle(deps, sms));
  if (!seen?.handled) await deps.phones.recordInboundHandled(sms.messageId, handled);
  // A concurrent delivery of the same text may have got here first: one of the two answers.
  if (!(await deps.phones.claimInboundAnswer(sms.messageId))) return { decision: 'duplicate' };
  const { answer, ...outcome } = handled;
  if (!answer) return outcome;
  try {
    await deps.sms.send({ to: sms.from, body: answer.body, incidentId: outcome.incidentId });
  } catch (error) {
    await deps.phones.releaseInboundAnswer(sms.messageId);
    throw error;
  }
  await deps.phones.recordSent({ to: sms.from, at: answer.at, purpose: answer.purpose });
  return { ...outcome, answer: answer.body };
}

async function handle(deps: InboundDependencies, sms: InboundSms): Promise<InboundHandled> {
  const plans = await deps.plans.list();
  const sender = findPerson(plans, sms.from);
  const record = sender && parseRecordText(sms.body);
  if (sender && record) {
    const reply = await keepRecordBySms(deps, sender.plan, sender.person, record, { messageId: sms.messageId, receivedAt: sms.receivedAt ?? deps.clock.now().toISOString() });
    const answer = await answerFor(deps, sms.from, reply, sender.plan);
    return { decision: 'recorded', ...(answer && { answer }) };
  }
  const plan = sender?.plan ?? planNamedIn(plans, sms.body) ?? plans.find((candidate) => candidate.id === deps.smsDefaultPlanId);
  const alerts = await deps.phones.openAlerts(sms.from);
  const categories = plan?.categories.map((category) => category.id);
  const decision = interpretInbound(parseInbound(sms.body, { categories }), {
    person: sender?.person,
    alerts,
    categories,
    sendsZeroReport: sender !== undefined && sendsScheduledReport(sender.plan, sender.plan.duty ? await deps.duty.overrides(sender.plan.id) : [], sender.person.id),
  });
  const { reply, incidentId } = await apply(deps, decision, sms, plan, sender?.person);
  const answer = reply && (await answerFor(deps, sms.from, reply, plan));
  return { decision: decision.action, ...(incidentId && { incidentId }), ...(answer && { answer }) };
}

async function apply(
  deps: InboundDependencies,
  decision: InboundDecision,
  sms: InboundSms,
  plan: Plan | undefined,
  person: Person | undefined,
): Promise<{ reply?: Reply & { purpose?: SmsPurpose }; incidentId?: string }> {
  switch (decision.action) {
    case 'stop':
    case 'start':
      return { reply: await optOut(deps, sms, decision.action === 'stop') };
    case 'help':
      if (decision.reason === 'not-understood') return { reply: { kind: 'not-understood', purpose: 'help' } };
      return { reply: { kind: 'help', audience: person ? 'responder' : 'reporter', purpose: 'help' } };
    case 'refuse':
      return { reply: { kind: 'refused', reason: decision.reason, alerts: decision.alerts, ...(decision.named && { named: decision.named }), purpose: 'help' } };
    case 'ack':
    case 'reported':
    case 'close': {
      // interpretInbound answers these only for someone in a plan with this alert open.
      const action = decision.action as 'ack' | 'reported' | 'close';
      const resolution = decision.action === 'close' ? decision.resolution : undefined;
      return { reply: await answerAction(deps, decision.alert, person!, { action, resolution }), incidentId: decision.alert.incidentId };
    }
    case 'escalate':
      await escalateNow(deps, decision.alert.incidentId, person!.id);
      return { reply: { kind: 'escalated', code: decision.alert.code }, incidentId: decision.alert.incidentId };
    case 'report':
      if (!plan) return { reply: { kind: 'help', audience: 'reporter', purpose: 'help' } };
      return reportBySms(deps, plan, sms, decision);
    case 'all-clear':
    case 'situation':
      return zeroReportBySms(deps, plan!, person!, decision.action === 'situation' ? decision.text : undefined);
  }
}

/** Records the reply as the person; tells them if someone else got there first. */
async function answerAction(deps: InboundDependencies, alert: PhoneAlert, person: Person, decision: { action: 'ack' | 'reported' | 'close'; resolution?: string }): Promise<Reply> {
  const resolution = decision.action === 'close' ? decision.resolution || '短信结案' : undefined;
  const view = await viewAs(deps, alert.incidentId, person.id);
  if (!view) return { kind: 'refused', reason: 'not-on-incident', named: alert.code, alerts: [] };
  const chain = chainOf(view.plan, view.record.incident.category, view.record.incident.severity);
  // "1" from someone told for information is their 已阅: recorded, and the chain goes on.
  if (decision.action === 'ack' && !view.authority.mayAcknowledge) {
    await actAs(deps, alert.incidentId, person.id, { action: 'received' });
    return { kind: 'received', code: alert.code };
  }
  if (decision.action === 'reported' && !view.authority.mayReport) {
    return { kind: 'not-allowed', code: alert.code, action: 'reported', by: rolesNamed(view.plan, reportingRoles(chain)) };
  }
  if (decision.action === 'close' && !view.authority.mayClose) {
    return { kind: 'not-allowed', code: alert.code, action: 'close', by: rolesNamed(view.plan, [...new Set([...acknowledgingRoles(chain), ...reportingRoles(chain)])]) };
  }
  const result = await actAs(deps, alert.incidentId, person.id, { action: decision.action, resolution });
  const earlier = firstBefore(result.before, decision.action, person.id);
  if (earlier) return { kind: `already-${earlier.kind}`, code: alert.code, by: earlier.by.name, at: earlier.by.at } as Reply;
  const superior = result.plan.organisation.superior;
  if (decision.action === 'ack') return { kind: 'acknowledged', code: alert.code, category: result.category.name, alert: alert.number, superior };
  if (decision.action === 'reported') return { kind: 'reported', code: alert.code, superior, alert: alert.number };
  return { kind: 'closed', code: alert.code };
}

function firstBefore(before: IncidentState, action: 'ack' | 'reported' | 'close', personId: string) {
  const by = action === 'ack' ? before.acknowledgedBy : action === 'reported' ? before.reportedToBureauBy : undefined;
  if (by && by.personId !== personId) return { kind: action === 'ack' ? 'acknowledged' : 'reported', by } as const;
  return undefined;
}

/** 平安 / 零报告 from the duty officer's phone, or 有情况: … which opens an incident too. */
async function zeroReportBySms(
  deps: InboundDependencies,
  plan: Plan,
  person: Person,
  situation: string | undefined,
): Promise<{ reply: Reply & { purpose?: SmsPurpose }; incidentId?: string }> {
  try {
    const outcome = await submitScheduledReport(deps, { planId: plan.id, personId: person.id, at: deps.clock.now().toISOString(), channel: 'sms', situation });
    if (outcome.incident) return { reply: { kind: 'situation-received', code: outcome.incident.code }, incidentId: outcome.incident.id };
    return { reply: { kind: 'all-clear', at: outcome.submitted.at } };
  } catch (error) {
    // Nothing due, or not this person's report: say so plainly rather than pretend it counted.
    if (error instanceof ValidationError) return { reply: { kind: 'not-understood', purpose: 'help' } };
    throw error;
  }
}

async function reportBySms(
  deps: InboundDependencies,
  plan: Plan,
  sms: InboundSms,
  report: Extract<InboundDecision, { action: 'report' }>,
): Promise<{ reply?: Reply & { purpose?: SmsPurpose }; incidentId?: string }> {
  const category = (report.category && categoryOf(plan, report.category)) || undefined;
  const place = report.place ?? '未说明地点';
  const idempotencyKey = `sms:${sms.messageId}`;
  const redelivery = (await deps.incidents.findIdempotencyKey(idempotencyKey)) !== undefined;
  if (!redelivery) {
    // Over the phone's limit: nothing is opened, and only the first refused text of the window is
    // answered, so a flood costs one text of ours rather than one per text (docs/sms.md).
    const admission = await admitReport(deps, { phone: sms.from });
    if (!admission.admitted) {
      const { count, perSeconds } = (deps.reportLimits ?? REPORT_RATE_LIMITS).phone;
      return admission.firstRefusal ? { reply: { kind: 'report-limited', count, minutes: perSeconds / 60, purpose: 'help' } } : {};
    }
  }
  // A redelivery of a text that opened an incident completes that one; it is not its own witness.
  const joined = !redelivery && (await openIncidentLike(deps, plan, category, place));
  if (joined) {
    await deps.incidents.append(joined.id, {
      type: 'witness',
      key: `witness:${sms.messageId}`,
      at: deps.clock.now().toISOString(),
      phone: sms.from,
      text: report.description,
    });
    return { reply: { kind: 'report-joined', code: joined.code, emergencyNumbers: emergencyNumbersFor(category) }, incidentId: joined.id };
  }
  // A text whose kind cannot be told still starts the plan's chain: the first category of its kind.
  const filedAs = category ?? plan.categories.find((candidate) => candidate.kind === 'safety') ?? plan.categories[0]!;
  const { record } = await submitIncident(deps, {
    plan,
    report: {
      planId: plan.id,
      category: filedAs.id,
      place,
      description: category ? report.description : `[短信，类别待核实] ${report.description}`,
      reporter: { phone: sms.from },
    },
    channel: 'sms',
    idempotencyKey,
  });
  return {
    reply: { kind: 'report-received', code: record.incident.code, category: category?.name, emergencyNumbers: emergencyNumbersFor(category) },
    incidentId: record.incident.id,
  };
}

async function openIncidentLike(deps: InboundDependencies, plan: Plan, category: Category | undefined, place: string) {
  if (!category) return undefined;
  const since = deps.clock.now().getTime() - SAME_INCIDENT_WINDOW_MS;
  const open = await deps.incidents.listOpen(plan.organisation.id);
  return open.map((record) => record.incident).find((incident) => incident.category === category.id && incident.place === place && Date.parse(incident.reportedAt) >= since);
}

/** The answer to text, unless the number said STOP (its confirmation excepted) or its limit is reached. */
async function answerFor(deps: InboundDependencies, to: string, reply: Reply & { purpose?: SmsPurpose }, plan: Plan | undefined): Promise<InboundAnswer | undefined> {
  const { purpose = 'reply', ...answer } = reply;
  if (answer.kind !== 'stopped' && (await deps.phones.isOptedOut(to))) return undefined;
  const now = deps.clock.now();
  const recent = await deps.phones.sentSince(to, new Date(now.getTime() - 24 * 3_600_000).toISOString());
  if (!rateLimit({ to, purpose }, recent, now).send) return undefined;
  const body = replyText(answer as Reply, { language: plan?.language ?? 'zh-CN', signature: deps.smsSignature, timeZone: plan?.timeZone ?? 'Asia/Shanghai' });
  return { body, purpose, at: now.toISOString() };
}

function findPerson(plans: readonly Plan[], phone: string): { plan: Plan; person: Person } | undefined {
  for (const plan of plans) {
    const person = plan.people.find((candidate) => candidate.phone === phone);
    if (person) return { plan, person };
  }
  return undefined;
}

/** A report that names its school (福成镇花铺小学, or 花铺小学 without the town). */
function planNamedIn(plans: readonly Plan[], text: string): Plan | undefined {
  return plans.find((plan) => {
    const name = plan.organisation.name;
    const withoutTown = name.replace(/^.+?[镇乡区县市]/, '');
    // A bare 街道 or 学院 names no school in particular.
    return [name, withoutTown].some((form) => form.length >= 4 && text.includes(form));
  });
}
