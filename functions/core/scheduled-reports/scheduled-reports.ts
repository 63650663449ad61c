import { isLocalDate, YEARS } from '../base';
import { createHash } from 'node:crypto';
import { personOf, plansVisibleTo, type Caller } from '../plan';
import { parseDuration } from '../base';
import { mayHoldRole, peopleAt, type DutyOverride, type DutyStore } from '../duty';
import { ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../base';
import { REPORT_LIMITS, submitIncident, type IntakeDependencies } from '../incident';
import { personById, type Person, type Plan, type ScheduledReport, type ScheduledReportKind } from '../plan';
import { dueTimes, localDate, zonedInstant } from '../plan';
import { SmsRejectedError, type PhoneStore, type SmsGateway } from '../sms';
import type { Clock, Ids } from '../base';
import type { PlanCatalog } from '../plan';
import { chaseText, reminderText, type ReportTextFacts } from '../sms';
import { extractPlace } from '../sms';
import { guessCategory } from '../sms';

/**
 * Scheduled reports (零报告, 报平安, 月检查, 季度检查, 矛盾纠纷日排查): the plan says what is due
 * when and from whom; a missing report is itself something to chase.
 *
 * The work is done in waves. A wave is every report due at one instant under one timetable (a
 * "slot": time zone, time of day, reminder lead and chase steps), so one EventBridge schedule per
 * slot starts statemachines/scheduled-report.asl.json, which opens the wave, then reminds, marks
 * late and chases the schools in batches at absolute instants. The execution's history grows with
 * the number of batches, never with the number of schools, and every step per school is
 * idempotent (each event has a key, written once), so a retried batch texts nobody twice.
 *
 * Each school's report for a day is a set of events in its bureau's partition for that day and
 * kind, so the bureau's roll-up is one Query (DynamoDbReportStore).
 */

export const REPORT_KINDS: readonly ScheduledReportKind[] = ['zero-report', 'all-clear', 'inspection', 'safety-check', 'dispute-screening'];
/** Schools per batch: one Lambda invocation handles this many, a few hundred DynamoDB calls. */
export const BATCH_SIZE = 250;
/** The schedule fires this long before the earliest reminder, so the wave is open when it is due. */
export const WAVE_LEAD = '5m';
export const DEFAULT_REMIND_BEFORE = '30m';
/** Schools handled at once within a batch. */
const CONCURRENCY = 25;

// --- Records -----------------------------------------------------------------------------------

/** One school's report due at one time: its events live under the bureau, kind and local date. */
export interface OccurrenceKey {
  bureau: string;
  kind: ScheduledReportKind;
  /** Local date (plan time zone) of the due time. */
  date: string;
  planId: string;
  reportId: string;
}

export type ReportChannel = 'sms' | 'web' | 'api';

/** What happened to one school's report, append-only; each key is written once. */
export type ReportEvent =
  | { type: 'opened'; key: 'opened'; at: string; dueAt: string; planVersion: string; orgId: string; school: string; name: string }
  /** `token`: the person's link, which a later chase of the same person reuses. */
  | { type: 'reminded'; key: string; at: string; personId: string; name: string; phone: string; messageId: string; token: string }
  | { type: 'chased'; key: string; at: string; step: number; personId: string; name: string; phone: string; messageId: string; token: string }
  | { type: 'text-failed'; key: string; at: string; purpose: string; personId: string; name: string; phone: string; reason: string }
  /** Nobody held the roles at the time (nobody on duty): nothing to text. */
  | { type: 'nobody'; key: string; at: string; purpose: string; roles: string[] }
  | { type: 'late'; key: 'late'; at: string; dueAt: string }
  | { type: 'submitted'; key: 'submitted'; at: string; personId: string; name: string; channel: ReportChannel; late: boolean; situation?: string; incident?: { id: string; code: string } }
  /** Something to say after the report was in: it opened an incident too. */
  | { type: 'situation'; key: string; at: string; personId: string; name: string; channel: ReportChannel; situation: string; incident: { id: string; code: string } };

export const reportEventKey = {
  reminded: (personId: string) => `reminded:${personId}`,
  chased: (step: number, personId: string) => `chased:${step}:${personId}`,
  textFailed: (purpose: string, personId: string) => `text-failed:${purpose}:${personId}`,
  nobody: (purpose: string) => `nobody:${purpose}`,
  situation: (incidentId: string) => `situation:${incidentId}`,
};

export interface WaveEntry {
  planId: string;
  planVersion: string;
  reportId: string;
}

export interface Wave {
  id: string;
  slot: string;
  remindAt: string;
  dueAt: string;
  schools: number;
  batches: number;
  chaseTimes: string[];
}

export interface ReportGrant extends OccurrenceKey {
  dueAt: string;
  planVersion: string;
  personId: string;
}

/** Where scheduled reports are kept; the DynamoDB adapter and an in-memory twin implement it. */
export interface ScheduledReportStore {
  /** Appends unless an event with the same key exists; true when this call appended it. */
  append(occurrence: OccurrenceKey, event: ReportEvent): Promise<boolean>;
  events(occurrence: OccurrenceKey): Promise<ReportEvent[]>;
  /** The events of the schools of a day whose plan ids sort from `fromPlanId` to `toPlanId`: a batch's, in one Query. */
  eventsOfPlans(day: Pick<OccurrenceKey, 'bureau' | 'kind' | 'date'>, fromPlanId: string, toPlanId: string): Promise<{ planId: string; reportId: string; event: ReportEvent }[]>;
  /** Every event of every school of a bureau for one kind and local date: one Query. */
  eventsOfDay(bureau: string, kind: ScheduledReportKind, date: string): Promise<{ planId: string; reportId: string; event: ReportEvent }[]>;
  wave(waveId: string): Promise<Wave | undefined>;
  /** Stores the wave unless it exists (first writer wins). */
  saveWave(wave: Wave): Promise<void>;
  saveBatch(waveId: string, batch: number, entries: WaveEntry[]): Promise<void>;
  batch(waveId: string, batch: number): Promise<WaveEntry[]>;
  /** Binds a new report link token to an occurrence and a person; a token is never reused. */
  grant(token: string, grant: ReportGrant): Promise<void>;
  findGrant(token: string): Promise<ReportGrant | undefined>;
}

export interface ReportLinks {
  reportLink(token: string): string;
}

export interface ScheduledReportDependencies {
  plans: PlanCatalog;
  reports: ScheduledReportStore;
  duty: DutyStore;
  sms: SmsGateway;
  clock: Clock;
  ids: Ids;
  links: ReportLinks;
  /** STOP is honoured for reminders and chases as for every other text. */
  phones: Pick<PhoneStore, 'isOptedOut'>;
  smsSignature?: string;
}

/** Submitting may open an incident, so it needs intake's ports too. */
export type SubmissionDependencies = Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'duty' | 'clock' | 'ids'> & IntakeDependencies;

// --- Slots: which reports share a timetable ----------------------------------------------------

export interface ReportSlot {
  timeZone: string;
  /** Local time due, `HH:mm`. */
  at: string;
  remindBefore: string;
  /** The ifLate steps' `after`, in order. */
  chase: string[];
}

export function slotOf(plan: Plan, report: ScheduledReport): ReportSlot {
  return {
    timeZone: plan.timeZone,
    at: report.schedule.at,
    remindBefore: report.remindBefore ?? DEFAULT_REMIND_BEFORE,
    chase: report.ifLate.map((step) => step.after),
  };
}

/** `Asia/Shanghai 17:00 remind 30m chase 0m,1h`: reports with the same key are one wave. */
export function slotKey(slot: ReportSlot): string {
  return `${slot.timeZone} ${slot.at} remind ${slot.remindBefore} chase ${slot.chase.join(',')}`;
}

/**
 * The timetables the plans' scheduled reports need, each once, with the local time of day its
 * schedule fires (`WAVE_LEAD` before the reminder). These are what EventBridge Scheduler (and the
 * local scheduler) run daily: a handful for a bureau of 5,000 schools, not one per school.
 */
export function reportSlots(plans: readonly Plan[]): { key: string; slot: ReportSlot; firesAt: string }[] {
  const slots = new Map<string, ReportSlot>();
  for (const plan of plans) for (const report of plan.scheduledReports ?? []) slots.set(slotKey(slotOf(plan, report)), slotOf(plan, report));
  return [...slots.entries()]
    .map(([key, slot]) => ({ key, slot, firesAt: timeOfDayBefore(slot.at, parseDuration(slot.remindBefore) + parseDuration(WAVE_LEAD)) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function timeOfDayBefore(time: string, ms: number): string {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const minutes = (((hour * 60 + minute - Math.round(ms / 60_000)) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The due instant a slot's firing is for: the one with the slot's local time nearest to where the lead puts it. */
export function dueAtFor(slot: ReportSlot, firedAt: Date): Date {
  const aimed = firedAt.getTime() + parseDuration(slot.remindBefore) + parseDuration(WAVE_LEAD);
  const [hour, minute] = slot.at.split(':').map(Number) as [number, number];
  const candidates = [-1, 0, 1].map((shift) => zonedInstant(localDate(new Date(aimed), slot.timeZone, shift), hour, minute, slot.timeZone));
  return candidates.sort((a, b) => Math.abs(a.getTime() - aimed) - Math.abs(b.getTime() - aimed))[0]!;
}

// --- The wave: the workflow's steps ------------------------------------------------------------

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

function isDueAt(plan: Plan, report: ScheduledReport, dueAt: Date): boolean {
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
  nobody: number;
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
  const result: BatchResult = { waveId: step.waveId, batch: step.batch, phase: step.phase, schools: entries.length, submitted: 0, texted: 0, late: 0, nobody: 0 };
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
    result.nobody += outcome.nobody ? 1 : 0;
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
  const outcome = { submitted: false, texted: 0, late: false, nobody: false };
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
      return { ...outcome, texted: sent.texted, nobody: sent.nobody };
    }
    case 'due':
      await deps.reports.append(occurrence, { type: 'late', key: 'late', at: now.toISOString(), dueAt: wave.dueAt });
      return { ...outcome, late: true };
    case 'chase': {
      const index = (step.step ?? 1) - 1;
      const chase = report.ifLate[index];
      if (!chase) return outcome;
      const sent = await textRoles(context, chase.notify, `chase:${index + 1}`, (person) => reportEventKey.chased(index + 1, person.id));
      return { ...outcome, late: true, texted: sent.texted, nobody: sent.nobody };
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
    await deps.reports.append(occurrence, { type: 'nobody', key: reportEventKey.nobody(purpose), at: now.toISOString(), purpose, roles });
    return { texted: 0, nobody: true };
  }
  const done = new Set(events.map((event) => event.key));
  const pending = people.filter((person) => !done.has(keyOf(person)) && !done.has(reportEventKey.textFailed(purpose, person.id)));
  // A chase says who should have sent it, unless that is the person chased.
  const senders = purpose === 'remind' ? [] : peopleAt(plan, overrides, report.from, now);
  const onDutyFor = (person: Person) => senders.filter((sender) => sender.id !== person.id).map((sender) => sender.name).join('、');
  const sends = await Promise.allSettled(pending.map((person) => textPerson(context, person, purpose, keyOf(person), onDutyFor(person))));
  const failure = sends.find((send) => send.status === 'rejected');
  if (failure) throw failure.reason;
  return { texted: sends.filter((send) => send.status === 'fulfilled' && send.value).length, nobody: false };
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
    await deps.reports.append(occurrence, { type: 'text-failed', key: reportEventKey.textFailed(purpose, person.id), at, purpose, ...who, reason: 'the number has opted out (STOP)' });
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
    await deps.reports.append(occurrence, { type: 'text-failed', key: reportEventKey.textFailed(purpose, person.id), at: deps.clock.now().toISOString(), purpose, ...who, reason: error.message });
    return false;
  }
}

// --- Submission: by SMS, by link, by API -------------------------------------------------------

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
  const candidates = (plan.scheduledReports ?? []).filter(
    (report) => submission.type === undefined || report.kind === submission.type || report.id === submission.type,
  );
  if (candidates.length === 0) {
    throw new ValidationError('No such scheduled report.', { type: `plan ${plan.id} has no scheduled report "${submission.type}"; it has ${(plan.scheduledReports ?? []).map((r) => r.id).join(', ') || 'none'}` });
  }
  const mine = candidates.filter((report) => maySubmit(plan, overrides, person.id, report));
  if (mine.length === 0) {
    throw new ValidationError('This person does not send that report.', { personId: `${person.name} (${person.id}) neither sends nor is chased for ${candidates.map((r) => r.name).join('、')}` });
  }
  const choices = await Promise.all(mine.map((report) => occurrenceToSubmit(deps, plan, report, at)));
  const found = choices.filter((choice): choice is NonNullable<typeof choice> => choice !== undefined).sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt))[0];
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
    ...who,
    channel: submission.channel,
    late: submission.at > dueAt,
    ...(situation && { situation }),
    ...(incident && { incident }),
  });
  if (!accepted && incident && situation) {
    await deps.reports.append(occurrence, { type: 'situation', key: reportEventKey.situation(incident.id), at: submission.at, ...who, channel: submission.channel, situation, incident });
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
    guessCategory(situation, plan.categories.map((candidate) => candidate.id)) ??
    (plan.categories.find((candidate) => candidate.kind === kindOfReport) ?? plan.categories[0])!.id;
  const key = createHash('sha256').update(JSON.stringify([occurrence, person.id, situation])).digest('hex');
  const { record } = await submitIncident(deps, {
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

/** Reads `{ "situation"?: "..." }` from a link or API body. */
export function validateSituation(body: unknown, allowed: readonly string[] = ['situation']): { situation?: string } {
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const fields: FieldErrors = {};
  for (const name of Object.keys(input)) if (!allowed.includes(name)) fields[name] = `unknown field; expected ${allowed.join(', ')}`;
  if (input.situation !== undefined && typeof input.situation !== 'string') fields.situation = 'expected a text: what is going on';
  else if (typeof input.situation === 'string' && [...input.situation].length > REPORT_LIMITS.description) fields.situation = `too long: at most ${REPORT_LIMITS.description} characters`;
  if (Object.keys(fields).length > 0) throw new ValidationError(`The report has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
  return typeof input.situation === 'string' && input.situation.trim() !== '' ? { situation: input.situation } : {};
}

// --- Roll-up: a bureau's schools for a day -----------------------------------------------------

export type RollUpStatus = 'submitted' | 'late' | 'missing' | 'pending';

export interface SchoolReport {
  bureau: string;
  planId: string;
  orgId: string;
  school: string;
  reportId: string;
  report: string;
  dueAt: string;
  /** submitted: in (maybe late); late: past due and not in; missing: past due with no record of it at all; pending: not due yet. */
  status: RollUpStatus;
  /** Past due without it, or it came in after the due time (缓报). */
  late: boolean;
  /** When it came in, by whom, how; absent until it does. */
  submittedAt?: string;
  by?: { personId: string; name: string };
  channel?: ReportChannel;
  situation?: string;
  incident?: { id: string; code: string };
  reminded: string[];
  chased: string[];
}

export interface RollUp {
  date: string;
  type: ScheduledReportKind;
  at: string;
  counts: Record<RollUpStatus, number>;
  schools: SchoolReport[];
}

export function validateRollUpQuery(query: Record<string, string | undefined> | null): { date: string; type: ScheduledReportKind; bureau?: string } {
  const fields: FieldErrors = {};
  const { date, type, bureau } = query ?? {};
  if (!isLocalDate(date)) fields.date = `required: the local date, YYYY-MM-DD, between the years ${YEARS.first} and ${YEARS.last}`;
  if (!REPORT_KINDS.includes(type as ScheduledReportKind)) fields.type = `required: one of ${REPORT_KINDS.join(', ')}`;
  if (Object.keys(fields).length > 0) throw new ValidationError(`The query has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
  return { date: date!, type: type as ScheduledReportKind, ...(bureau && { bureau }) };
}

/**
 * Every school of a bureau (or of every bureau the plans report to) for one kind of report on one
 * local date: who sent it when, who is late, whose report the system never opened. One Query per
 * bureau for what happened, and the plan catalog for which schools owe one that day.
 */
export async function rollUp(
  deps: Pick<ScheduledReportDependencies, 'plans' | 'reports' | 'clock'>,
  query: { date: string; type: ScheduledReportKind; bureau?: string },
  /** Only the schools this signed-in caller may see (a bureau's desk: its schools; a school: itself). */
  caller?: Caller,
): Promise<RollUp> {
  const now = deps.clock.now();
  const all = await deps.plans.list();
  const plans = caller ? plansVisibleTo(caller, all) : all;
  const visible = new Set(plans.map((plan) => plan.id));
  const bureaus = query.bureau ? [query.bureau] : [...new Set(plans.map(bureauOf))].sort();
  const schools = new Map<string, SchoolReport>();
  for (const plan of plans) {
    if (!bureaus.includes(bureauOf(plan))) continue;
    for (const report of plan.scheduledReports ?? []) {
      if (report.kind !== query.type) continue;
      const [hour, minute] = report.schedule.at.split(':').map(Number) as [number, number];
      const due = zonedInstant(query.date, hour, minute, plan.timeZone);
      if (!isDueAt(plan, report, due)) continue;
      schools.set(`${plan.id}#${report.id}`, {
        bureau: bureauOf(plan),
        planId: plan.id,
        orgId: plan.organisation.id,
        school: plan.organisation.name,
        reportId: report.id,
        report: report.name,
        dueAt: due.toISOString(),
        status: 'pending',
        late: false,
        reminded: [],
        chased: [],
      });
    }
  }
  const opened = new Set<string>();
  for (const bureau of bureaus) {
    for (const { planId, reportId, event } of await deps.reports.eventsOfDay(bureau, query.type, query.date)) {
      const key = `${planId}#${reportId}`;
      if (caller && !visible.has(planId)) continue;
      let school = schools.get(key);
      if (!school && event.type === 'opened') {
        // A school whose plan changed since: what happened still counts.
        school = { bureau, planId, orgId: event.orgId, school: event.school, reportId, report: event.name, dueAt: event.dueAt, status: 'pending', late: false, reminded: [], chased: [] };
        schools.set(key, school);
      }
      if (!school) continue;
      if (event.type === 'opened') opened.add(key);
      if (event.type === 'reminded') school.reminded.push(event.name);
      if (event.type === 'chased') school.chased.push(event.name);
      if (event.type === 'submitted') {
        Object.assign(school, {
          submittedAt: event.at,
          by: { personId: event.personId, name: event.name },
          channel: event.channel,
          ...(event.situation && { situation: event.situation }),
          ...(event.incident && { incident: event.incident }),
        });
      }
    }
  }
  const counts: Record<RollUpStatus, number> = { submitted: 0, late: 0, missing: 0, pending: 0 };
  for (const [key, school] of schools) {
    const overdue = now.toISOString() >= school.dueAt;
    school.status = school.submittedAt ? 'submitted' : !overdue ? 'pending' : opened.has(key) ? 'late' : 'missing';
    school.late = school.submittedAt ? school.submittedAt > school.dueAt : overdue;
    counts[school.status] += 1;
  }
  const ordered = [...schools.values()].sort((a, b) => a.bureau.localeCompare(b.bureau) || a.school.localeCompare(b.school) || a.planId.localeCompare(b.planId));
  return { date: query.date, type: query.type, at: now.toISOString(), counts, schools: ordered };
}

/**
 * A scheduled report sent through the API by the signed-in caller, as the person of the plan with
 * their phone: `{ "planId", "type"?, "situation"? }`.
 */
export async function submitAs(deps: SubmissionDependencies, caller: Caller, body: unknown): Promise<SubmissionOutcome> {
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const { situation } = validateSituation(input, ['planId', 'type', 'situation']);
  const fields: FieldErrors = {};
  if (typeof input.planId !== 'string' || input.planId === '') fields.planId = 'required: the school plan the report is for';
  if (input.type !== undefined && typeof input.type !== 'string') fields.type = 'expected a report kind or id, e.g. zero-report';
  if (Object.keys(fields).length > 0) throw new ValidationError(`The report has ${Object.keys(fields).length} problem(s): ${Object.keys(fields).join(', ')}.`, fields);
  const plan = await deps.plans.get(input.planId as string);
  if (!plan) throw new ValidationError('Unknown plan.', { planId: `unknown plan "${String(input.planId)}"` });
  const person = personOf(plan, caller);
  if (!person) throw new ForbiddenError(`Only someone of ${plan.organisation.name} may send its reports.`);
  return submitScheduledReport(deps, {
    planId: plan.id,
    personId: person.id,
    ...(typeof input.type === 'string' && { type: input.type }),
    at: deps.clock.now().toISOString(),
    ...(situation && { situation }),
    channel: 'api',
  });
}

// --- Helpers -----------------------------------------------------------------------------------

/** The bureau whose roll-up a plan's reports appear in: its main superior. */
export function bureauOf(plan: Plan): string {
  return plan.organisation.superiors?.[0]?.id ?? plan.organisation.superior;
}

export function occurrenceOf(plan: Plan, report: ScheduledReport, dueAt: string): OccurrenceKey {
  return { bureau: bureauOf(plan), kind: report.kind, date: localDate(new Date(dueAt), plan.timeZone), planId: plan.id, reportId: report.id };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(workers);
}
