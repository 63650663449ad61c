import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import type { PhoneStore } from '../core/ports';
import type { PhoneAlert } from '../core/sms/interpret';
import type { SentSms } from '../core/sms/rate-limit';
import { documentClient } from './dynamodb-incident-store';

/**
 * Per phone number, in the same table:
 *   PHONE#e164 / ALERT#incidentId   the incident's reply number on this phone, while it is open
 *   PHONE#e164 / NUMBER#nn          which incident holds reply number nn (claimed with a condition)
 *   PHONE#e164 / OPT-OUT            STOP (present) or START (absent); OPT#at keeps each change
 *   PHONE#e164 / SENT#at#id         answers sent, for the rate limits
 *   INBOUND#messageId / INBOUND     inbound messages already handled
 */
export class DynamoDbPhoneStore implements PhoneStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.documents = documentClient(client);
  }

  async alertNumber(phone: string, alert: Omit<PhoneAlert, 'number'>, choose: (taken: number[]) => number | undefined): Promise<number | undefined> {
    const existing = await this.read(phoneKey(phone), `ALERT#${alert.incidentId}`);
    if (existing) return existing.number as number;
    const taken = (await this.queryPrefix(phone, 'NUMBER#')).map((item) => item.number as number);
    // Two incidents texting one phone at the same moment race for a number; the loser takes the next.
    for (let attempt = 0; attempt < 5; attempt++) {
      const number = choose(taken);
      if (number === undefined) return undefined;
      if (await this.putIfAbsent({ pk: phoneKey(phone), sk: `NUMBER#${String(number).padStart(2, '0')}`, number, incidentId: alert.incidentId })) {
        await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk: phoneKey(phone), sk: `ALERT#${alert.incidentId}`, ...alert, number } }));
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
      const alert = await this.read(phoneKey(phone), `ALERT#${incidentId}`);
      if (!alert) continue;
      await this.delete(phoneKey(phone), `ALERT#${incidentId}`);
      await this.delete(phoneKey(phone), `NUMBER#${String(alert.number).padStart(2, '0')}`);
    }
  }

  async setOptedOut(phone: string, optedOut: boolean, at: string): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk: phoneKey(phone), sk: `OPT#${at}`, optedOut, at } }));
    if (optedOut) await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk: phoneKey(phone), sk: 'OPT-OUT', at } }));
    else await this.delete(phoneKey(phone), 'OPT-OUT');
  }

  async isOptedOut(phone: string): Promise<boolean> {
    return (await this.read(phoneKey(phone), 'OPT-OUT')) !== undefined;
  }

  async recordSent(sent: SentSms): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: { pk: phoneKey(sent.to), sk: `SENT#${sent.at}#${randomUUID()}`, ...sent } }));
  }

  async sentSince(phone: string, since: string): Promise<SentSms[]> {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk > :since',
        ExpressionAttributeValues: { ':pk': phoneKey(phone), ':since': `SENT#${since}` },
      }),
    );
    return Items.filter((item) => String(item.sk).startsWith('SENT#')).map(({ to, at, purpose }) => ({ to, at, purpose }) as SentSms);
  }

  async claimInbound(messageId: string): Promise<boolean> {
    return this.putIfAbsent({ pk: `INBOUND#${messageId}`, sk: 'INBOUND' });
  }

  private async queryPrefix(phone: string, prefix: string) {
    const { Items = [] } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': phoneKey(phone), ':prefix': prefix },
        ConsistentRead: true,
      }),
    );
    return Items;
  }

  private async read(pk: string, sk: string) {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return Item;
  }

  private async delete(pk: string, sk: string) {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk } }));
  }

  private async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

const phoneKey = (phone: string) => `PHONE#${phone}`;
