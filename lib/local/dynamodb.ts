import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { OPEN_INCIDENTS_INDEX, TABLE_KEYS } from '../catalog';
import { PROJECT_ROOT } from '../definitions';

export interface LocalDynamoDb {
  client: DynamoDBClient;
  tableName: string;
  stop(): Promise<void>;
}

/**
 * dynalite persisted in a folder, with the same table (keys) the CDK stack creates. It runs on a
 * worker thread: in one thread with the functions, the store's share of each request (HTTP, request
 * checks, LevelDB) waited behind their steps and theirs behind it, on a machine with a second core.
 */
export async function startLocalDynamoDb(folder: string, tableName = 'yingji'): Promise<LocalDynamoDb> {
  mkdirSync(folder, { recursive: true });
  const store = new Worker(join(PROJECT_ROOT, 'lib/local/dynalite-worker.mjs'), { workerData: { path: folder } });
  const port = await new Promise<number>((resolve, reject) => {
    store.once('error', reject);
    store.once('message', (started: { port?: number; error?: string }) => {
      // Once started, an error of the store's thread is the process's: nothing works without it.
      store.off('error', reject);
      if (started.port) resolve(started.port);
      else reject(new Error(`dynalite did not start: ${started.error}`));
    });
  });
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(client, tableName);
  return {
    client,
    tableName,
    stop: async () => {
      client.destroy();
      const closed = new Promise<void>((resolve) => store.once('message', () => resolve()));
      store.postMessage('stop');
      await closed;
      await store.terminate();
    },
  };
}

async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
          { AttributeName: OPEN_INCIDENTS_INDEX.partitionKey, AttributeType: 'S' },
          { AttributeName: OPEN_INCIDENTS_INDEX.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: OPEN_INCIDENTS_INDEX.name,
            KeySchema: [
              { AttributeName: OPEN_INCIDENTS_INDEX.partitionKey, KeyType: 'HASH' },
              { AttributeName: OPEN_INCIDENTS_INDEX.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
      }),
    );
    // dynalite, like DynamoDB, makes a new table ACTIVE a moment after CreateTable returns.
    await waitUntilTableExists({ client, maxWaitTime: 10, minDelay: 0.05, maxDelay: 0.2 }, { TableName: tableName });
  }
}
