import { createHash } from 'node:crypto';
import { NotFoundError, parseDuration } from '../base';
import { type DutyOverride, peopleAt } from '../duty';
import { dueTimes, type Person, type Plan, type ScheduledReport } from '../plan';
import { chaseText, reminderText, type ReportTextFacts, SmsRejectedError } from '../sms';
import { type OccurrenceKey, occurrenceOf, type ReportEvent, reportEventKey, type Wave } from './model';
import type { ScheduledReportDependencies, ScheduledReportStore } from './ports';
import { DEFAULT_REMIND_BEFORE, dueAtFor, type ReportSlot, slotKey, slotOf } from './slots';

/** Schools per batch: one Lambda invocation handles this many, a few hundred DynamoDB calls. */
export const BATCH_SIZE = 250;
/** Schools handled at once within a batch. */
const CONCURRENCY = 25;

export interface WaveInput {
  slot: ReportSlot;
  /** When the schedule fired (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`). */
  firedAt: string;
}

/** What the workflow carries from state to state: instants to wait for and batch numbers, never the schools. */
export interface WaveState {
  waveId: string;
  remindAt: string;
  dueAt: string;
  schools: number;
  batches: number[];
  chaseTimes: string[];
  chaseCount: number;
  chasesDone: number;
}

/**
 * "Open the reports due in this slot": finds every plan whose report of this timetable is due at
 * the slot's next due time (periods, weekdays and month ends included) and stores them in batches.
 * A second run for the same slot and instant finds the wave stored and changes nothing.
 */
export async function openWave(deps: Pick<ScheduledReportDependencies, 'plans' | 'reports'>, input: WaveInput): Promise<WaveState> {
  const key = slotKey(input.slot);
  const dueAt = dueAtFor(input.slot, new Date(input.firedAt));
  const waveId = `${dueAt.toISOString()}#${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  let wave = await deps.reports.wave(waveId);
  if (!wave) {
    const entries = (await deps.plans.list())
      .flatMap((plan) =>
        (plan.scheduledReports ?? [])
          .filter((report) => slotKey(slotOf(plan, report)) === key && isDueAt(plan, report, dueAt))
          .map((report) => ({ planId: plan.id, planVersion: plan.version, reportId: report.id })),
      )
      .sort((a, b) => a.planId.localeCompare(b.planId) || a.reportId.localeCompare(b.reportId));
    const batches = chunk(entries, BATCH_SIZE);
    // Batches first: a wave record always has its batches, whatever stopped a run half-way.
    await Promise.all(batches.map((batch, index) => deps.reports.saveBatch(waveId, index, batch)));
    const due = dueAt.getTime();
    await deps.reports.saveWave({
      id: waveId,
      slot: key,
      dueAt: dueAt.toISOString(),
      remindAt: new Date(due - parseDuration(input.slot.remindBefore)).toISOString(),
      schools: entries.length,
      batches: batches.length,
      chaseTimes: input.slot.chase.map((after) => new Date(due + parseDuration(after)).toISOString()),
    });
    wave = (await deps.reports.wave(waveId))!;
  }
  return {
    waveId,
    remindAt: wave.remindAt,
    dueAt: wave.dueAt,
    schools: wave.schools,
    batches: Array.from({ length: wave.batches }, (_, index) => index),
    chaseTimes: wave.chaseTimes,
    chaseCount: wave.chaseTimes.length,
    chasesDone: 0,
  };
}

export function isDueAt(plan: Plan, report: ScheduledReport, dueAt: Date): boolean {
  return dueTimes(plan, report, dueAt, new Date(dueAt.getTime() + 1)).length > 0;
}

export type WavePhase = 'remind' | 'due' | 'chase';

export interface BatchStep {
  waveId: string;
  batch: number;
  phase: WavePhase;
  /** For `chase`: the ifLate step, 1-based. */
  step?: number;
}

export interface BatchResult {
  waveId: string;
  batch: number;
  phase: WavePhase;
  schools: number;
  submitted: number;
  texted: number;
  late: number;
  skipped: number;
}

/**
 * One batch of a wave at one instant. `remind`: text those who submit it (the duty officer on
 * shift now) unless it is in. `due`: mark it late unless it is in. `chase`: text the ifLate step's
 * people unless it is in. Safe to repeat: each text and mark is an event written once.
 */
export async function actOnBatch(deps: ScheduledReportDependencies, step: BatchStep): Promise<BatchResult> {
  const wave = await deps.reports.wave(step.waveId);
  if (!wave) throw new NotFoundError(`wave ${step.waveId} does not exist`);
  const entries = await deps.reports.batch(step.waveId, step.batch);
  const result: BatchResult = { waveId: step.waveId, batch: step.batch, phase: step.phase, schools: entries.length, submitted: 0, texted: 0, late: 0, skipped: 0 };
  const schools = await Promise.all(entries.map(async (entry) => {
    const plan = await deps.plans.get(entry.planId, entry.planVersion);
    const report = plan?.scheduledReports?.find((candidate) => candidate.id === entry.reportId);
    if (!plan || !report) throw new NotFoundError(`plan ${entry.planId}@${entry.planVersion} has no scheduled report ${entry.reportId}`);
    return { plan, report, occurrence: occurrenceOf(plan, report, wave.dueAt) };
  }));
  const events = await eventsOfBatch(deps.reports, schools.map(({ occurrence }) => occurrence));
  await forEachLimited(schools, CONCURRENCY, async (school) => {
    const outcome = await actOnSchool(deps, wave, { ...school, events: events.get(schoolKey(school.occurrence)) ?? [] }, step);
    result.submitted += outcome.submitted ? 1 : 0;
    result.texted += outcome.texted;
    result.late += outcome.late ? 1 : 0;
    result.skipped += outcome.skipped ? 1 : 0;
  });
  return result;
}

/** The batch's schools' events, one range Query per day partition (a batch is a run of plan ids). */
async function eventsOfBatch(store: ScheduledReportStore, occurrences: OccurrenceKey[]): Promise<Map<string, ReportEvent[]>> {
  const days = new Map<string, OccurrenceKey[]>();
  for (const occurrence of occurrences) {
    const day = `${occurrence.bureau}#${occurrence.kind}#${occurrence.date}`;
    days.set(day, [...(days.get(day) ?? []), occurrence]);
  }
  const events = new Map<string, ReportEvent[]>();
  for (const group of days.values()) {
    const planIds = group.map((occurrence) => occurrence.planId).sort();
    for (const { planId, reportId, event } of await store.eventsOfPlans(group[0]!, planIds[0]!, planIds.at(-1)!)) {
      const key = schoolKey({ planId, reportId });
      events.set(key, [...(events.get(key) ?? []), event]);
    }
  }
  return events;
}

const schoolKey = (occurrence: Pick<OccurrenceKey, 'planId' | 'reportId'>) => `${occurrence.planId}#${occurrence.reportId}`;

interface SchoolInWave {
  plan: Plan;
  report: ScheduledReport;
  occurrence: OccurrenceKey;
  events: ReportEvent[];
}

async function actOnSchool(deps: ScheduledReportDependencies, wave: Wave, { plan, report, occurrence, events }: SchoolInWave, step: BatchStep) {
  const outcome = { submitted: false, texted: 0, late: false, skipped: false };
  const now = deps.clock.now();
  if (!events.some((event) => event.type === 'opened')) {
    await deps.reports.append(occurrence, {
      type: 'opened',
      key: 'opened',
      at: now.toISOString(),
      dueAt: wave.dueAt,
      planVersion: plan.version,
      orgId: plan.organisation.id,
      school: plan.organisation.name,
      name: report.name,
    });
  }
  if (events.some((event) => event.type === 'submitted')) return { ...outcome, submitted: true };

  const overrides = plan.duty ? await deps.duty.overrides(plan.id) : [];
  const context: TextContext = { deps, plan, report, occurrence, dueAt: wave.dueAt, events, overrides, now };
  switch (step.phase) {
    case 'remind': {
      if (parseDuration(report.remindBefore ?? DEFAULT_REMIND_BEFORE) === 0) return outcome;
      const sent = await textRoles(context, report.from, 'remind', (person) => reportEventKey.reminded(person.id));
      return { ...outcome, texted: sent.texted, skipped: sent.skipped };
    }
    case 'due':
      await deps.reports.append(occurrence, { type: 'late', key: 'late', at: now.toISOString(), dueAt: wave.dueAt });
      return { ...outcome, late: true };
    case 'chase': {
      const index = (step.step ?? 1) - 1;
      const chase = report.ifLate[index];
      if (!chase) return outcome;
      const sent = await textRoles(context, chase.notify, `chase:${index + 1}`, (person) => reportEventKey.chased(index + 1, person.id));
      return { ...outcome, late: true, texted: sent.texted, skipped: sent.skipped };
    }
  }
}

interface TextContext {
  deps: ScheduledReportDependencies;
  plan: Plan;
  report: ScheduledReport;
  occurrence: OccurrenceKey;
  dueAt: string;
  events: ReportEvent[];
  overrides: DutyOverride[];
  now: Date;
}

/** Texts everyone holding the roles now (the duty officer on shift) who has not had this text yet. */
async function textRoles(context: TextContext, roles: string[], purpose: string, keyOf: (person: Person) => string) {
  const { deps, plan, report, occurrence, events, overrides, now } = context;
  const people = peopleAt(plan, overrides, roles, now);
  if (people.length === 0) {
    await deps.reports.append(occurrence, { type: 'skipped', key: reportEventKey.skipped(purpose), at: now.toISOString(), purpose, roles });
    return { texted: 0, skipped: true };
  }
  const done = new Set(events.map((event) => event.key));
  const pending = people.filter((person) => !done.has(keyOf(person)) && !done.has(reportEventKey.notifyFailed(purpose, person.id)));
  // A chase says who should have sent it, unless that is the person chased.
  const senders = purpose === 'remind' ? [] : peopleAt(plan, overrides, report.from, now);
  const onDutyFor = (person: Person) => senders.filter((sender) => sender.id !== person.id).map((sender) => sender.name).join('、');
  const sends = await Promise.allSettled(pending.map((person) => textPerson(context, person, purpose, keyOf(person), onDutyFor(person))));
  const failure = sends.find((send) => send.status === 'rejected');
  if (failure) throw failure.reason;
  return { texted: sends.filter((send) => send.status === 'fulfilled' && send.value).length, skipped: false };
}

async function textPerson(context: TextContext, person: Person, purpose: string, key: string, onDuty: string): Promise<boolean> {
  const { deps, plan, report, occurrence, dueAt, events } = context;
  // One link per person and day: a chase reuses the reminder's.
  const earlier = events.find((event) => (event.type === 'reminded' || event.type === 'chased') && event.personId === person.id) as { token?: string } | undefined;
  let token = earlier?.token;
  if (!token) {
    token = deps.ids.actionToken();
    await deps.reports.grant(token, { ...occurrence, dueAt, planVersion: plan.version, personId: person.id });
  }
  const facts: ReportTextFacts = { plan, report, dueAt, link: deps.links.reportLink(token), signature: deps.smsSignature, onDuty };
  const body = purpose === 'remind' ? reminderText(facts) : chaseText(facts);
  const who = { personId: person.id, name: person.name, phone: person.phone };
  if (await deps.phones.isOptedOut(person.phone)) {
    const at = deps.clock.now().toISOString();
    await deps.reports.append(occurrence, { type: 'notify-failed', key: reportEventKey.notifyFailed(purpose, person.id), at, purpose, ...who, reason: 'the number has opted out (STOP)' });
    return false;
  }
  try {
    const { messageId } = await deps.sms.send({ to: person.phone, body });
    const at = deps.clock.now().toISOString();
    if (purpose === 'remind') await deps.reports.append(occurrence, { type: 'reminded', key, at, ...who, messageId, token });
    else await deps.reports.append(occurrence, { type: 'chased', key, at, step: Number(purpose.split(':')[1]), ...who, messageId, token });
    return true;
  } catch (error) {
    // A number that cannot be texted is recorded and passed over, as on the escalation chain.
    if (!(error instanceof SmsRejectedError)) throw error;
    await deps.reports.append(occurrence, { type: 'notify-failed', key: reportEventKey.notifyFailed(purpose, person.id), at: deps.clock.now().toISOString(), purpose, ...who, reason: error.message });
    return false;
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(workers);
}
