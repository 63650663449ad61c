import { claimToken, type Clock, type DeliveryClaim, type DeliveryUnit, forEachLimited, type Links, RECORD_RESERVE_MS, recordWithRetry, type StepBudget } from '../base';
import { alreadyNotified, eventKey, type Incident, type IncidentRecord, type IncidentStore } from '../incident';
import { SmsRejectedError, SmsUnavailableError, type AlertFacts, type PhoneAlerts, type PhoneStore, type SmsGateway } from '../sms';
import type { Category, Person, Plan } from '../plan';
import { claimText, releaseText } from './text-claims';

/**
 * Texting the people of a level (or the bureau), each text at most once and none lost: the claim
 * before the publish, the record after it (functions/core/base/claims.ts, docs/delivery.md).
 */

/** What texting people needs. */
export interface TextingDependencies {
  incidents: IncidentStore;
  sms: SmsGateway;
  clock: Clock;
  links: Links;
  /** Reply numbers and STOP per phone (the SMS channel). */
  phones: PhoneStore;
  smsSignature?: string;
  /**
   * Whether texts offer reply codes ("回1确认"): only where the carrier delivers replies. Mainland
   * +86 numbers get none today, so there the link is the way to answer.
   */
  smsReplyCodes?: boolean;
  /** The wall clock claims' leases are measured on (the plan clock may run faster); the system's by default. */
  wallClock?: Clock;
}

/** An incident with its plan, as a step loaded it. */
export interface TextingContext {
  record: IncidentRecord;
  incident: Incident;
  plan: Plan;
  category: Category;
}

/** While the provider fails, a level is texted again this often (plan time) until its deadline. */
export const RETRY_INTERVAL_MS = 30_000;
/** Texts of one step published at once: enough to overlap the round trips, few enough not to trip SNS's rate. */
export const TEXTS_AT_ONCE = 16;

export type TextResult = 'sent' | 'resent' | 'refused' | 'failed' | 'pending';

/** Whom to text, for which level; `round`: a remind-again round at that level (its own unit and event). */
export interface Recipient {
  level: number | 'report';
  person: Person;
  round?: number;
}

export interface TextingOutcome {
  results: { level: number | 'report'; personId: string; result: TextResult }[];
  failed: number;
  pending: number;
}

/**
 * Texts each (level, person) not yet texted, at most once (functions/core/base/claims.ts): one
 * batched read of the claims kept with links and one of the phones (opt-outs, and where texts
 * offer reply numbers the phones' open alerts with their claims), then per text one conditional
 * claim (with its link, or with its reply number: ./text-claims.ts) and, once the provider has
 * taken it, one record.
 */
export async function textPeople(
  deps: TextingDependencies,
  context: TextingContext,
  recipients: Recipient[],
  compose: (facts: AlertFacts, person: Person) => string,
  budget: StepBudget,
  retryUntil?: string,
): Promise<TextingOutcome> {
  const { incident } = context;
  const timeline = context.record.timeline;
  const secret = incident.linkKey ?? incident.id;
  const todo = recipients
    // A landline cannot be texted: its holder is called instead (./calls.ts).
    .filter((recipient): recipient is Recipient & { person: Person & { phone: string } } => Boolean(recipient.person.phone))
    .filter(
      ({ level, person, round }) => !alreadyNotified(timeline, level, person.id, round) && !timeline.some((event) => event.key === eventKey.notifyFailed(level, person.id, round)),
    )
    .map((recipient) => {
      const unit: DeliveryUnit = {
        subject: `incident:${incident.id}`,
        step: recipient.round ? `remind:${recipient.round}` : String(recipient.level),
        personId: recipient.person.id,
        channel: 'text',
      };
      return { ...recipient, unit, token: claimToken(secret, unit) };
    });
  const outcome: TextingOutcome = { results: [], failed: 0, pending: 0 };
  if (todo.length === 0) return outcome;
  const numbers = todo.map(({ person }) => person.phone);
  const [claims, phones] = await Promise.all([
    deps.incidents.textClaims(todo.map(({ token }) => token)),
    // One-way stages keep no alerts on phones: their STOP items are all there is to read.
    deps.smsReplyCodes
      ? deps.phones.alertsAmong(numbers)
      : deps.phones.optedOutAmong(numbers).then((optedOut) => new Map(numbers.map((phone) => [phone, { optedOut: optedOut.has(phone), alerts: [] }]))),
  ]);
  const errors: unknown[] = [];
  // Everyone is texted at once, within a bound; one failure must not hold back the others' texts.
  await forEachLimited(todo, TEXTS_AT_ONCE, async (recipient) => {
    try {
      const result = await textPerson(deps, context, recipient, { withLink: claims.get(recipient.token), phone: phones.get(recipient.person.phone) }, compose, budget, retryUntil);
      outcome.results.push({ level: recipient.level, personId: recipient.person.id, result });
      if (result === 'failed') outcome.failed += 1;
      if (result === 'pending') outcome.pending += 1;
    } catch (error) {
      errors.push(error);
    }
  });
  if (errors.length > 0) throw errors[0];
  return outcome;
}

async function textPerson(
  deps: TextingDependencies,
  { incident, plan, category, record: { timeline } }: TextingContext,
  { level, person, round, unit, token }: Recipient & { person: Person & { phone: string }; unit: DeliveryUnit; token: string },
  found: { withLink?: DeliveryClaim; phone?: PhoneAlerts },
  compose: (facts: AlertFacts, person: Person) => string,
  budget: StepBudget,
  retryUntil: string | undefined,
): Promise<TextResult> {
  const who = { personId: person.id, name: person.name, phone: person.phone, ...(round && { round }) };
  const failed = (reason: string, retrying?: string) =>
    deps.incidents.append(incident.id, {
      type: 'notify-failed',
      key: retrying ? eventKey.notifyRetrying(level, person.id, round) : eventKey.notifyFailed(level, person.id, round),
      at: deps.clock.now().toISOString(),
      level,
      ...who,
      reason,
      ...(retrying && { retryUntil: retrying }),
    });
  if (found.phone?.optedOut) {
    await failed('the number has opted out (STOP)');
    return 'refused';
  }
  if (budget.left() <= RECORD_RESERVE_MS) return 'pending';
  const held = await claimText(deps, incident, { level, person, unit, token }, found, deps.clock.now().toISOString());
  if (!held) return 'pending';
  const { replacing, replyNumber } = held;
  const textedEarlier =
    typeof level === 'number' && timeline.some((event) => event.type === 'notified' && event.personId === person.id && typeof event.level === 'number' && event.level < level);
  const facts: AlertFacts = {
    plan,
    category,
    incident,
    link: deps.links.actionLink(token),
    signature: deps.smsSignature,
    replyNumber,
    ...(textedEarlier && { repeatAtLevel: level as number }),
    ...(round && { reminder: true }),
  };
  const body = compose(facts, person);
  let messageId: string;
  try {
    ({ messageId } = await deps.sms.send({ to: person.phone, body, incidentId: incident.id }));
  } catch (error) {
    // A number that cannot be texted is recorded and passed over; the level's others still get theirs.
    if (error instanceof SmsRejectedError) {
      await failed(error.message);
      return 'refused';
    }
    if (!(error instanceof SmsUnavailableError)) throw error;
    // Nothing went out: free the claim for the next try, and say on the timeline why the text is late.
    await releaseText(deps, person.phone, held);
    await failed(error.message, retryUntil ?? 'sent');
    return 'failed';
  }
  // A claim kept with the reply number left the link to be written with the record.
  const link = replyNumber === undefined ? undefined : { token, grant: { incidentId: incident.id, personId: person.id, level } };
  await recordWithRetry(
    () =>
      deps.incidents.recordText(
        incident.id,
        {
          type: 'notified',
          key: eventKey.notified(level, person.id, round),
          at: deps.clock.now().toISOString(),
          level,
          ...who,
          messageId,
          ...(replacing && { resent: true as const }),
        },
        { incidentId: incident.id, level, personId: person.id, phone: person.phone },
        link,
      ),
    budget,
  );
  return replacing ? 'resent' : 'sent';
}

/** The link of the text a person got (or will get) for a level: what they open to act on it. */
export function textLink(incident: Incident, level: number | 'report', personId: string): string {
  return claimToken(incident.linkKey ?? incident.id, { subject: `incident:${incident.id}`, step: String(level), personId, channel: 'text' });
}
