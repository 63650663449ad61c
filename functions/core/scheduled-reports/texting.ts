import {
  claimToken,
  decideClaim,
  parseDuration,
  type DeliveryClaim,
  type DeliveryUnit,
  forEachLimited,
  RECORD_RESERVE_MS,
  recordWithRetry,
  type StepBudget,
  systemClock,
  unitKey,
} from '../base';
import { type DutyOverride, peopleAt } from '../duty';
import type { Person, Plan, ScheduledReport } from '../plan';
import { chaseText, reminderText, type ReportTextFacts, SmsRejectedError, SmsUnavailableError } from '../sms';
import { type OccurrenceKey, type ReportEvent, reportEventKey, type Wave } from './model';
import type { ScheduledReportDependencies } from './ports';
import { DEFAULT_REMIND_BEFORE } from './slots';

/**
 * The reminders and chases of a batch of schools, each text at most once and none lost, as on the
 * escalation chain (functions/core/base/claims.ts, docs/delivery.md): one batched read of the
 * batch's claims and one of its opt-outs, then per text one conditional claim (with its link) and,
 * once the provider has taken it, one event.
 */

/** The phase of a wave a batch step is in (BatchStep, wave.ts). */
interface BatchStep {
  phase: 'remind' | 'due' | 'chase';
  step?: number;
}

/** Texts of a batch published at once. */
export const WAVE_TEXTS_AT_ONCE = 16;

export interface WaveText {
  plan: Plan;
  report: ScheduledReport;
  occurrence: OccurrenceKey;
  person: Person;
  /** `remind` or `chase:<n>`. */
  purpose: string;
  /** The event that records it. */
  key: string;
  /** Already sent, or the number refused before. */
  done: boolean;
  /** Who should have sent the report (a chase names them). */
  onDuty: string;
  dueAt: string;
}

interface School {
  plan: Plan;
  report: ScheduledReport;
  occurrence: OccurrenceKey;
  events: ReportEvent[];
  overrides: DutyOverride[];
  now: Date;
}

export const purposeOf = (step: BatchStep) => (step.phase === 'chase' ? `chase:${step.step ?? 1}` : 'remind');

export const rolesOf = (step: BatchStep, report: ScheduledReport) => (step.phase === 'chase' ? (report.ifLate[(step.step ?? 1) - 1]?.notify ?? []) : report.from);

/** Who a phase texts at one school (the duty officer on shift now), or `nobody` when nobody holds the roles. */
export function textsOf(step: BatchStep, { plan, report, occurrence, events, overrides, now }: School): Omit<WaveText, 'dueAt'>[] | 'nobody' {
  if (step.phase === 'due') return [];
  if (step.phase === 'remind' && parseDuration(report.remindBefore ?? DEFAULT_REMIND_BEFORE) === 0) return [];
  if (step.phase === 'chase' && !report.ifLate[(step.step ?? 1) - 1]) return [];
  const people = peopleAt(plan, overrides, rolesOf(step, report), now);
  if (people.length === 0) return 'nobody';
  const purpose = purposeOf(step);
  const done = new Set(events.map((event) => event.key));
  // A chase says who should have sent it, unless that is the person chased.
  const senders = step.phase === 'remind' ? [] : peopleAt(plan, overrides, report.from, now);
  return people.map((person) => {
    const key = step.phase === 'remind' ? reportEventKey.reminded(person.id) : reportEventKey.chased(step.step ?? 1, person.id);
    return {
      plan,
      report,
      occurrence,
      person,
      purpose,
      key,
      done: done.has(key) || done.has(reportEventKey.notifyFailed(purpose, person.id)),
      onDuty: senders
        .filter((sender) => sender.id !== person.id)
        .map((sender) => sender.name)
        .join('、'),
    };
  });
}

type Result = 'sent' | 'refused' | 'failed' | 'pending';

export async function sendWaveTexts(
  deps: ScheduledReportDependencies,
  wave: Wave,
  texts: WaveText[],
  budget: StepBudget,
): Promise<{ texted: number; failed: number; pending: number }> {
  const secret = wave.linkKey ?? wave.id;
  const todo = texts
    // Someone with only a landline cannot be texted a reminder or its link.
    .filter((text): text is WaveText & { person: Person & { phone: string } } => !text.done && Boolean(text.person.phone))
    .map((text) => {
      const { bureau, kind, date, planId, reportId } = text.occurrence;
      const unit: DeliveryUnit = { subject: `report:${bureau}#${kind}#${date}#${planId}#${reportId}`, step: text.purpose, personId: text.person.id, channel: 'text' };
      return { ...text, unit, token: claimToken(secret, unit) };
    });
  const counts = { texted: 0, failed: 0, pending: 0 };
  if (todo.length === 0) return counts;
  const [claims, optedOut] = await Promise.all([deps.reports.textClaims(todo.map(({ token }) => token)), deps.phones.optedOutAmong(todo.map(({ person }) => person.phone))]);
  const errors: unknown[] = [];
  await forEachLimited(todo, WAVE_TEXTS_AT_ONCE, async (text) => {
    try {
      const result = await sendOne(deps, text, claims.get(text.token), optedOut.has(text.person.phone), budget);
      if (result === 'sent') counts.texted += 1;
      if (result === 'failed') counts.failed += 1;
      if (result === 'pending') counts.pending += 1;
    } catch (error) {
      errors.push(error);
    }
  });
  if (errors.length > 0) throw errors[0];
  return counts;
}

async function sendOne(
  deps: ScheduledReportDependencies,
  text: WaveText & { person: Person & { phone: string }; unit: DeliveryUnit; token: string },
  stored: DeliveryClaim | undefined,
  optedOut: boolean,
  budget: StepBudget,
): Promise<Result> {
  const { plan, report, occurrence, person, purpose, dueAt, token } = text;
  const who = { personId: person.id, name: person.name, phone: person.phone };
  const refused = (reason: string) =>
    deps.reports.append(occurrence, { type: 'notify-failed', key: reportEventKey.notifyFailed(purpose, person.id), at: deps.clock.now().toISOString(), purpose, ...who, reason });
  if (optedOut) {
    await refused('the number has opted out (STOP)');
    return 'refused';
  }
  if (budget.left() <= RECORD_RESERVE_MS) return 'pending';
  const decision = decideClaim(stored, { token, unit: unitKey(text.unit), phone: person.phone }, (deps.wallClock ?? systemClock).now().getTime());
  if (decision.kind === 'in-flight') return 'pending';
  const replacing = decision.kind === 'take-over' ? decision.replacing : undefined;
  if (!(await deps.reports.claimText(decision.claim, { ...occurrence, dueAt, planVersion: plan.version, personId: person.id }, replacing))) return 'pending';
  const facts: ReportTextFacts = { plan, report, dueAt, link: deps.links.reportLink(token), signature: deps.smsSignature, onDuty: text.onDuty };
  let messageId: string;
  try {
    ({ messageId } = await deps.sms.send({ to: person.phone, body: purpose === 'remind' ? reminderText(facts) : chaseText(facts) }));
  } catch (error) {
    // A number that cannot be texted is recorded and passed over, as on the escalation chain.
    if (error instanceof SmsRejectedError) {
      await refused(error.message);
      return 'refused';
    }
    if (!(error instanceof SmsUnavailableError)) throw error;
    await deps.reports.releaseText(decision.claim);
    return 'failed';
  }
  const at = deps.clock.now().toISOString();
  const resent = replacing ? { resent: true as const } : {};
  await recordWithRetry(
    () =>
      deps.reports
        .append(
          occurrence,
          purpose === 'remind'
            ? { type: 'reminded', key: text.key, at, ...who, messageId, token, ...resent }
            : { type: 'chased', key: text.key, at, step: Number(purpose.split(':')[1]), ...who, messageId, token, ...resent },
        )
        .then(() => undefined),
    budget,
  );
  return 'sent';
}
