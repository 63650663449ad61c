import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MAX_KEY_BYTES, ValidationError, type DeliveryClaim } from '../core/base';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchGetCommandOutput,
  type BatchWriteCommandOutput,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** An item as this table's adapters wrote it; each store reads back the shape it put. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoredItem = Record<string, any>;

/**
 * The few operations every store here is made of, on the one table: consistent reads, plain and
 * first-write-wins puts, deletes, and queries read to the last page. Single items only, since
 * dynalite (and so the local runtime) has no transactions.
 */
export class TableItems {
  readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async read(pk: string, sk: string): Promise<StoredItem | undefined> {
    // No item can have a key DynamoDB refuses: a lookup by one (an over-long id in a body) finds nothing.
    if (!storableKey({ pk, sk })) return undefined;
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return Item;
  }

  async put(item: Record<string, unknown>): Promise<void> {
    refuseUnstorableKey(item);
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  /** Writes the item unless one with its key exists; true when this call wrote it. */
  async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    refuseUnstorableKey(item);
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Writes the item if the condition holds; true when it did. */
  async putIf(item: Record<string, unknown>, condition: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> }): Promise<boolean> {
    refuseUnstorableKey(item);
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: condition.names,
          ExpressionAttributeValues: condition.values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Writes a text's claim, kept on the item as `claim` (docs/delivery.md): the first claim when the
   * item does not exist; in place of `replacing` only while the stored claim is still that one (the
   * same attempt and lease), so that of two attempts taking over a lapsed claim one wins. True when
   * this call wrote it.
   */
  async putClaim(item: Record<string, unknown> & { claim: DeliveryClaim }, replacing?: DeliveryClaim): Promise<boolean> {
    if (!replacing) return this.putIfAbsent(item);
    return this.putIf(item, {
      expression: '#claim.attempt = :attempt AND #claim.leaseUntil = :lease',
      names: { '#claim': 'claim' },
      values: { ':attempt': replacing.attempt, ':lease': replacing.leaseUntil },
    });
  }

  /**
   * The items with these keys, consistent, 100 keys a request (BatchGetItem's limit,
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html);
   * keys DynamoDB leaves unprocessed (throttling) are asked for again.
   */
  async readMany(keys: readonly { pk: string; sk: string }[]): Promise<StoredItem[]> {
    const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
    const items: StoredItem[] = [];
    for (let start = 0; start < unique.length; start += 100) {
      let Keys: Record<string, unknown>[] | undefined = unique.slice(start, start + 100);
      for (let round = 0; Keys && Keys.length > 0; round++) {
        if (round > 0) await pause(round);
        const page: BatchGetCommandOutput = await this.documents.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys, ConsistentRead: true } } }));
        items.push(...(page.Responses?.[this.tableName] ?? []));
        Keys = page.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return items;
  }

  /**
   * Puts up to 25 items in one request (BatchWriteItem's limit,
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html), without
   * conditions; items left unprocessed (throttling) are sent again.
   */
  async putMany(items: readonly Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < items.length; start += 25) {
      let requests: { PutRequest: { Item: Record<string, unknown> } }[] | undefined = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; requests && requests.length > 0; round++) {
        if (round > 0) await pause(round);
        const result: BatchWriteCommandOutput = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = result.UnprocessedItems?.[this.tableName] as typeof requests;
      }
    }
  }

  async delete(pk: string, sk: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk } }));
  }

  /** One page of a query: the caller pages on with its LastEvaluatedKey. */
  async query(input: Omit<QueryCommandInput, 'TableName'>) {
    return this.documents.send(new QueryCommand({ ...input, TableName: this.tableName }));
  }

  /** Every item the query matches, page after page. */
  async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey }));
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}

/** Backoff before asking again for what a batch left unprocessed. */
const pause = (round: number) => new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** round)));

/**
 * DynamoDB refuses a partition key over 2,048 bytes and a sort key over 1,024
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html).
 */
function storableKey(item: Record<string, unknown>): boolean {
  return Buffer.byteLength(String(item.pk), 'utf8') <= 2048 && Buffer.byteLength(String(item.sk), 'utf8') <= 1024;
}

/** A key built from what a caller sent (an over-long id or name) is their mistake: a 400, and nothing written. */
function refuseUnstorableKey(item: Record<string, unknown>): void {
  if (!storableKey(item)) throw new ValidationError('A value in the request is too long to be kept.', { body: `too long: ids and names fit in ${MAX_KEY_BYTES} bytes` });
}
