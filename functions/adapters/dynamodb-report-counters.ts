import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CounterWindow, ReportCounters } from '../core/incident';
import { EXPIRES_AT, expiresAfter } from './table';
import { TableItems } from './table-items';

/**
 * The report limits' counters, one item per key and window in the same table:
 *   LIMIT#phone#e164 / WINDOW#start    reports counted, refusals counted; expires when the window ends
 * One conditional update counts a report, so concurrent Lambdas never let more than the limit by.
 */
export class DynamoDbReportCounters implements ReportCounters {
  private readonly table: TableItems;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new TableItems(client, tableName);
  }

  async take(key: string, window: CounterWindow, limit: number): Promise<{ taken: true } | { taken: false; refusals: number }> {
    try {
      await this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: counterKey(key, window),
          UpdateExpression: 'SET #expires = :expires ADD reports :one',
          ConditionExpression: 'attribute_not_exists(reports) OR reports < :limit',
          ExpressionAttributeNames: { '#expires': EXPIRES_AT },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': expiry(window) },
        }),
      );
      return { taken: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Attributes } = await this.table.documents.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: counterKey(key, window),
        UpdateExpression: 'ADD refusals :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return { taken: false, refusals: Number(Attributes?.refusals ?? 1) };
  }

  async giveBack(key: string, window: CounterWindow): Promise<void> {
    try {
      await this.table.documents.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: counterKey(key, window),
          UpdateExpression: 'ADD reports :minusOne',
          ConditionExpression: 'reports > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

const counterKey = (key: string, window: CounterWindow) => ({ pk: `LIMIT#${key}`, sk: `WINDOW#${window.start}` });
/** A window's counter is worth nothing once the window has passed. */
const expiry = (window: CounterWindow) => expiresAfter(window.end, 0)[EXPIRES_AT];
