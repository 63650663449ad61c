import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

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
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return Item;
  }

  async put(item: Record<string, unknown>): Promise<void> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  /** Writes the item unless one with its key exists; true when this call wrote it. */
  async putIfAbsent(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.documents.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async delete(pk: string, sk: string): Promise<void> {
    await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk } }));
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
