import { createHash } from 'node:crypto';
import { NotFoundError, parseDuration, TextsPendingError, UNLIMITED_BUDGET, type StepBudget } from '../base';
import { dueTimes, type Plan, type ScheduledReport } from '../plan';
import { SmsUnavailableError } from '../sms';
import { type OccurrenceKey, occurrenceOf, type ReportEvent, reportEventKey } from './model';
import type { ScheduledReportDependencies, ScheduledReportStore } from './ports';
import { dueAtFor, type ReportSlot, slotKey, slotOf } from './slots';
import { purposeOf, rolesOf, sendWaveTexts, textsOf, type WaveText } from './texting';

/** Schools per batch: one Lambda invocation handles this many, a few hundred DynamoDB calls. */
export const BATCH_SIZE = 250;

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
export async function openWave(deps: Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'ids'>, input: WaveInput): Promise<WaveState> {
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
      linkKey: deps.ids.actionToken() + deps.ids.actionToken(),
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
export async function actOnBatch(deps: ScheduledReportDependencies, step: BatchStep, budget: StepBudget = UNLIMITED_BUDGET): Promise<BatchResult> {
  const wave = await deps.reports.wave(step.waveId);
  if (!wave) throw new NotFoundError(`wave ${step.waveId} does not exist`);
  const entries = await deps.reports.batch(step.waveId, step.batch);
  const result: BatchResult = { waveId: step.waveId, batch: step.batch, phase: step.phase, schools: entries.length, submitted: 0, texted: 0, late: 0, skipped: 0 };
  const plans = await deps.plans.versions(entries.map(({ planId, planVersion }) => ({ planId, version: planVersion })));
  const schools = entries.map((entry) => {
    const plan = plans.get(`${entry.planId}@${entry.planVersion}`);
    const report = plan?.scheduledReports?.find((candidate) => candidate.id === entry.reportId);
    if (!plan || !report) throw new NotFoundError(`plan ${entry.planId}@${entry.planVersion} has no scheduled report ${entry.reportId}`);
    return { plan, report, occurrence: occurrenceOf(plan, report, wave.dueAt) };
  });
  // The batch's reads, whatever its size: one Query for what happened, batched reads for the rosters' overrides.
  const events = await eventsOfBatch(
    deps.reports,
    schools.map(({ occurrence }) => occurrence),
  );
  const overrides = await deps.duty.overridesOf(schools.filter(({ plan }) => plan.duty).map(({ plan }) => plan.id));
  const eventsOf = (occurrence: OccurrenceKey) => events.get(schoolKey(occurrence)) ?? [];
  // The wave fixes what `opened` says, so writing it in batches (no condition) records each school once.
  await deps.reports.openAll(
    schools
      .filter(({ occurrence }) => !eventsOf(occurrence).some((event) => event.type === 'opened'))
      .map(({ plan, report, occurrence }) => ({
        occurrence,
        event: {
          type: 'opened',
          key: 'opened',
          at: wave.remindAt,
          dueAt: wave.dueAt,
          planVersion: plan.version,
          orgId: plan.organisation.id,
          school: plan.organisation.name,
          name: report.name,
        },
      })),
  );
  const now = deps.clock.now();
  const texts: WaveText[] = [];
  for (const { plan, report, occurrence } of schools) {
    const school = eventsOf(occurrence);
    if (school.some((event) => event.type === 'submitted')) {
      result.submitted += 1;
      continue;
    }
    const planned = textsOf(step, { plan, report, occurrence, events: school, overrides: overrides.get(plan.id) ?? [], now });
    if (step.phase === 'due') {
      if (!school.some((event) => event.type === 'late')) await deps.reports.append(occurrence, { type: 'late', key: 'late', at: now.toISOString(), dueAt: wave.dueAt });
      result.late += 1;
      continue;
    }
    if (step.phase === 'chase') result.late += 1;
    if (planned === 'nobody') {
      const purpose = purposeOf(step);
      await deps.reports.append(occurrence, { type: 'skipped', key: reportEventKey.skipped(purpose), at: now.toISOString(), purpose, roles: rolesOf(step, report) });
      result.skipped += 1;
      continue;
    }
    texts.push(...planned.map((text) => ({ ...text, dueAt: wave.dueAt })));
  }
  const sent = await sendWaveTexts(deps, wave, texts, budget);
  result.texted = sent.texted;
  if (sent.pending > 0) throw new TextsPendingError(`${sent.pending} text(s) of batch ${step.batch} of wave ${step.waveId} are still pending`);
  if (sent.failed > 0) throw new SmsUnavailableError(`${sent.failed} text(s) of batch ${step.batch} of wave ${step.waveId} could not be sent; the provider is failing`);
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

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}
