import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { DeliveryClaim } from '../core/base';
import type { OptOutNotice } from '../core/incident';
import { type HeldAlert, type InboundHandled, PASSIVE_REPLY_RULES, type PhoneAlert, type PhoneAlerts, type PhoneStore, type SentSms } from '../core/sms';
import { EXPIRES_AT, expiresAfter, KEEP_SECONDS } from './table';
import { TableItems } from './table-items';

/**
 * Per phone number, in the same table:
 *   PHONE#e164 / ALERTS             the phone's open alerts, one attribute per reply number
 *                                   (`n07`: incident, code, first sent, and the claims of the texts
 *                                   that offered it, by link token): one item, so one conditional
 *                                   write both takes a free number and claims a text with it
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

  async alertsAmong(phones: readonly string[]): Promise<Map<string, PhoneAlerts>> {
    const unique = [...new Set(phones)];
    const items = await this.table.readMany(
      unique.flatMap((phone) => [
        { pk: phoneKey(phone), sk: 'OPT-OUT' },
        { pk: phoneKey(phone), sk: ALERTS },
      ]),
    );
    const states = new Map<string, PhoneAlerts>(unique.map((phone) => [phone, { optedOut: false, alerts: [] }]));
    for (const item of items) {
      const state = states.get(String(item.pk).slice('PHONE#'.length))!;
      if (item.sk === 'OPT-OUT') state.optedOut = true;
      else state.alerts = heldAlerts(item);
    }
    return states;
  }

  async claimAlertText(phone: string, alert: PhoneAlert, isNew: boolean, claim: DeliveryClaim, replacing?: DeliveryClaim): Promise<boolean> {
    const names = { '#n': numberAttribute(alert.number), '#t': claim.token };
    const held: HeldAlert = { ...alert, claims: { [claim.token]: claim } };
    const [update, condition, values] = isNew
      ? ['SET #n = :held', 'attribute_not_exists(#n)', { ':held': held }]
      : replacing
        ? [
            'SET #n.claims.#t = :claim',
            '#n.incidentId = :incident AND #n.claims.#t.attempt = :attempt AND #n.claims.#t.leaseUntil = :lease',
            { ':claim': claim, ':incident': alert.incidentId, ':attempt': replacing.attempt, ':lease': replacing.leaseUntil },
          ]
        : ['SET #n.claims.#t = :claim', '#n.incidentId = :incident AND attribute_not_exists(#n.claims.#t)', { ':claim': claim, ':incident': alert.incidentId }];
    return this.updateIf(phone, { update, condition, names: isNew ? { '#n': names['#n'] } : names, values });
  }

  async releaseAlertText(phone: string, number: number, claim: DeliveryClaim): Promise<void> {
    // Taken over meanwhile (or the alert closed): nothing of ours to release.
    await this.updateIf(phone, {
      update: 'SET #n.claims.#t.leaseUntil = :zero',
      condition: '#n.claims.#t.attempt = :attempt',
      names: { '#n': numberAttribute(number), '#t': claim.token },
      values: { ':zero': 0, ':attempt': claim.attempt },
    });
  }

  async openAlerts(phone: string): Promise<PhoneAlert[]> {
    const item = await this.table.read(phoneKey(phone), ALERTS);
    return item ? heldAlerts(item).map(({ number, incidentId, code, sentAt }) => ({ number, incidentId, code, sentAt })) : [];
  }

  async releaseAlerts(incidentId: string, phones: readonly string[]): Promise<void> {
    for (const phone of new Set(phones)) {
      const item = await this.table.read(phoneKey(phone), ALERTS);
      const alert = item && heldAlerts(item).find((held) => held.incidentId === incidentId);
      if (!alert) continue;
      await this.updateIf(phone, {
        update: 'REMOVE #n',
        condition: '#n.incidentId = :incident',
        names: { '#n': numberAttribute(alert.number) },
        values: { ':incident': incidentId },
      });
    }
  }

  private async updateIf(
    phone: string,
    { update, condition, names, values }: { update: string; condition: string; names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<boolean> {
    try {
      await this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: { pk: phoneKey(phone), sk: ALERTS },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
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
}

const phoneKey = (phone: string) => `PHONE#${phone}`;
const ALERTS = 'ALERTS';
const numberAttribute = (number: number) => `n${String(number).padStart(2, '0')}`;
const heldAlerts = (item: Record<string, unknown>): HeldAlert[] =>
  Object.entries(item)
    .filter(([name]) => /^n\d\d$/.test(name))
    .map(([, held]) => held as HeldAlert)
    .sort((a, b) => a.number - b.number);
/** A sent answer counts for no rate limit after the longest window has passed. */
const LONGEST_RATE_WINDOW = Math.max(...PASSIVE_REPLY_RULES.map((rule) => rule.perSeconds));
const inboundKey = (messageId: string) => `INBOUND#${messageId}`;
const OPT_OUT_NOTICES = 'OPT-OUT-NOTICE';
