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

/** Numbers are raced for by incidents texting one phone at once; the loser reads the phone again, a few times at most. */
const NUMBER_ATTEMPTS = 5;

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
    const number = mine?.number ?? nextAlertNumber(alerts);
    if (number === undefined) return withLink(undefined);
    const decision = decideClaim(mine?.claims[text.token], fresh, now);
    if (decision.kind === 'in-flight') return undefined;
    const replacing = decision.kind === 'take-over' ? decision.replacing : undefined;
    const alert = { number, incidentId: incident.id, code: incident.code, sentAt: mine?.sentAt ?? sentAt };
    if (await deps.phones.claimAlertText(text.person.phone, alert, !mine, decision.claim, replacing)) return { claim: decision.claim, replacing, replyNumber: number };
    // Another incident took the number, or another attempt the text: what does the phone hold now?
    alerts = (await deps.phones.alertsAmong([text.person.phone])).get(text.person.phone)?.alerts ?? [];
  }
  return undefined;
}

/** Nothing went out: frees the claim where it is kept, for the next try. */
export async function releaseText(deps: ClaimDependencies, phone: string, held: HeldText): Promise<void> {
  if (held.replyNumber === undefined) await deps.incidents.releaseText(held.claim);
  else await deps.phones.releaseAlertText(phone, held.replyNumber, held.claim);
}
