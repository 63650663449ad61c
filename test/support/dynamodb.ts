import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDynamoDb, type LocalDynamoDb } from '../../lib/local/dynamodb';

/** dynalite in a fresh temporary folder (named from `prefix`), with the stack's table; `stop` also removes the folder. */
export async function scratchDynamoDb(prefix: string): Promise<LocalDynamoDb> {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const db = await startLocalDynamoDb(folder);
  return {
    ...db,
    stop: async () => {
      await db.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
