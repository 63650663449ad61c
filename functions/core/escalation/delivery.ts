import { eventKey, type IncidentStore } from '../incident';

/** The carrier's report on one text, as SNS logs it (delivery status logging). */
export interface DeliveryReport {
  messageId: string;
  delivered: boolean;
  /** When the carrier answered. */
  at: string;
  /** The carrier's words: "Message has been accepted by phone carrier", "Phone is currently unreachable" ... */
  providerResponse?: string;
  /** How long the text took to reach the carrier. */
  dwellTimeMs?: number;
}

/**
 * Puts a delivery report on the timeline of the incident the text was for, so an auditor sees not
 * only that the principal was texted but that the text arrived, and how late. A report for a text
 * we do not know (a reply, another system's) is ignored. Reports arrive at least once: the event
 * key is the message id.
 */
export async function recordDelivery(deps: { incidents: IncidentStore }, report: DeliveryReport): Promise<boolean> {
  const text = await deps.incidents.findText(report.messageId);
  if (!text) return false;
  const common = { key: eventKey.delivery(report.messageId), at: report.at, level: text.level, personId: text.personId, phone: text.phone, messageId: report.messageId };
  return deps.incidents.append(
    text.incidentId,
    report.delivered
      ? { type: 'delivered', ...common, ...(report.dwellTimeMs !== undefined && { dwellTimeMs: report.dwellTimeMs }) }
      : { type: 'delivery-failed', ...common, reason: report.providerResponse ?? 'not delivered' },
  );
}
