import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { OptOutNotice } from '../core/incident';
import { type InboundHandled, PASSIVE_REPLY_RULES, type PhoneAlert, type PhoneStore, type SentSms } from '../core/sms';
import { EXPIRES_AT, expiresAfter, KEEP_SECONDS } from './table';
import { TableItems } from './table-items';

/**
 * Per phone number, in the same table:
 *   PHONE#e164 / ALERT#incidentId   the incident's reply number on this phone, while it is open
 *   PHONE#e164 / NUMBER#nn          which incident holds reply number nn (claimed with a condition)
 *   PHONE#e164 / OPT-OUT            STOP (present) or START (absent); OPT#at keeps each change
 *   PHONE#e164 / SENT#at#id         answers sent, for the rate limits; expires with the longest limit
 *   INBOUND#messageId / INBOUND     an inbound text: what handling it decided, when it was answered; expires after a week
 *   INBOUND#messageId / NOTICE#e164  a STOP's notice texted to this number (claimed before it is sent); expires after a week
 *   OPT-OUT-NOTICE / planId#personId  someone on a chain or roster who texted STOP, until their START: one
 *                                   partition, read whole by the board (a handful of items, not one per phone)
 */
export class DynamoDbPhoneStore implements PhoneStore {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async alertNumber(phone: string, alert: Omit<PhoneAlert, 'number'>, choose: (taken: number[]) => number | undefined): Promise<number | undefined> {
    const existing = await this.table.read(phoneKey(phone), `ALERT#${alert.incidentId}`);
    if (existing) return existing.number as number;
    const taken = (await this.queryPrefix(phone, 'NUMBER#')).map((item) => item.number as number);
    // Two incidents texting one phone at the same moment race for a number; the loser takes the next.
    for (let attempt = 0; attempt < 5; attempt++) {
      const number = choose(taken);
      if (number === undefined) return undefined;
      if (await this.table.putIfAbsent({ pk: phoneKey(phone), sk: `NUMBER#${String(number).padStart(2, '0')}`, number, incidentId: alert.incidentId })) {
        await this.table.put({ pk: phoneKey(phone), sk: `ALERT#${alert.incidentId}`, ...alert, number });
        return number;
      }
      taken.push(number);
    }
    return undefined;
  }

  async openAlerts(phone: string): Promise<PhoneAlert[]> {
    return (await this.queryPrefix(phone, 'ALERT#')).map(({ number, incidentId, code, sentAt }) => ({ number, incidentId, code, sentAt }) as PhoneAlert);
  }

  async releaseAlerts(incidentId: string, phones: readonly string[]): Promise<void> {
    for (const phone of new Set(phones)) {
      const alert = await this.table.read(phoneKey(phone), `ALERT#${incidentId}`);
      if (!alert) continue;
      await this.table.delete(phoneKey(phone), `ALERT#${incidentId}`);
      await this.table.delete(phoneKey(phone), `NUMBER#${String(alert.number).padStart(2, '0')}`);
    }
  }

  async setOptedOut(phone: string, optedOut: boolean, at: string): Promise<void> {
    await this.table.put({ pk: phoneKey(phone), sk: `OPT#${at}`, optedOut, at });
    // The latest change by when it was sent decides, so a STOP overtaken by its START does not win.
    const { Items } = await this.table.documents.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :opt)',
        ExpressionAttributeValues: { ':pk': phoneKey(phone), ':opt': 'OPT#' },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const latest = Items?.[0] ?? { optedOut, at };
    if (latest.optedOut) await this.table.put({ pk: phoneKey(phone), sk: 'OPT-OUT', at: latest.at });
    else await this.table.delete(phoneKey(phone), 'OPT-OUT');
  }

  async isOptedOut(phone: string): Promise<boolean> {
    return (await this.table.read(phoneKey(phone), 'OPT-OUT')) !== undefined;
  }

  async optedOutAmong(phones: readonly string[]): Promise<Set<string>> {
    const items = await this.table.readMany(phones.map((phone) => ({ pk: phoneKey(phone), sk: 'OPT-OUT' })));
    return new Set(items.map((item) => String(item.pk).slice('PHONE#'.length)));
  }

  async recordSent(sent: SentSms): Promise<void> {
    await this.table.put({ pk: phoneKey(sent.to), sk: `SENT#${sent.at}#${randomUUID()}`, ...sent, ...expiresAfter(sent.at, LONGEST_RATE_WINDOW) });
  }

  async sentSince(phone: string, since: string): Promise<SentSms[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk > :since',
      ExpressionAttributeValues: { ':pk': phoneKey(phone), ':since': `SENT#${since}` },
    });
    return items.filter((item) => String(item.sk).startsWith('SENT#')).map(({ to, at, purpose }) => ({ to, at, purpose }) as SentSms);
  }

  async inboundProgress(messageId: string) {
    const item = await this.table.read(inboundKey(messageId), 'INBOUND');
    return item && { ...(item.handled && { handled: item.handled as InboundHandled }), answered: item.answeredAt !== undefined };
  }

  async recordInboundHandled(messageId: string, handled: InboundHandled): Promise<void> {
    await this.table.documents.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: { pk: inboundKey(messageId), sk: 'INBOUND' },
        UpdateExpression: 'SET handled = if_not_exists(handled, :handled), #expires = if_not_exists(#expires, :expires)',
        ExpressionAttributeNames: { '#expires': EXPIRES_AT },
        ExpressionAttributeValues: { ':handled': handled, ':expires': expiresAfter(Date.now(), KEEP_SECONDS.inboundMessage)[EXPIRES_AT] },
      }),
    );
  }

  async claimInboundAnswer(messageId: string): Promise<boolean> {
    try {
      await this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { pk: inboundKey(messageId), sk: 'INBOUND' },
          UpdateExpression: 'SET answeredAt = :now',
          ConditionExpression: 'attribute_not_exists(answeredAt)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseInboundAnswer(messageId: string): Promise<void> {
    await this.table.documents.send(
      new UpdateCommand({ TableName: this.table.tableName, Key: { pk: inboundKey(messageId), sk: 'INBOUND' }, UpdateExpression: 'REMOVE answeredAt' }),
    );
  }

  async openOptOutNotice(notice: OptOutNotice): Promise<OptOutNotice> {
    const key = { pk: OPT_OUT_NOTICES, sk: `${notice.planId}#${notice.personId}` };
    if (await this.table.putIfAbsent({ ...key, ...notice })) return notice;
    const { pk, sk, ...kept } = (await this.table.read(key.pk, key.sk)) ?? { ...key, ...notice };
    return kept as OptOutNotice;
  }

  async clearOptOutNotice(planId: string, personId: string): Promise<void> {
    await this.table.delete(OPT_OUT_NOTICES, `${planId}#${personId}`);
  }

  async optOutNotices(): Promise<OptOutNotice[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': OPT_OUT_NOTICES }, ConsistentRead: true });
    return items.map(({ pk, sk, ...notice }) => notice as OptOutNotice);
  }

  async claimNoticeText(messageId: string, to: string): Promise<boolean> {
    return this.table.putIfAbsent({ pk: inboundKey(messageId), sk: `NOTICE#${to}`, ...expiresAfter(Date.now(), KEEP_SECONDS.inboundMessage) });
  }

  async releaseNoticeText(messageId: string, to: string): Promise<void> {
    await this.table.delete(inboundKey(messageId), `NOTICE#${to}`);
  }

  private queryPrefix(phone: string, prefix: string) {
    return this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': phoneKey(phone), ':prefix': prefix },
      ConsistentRead: true,
    });
  }
}

const phoneKey = (phone: string) => `PHONE#${phone}`;
/** A sent answer counts for no rate limit after the longest window has passed. */
const LONGEST_RATE_WINDOW = Math.max(...PASSIVE_REPLY_RULES.map((rule) => rule.perSeconds));
const inboundKey = (messageId: string) => `INBOUND#${messageId}`;
const OPT_OUT_NOTICES = 'OPT-OUT-NOTICE';
