import { createHash } from 'node:crypto';
import { type Clock, decideClaim, type DeliveryClaim, type DeliveryUnit, systemClock, unitKey } from '../base';
import type { Incident, IncidentStore } from '../incident';
import { type HeldAlert, nextAlertNumber, type PhoneAlerts, type PhoneStore } from '../sms';

/**
 * Where a text's claim is kept (docs/delivery.md). A text that offers a reply number ("回1确认")
 * is claimed on its phone with the number, in one conditional write that also takes the number
 * when it is new: a number is unique among the phone's open alerts, so the two cannot be apart
 * without a transaction, which dynalite lacks. Its link is then written with its record. A text
 * without a number (one-way stages, or all 99 taken) is claimed with its link.
 */

/** What claiming needs (a part of ./texting.ts's dependencies). */
export interface ClaimDependencies {
  incidents: IncidentStore;
  phones: PhoneStore;
  smsReplyCodes?: boolean;
  wallClock?: Clock;
}

/** The claim an attempt holds. */
export interface HeldText {
  claim: DeliveryClaim;
  replacing?: DeliveryClaim;
  /** The reply number the text offers; its claim is kept with it on the phone. */
  replyNumber?: number;
}

export interface TextToClaim {
  level: number | 'report';
  person: { id: string; phone: string };
  unit: DeliveryUnit;
  token: string;
}

/**
 * Numbers are raced for by incidents texting one phone at once (a bureau's desk, a principal with
 * many incidents); the loser reads the phone again and tries another free number, a few times at
 * most, then sends with the link only rather than keep the text waiting.
 */
const NUMBER_ATTEMPTS = 6;

/**
 * The smallest free number first; after a lost race, one of the free numbers picked by the
 * incident and the attempt, so that incidents racing for one phone spread over its numbers
 * instead of all racing again for the next smallest.
 */
function numberToTry(alerts: HeldAlert[], incidentId: string, attempt: number): number | undefined {
  if (attempt === 0) return nextAlertNumber(alerts);
  const taken = new Set(alerts.map((alert) => alert.number));
  const free = Array.from({ length: 99 }, (_, index) => index + 1).filter((number) => !taken.has(number));
  if (free.length === 0) return undefined;
  const spread = createHash('sha256').update(`${incidentId}#${attempt}`).digest().readUInt32BE(0);
  return free[spread % free.length];
}

/** Claims the text, or undefined when another attempt holds it (or a crowded phone kept it from a number): pending. */
export async function claimText(
  deps: ClaimDependencies,
  incident: Incident,
  text: TextToClaim,
  /** Its claim kept with its link, if any, and its phone's state, as the step's batched reads found them. */
  found: { withLink?: DeliveryClaim; phone?: PhoneAlerts },
  sentAt: string,
): Promise<HeldText | undefined> {
  const now = (deps.wallClock ?? systemClock).now().getTime();
  const fresh = { token: text.token, unit: unitKey(text.unit), phone: text.person.phone };
  const withLink = async (stored: DeliveryClaim | undefined): Promise<HeldText | undefined> => {
    const decision = decideClaim(stored, fresh, now);
    if (decision.kind === 'in-flight') return undefined;
    const replacing = decision.kind === 'take-over' ? decision.replacing : undefined;
    const grant = { incidentId: incident.id, personId: text.person.id, level: text.level };
    return (await deps.incidents.claimText(decision.claim, grant, replacing)) ? { claim: decision.claim, replacing } : undefined;
  };
  // A claim kept with the link stays there, whatever numbers the phone has free by now.
  if (!deps.smsReplyCodes || found.withLink) return withLink(found.withLink);
  let alerts: HeldAlert[] = found.phone?.alerts ?? [];
  for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt++) {
    const mine = alerts.find((alert) => alert.incidentId === incident.id);
    const number = mine?.number ?? numberToTry(alerts, incident.id, attempt);
    if (number === undefined) return withLink(undefined);
    const decision = decideClaim(mine?.claims[text.token], fresh, now);
    if (decision.kind === 'in-flight') return undefined;
    const replacing = decision.kind === 'take-over' ? decision.replacing : undefined;
    const alert = { number, incidentId: incident.id, code: incident.code, sentAt: mine?.sentAt ?? sentAt };
    if (await deps.phones.claimAlertText(text.person.phone, alert, !mine, decision.claim, replacing)) return { claim: decision.claim, replacing, replyNumber: number };
    // Another incident took the number, or another attempt the text: what does the phone hold now?
    alerts = (await deps.phones.alertsAmong([text.person.phone])).get(text.person.phone)?.alerts ?? [];
  }
  // Still racing: unless another attempt holds this text, it goes out with its link only.
  return alerts.find((alert) => alert.incidentId === incident.id)?.claims[text.token] ? undefined : withLink(undefined);
}

/** Nothing went out: frees the claim where it is kept, for the next try. */
export async function releaseText(deps: ClaimDependencies, phone: string, held: HeldText): Promise<void> {
  if (held.replyNumber === undefined) await deps.incidents.releaseText(held.claim);
  else await deps.phones.releaseAlertText(phone, held.replyNumber, held.claim);
}
