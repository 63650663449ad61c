import { jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDbIncidentStore } from '../../functions/adapters/dynamodb-incident-store';
import { startLocalDynamoDb } from '../../lib/local/dynamodb';
import { eventually, startTestRuntime } from '../support/runtime';

/**
 * Stopping the runtime while twenty escalations text at once and reports still arrive (the bench
 * stops it so): the store closes only after the requests and steps under way have finished and no
 * new step starts, so nothing fails on a closed store, every report accepted is stored and every
 * text that left the outbox has its record.
 */
test('stopped while steps run: no step fails on a closed store, and every text sent is recorded', async () => {
  const runtime = await startTestRuntime({ speed: 600 });
  const incidents = await Promise.all(
    Array.from({ length: 20 }, async (_, n) => (await runtime.post('/incidents', { planId: 'huapu-primary', category: 'fire', place: `${n}号楼`, description: '冒烟' })).body),
  );
  // Past level 2's deadline, while its texts are going out.
  await eventually(() => runtime.outbox.list().length > incidents.length);
  const printed: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed.push(String(chunk));
    return true;
  });
  // Reports still arriving as it stops: each is answered before the server closes, or refused.
  const late = Array.from({ length: 10 }, (_, n) =>
    runtime.post('/incidents', { planId: 'huapu-primary', category: 'fire', place: `${20 + n}号楼`, description: '冒烟' }).then(
      ({ status, body }) => (status === 201 ? body : undefined),
      () => undefined,
    ),
  );
  try {
    await runtime.close(true);
    // Level 3's deadline comes a second later at 600×: a step the engine started after the stop would run by then.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  } finally {
    write.mockRestore();
  }
  expect(printed.filter((line) => /workflow step failed|ECONNREFUSED|LEVEL_ITERATOR/.test(line))).toEqual([]);

  const sent = runtime.outbox.list();
  const db = await startLocalDynamoDb(join(runtime.dataDir, 'dynamodb'));
  try {
    const store = new DynamoDbIncidentStore(db.client, db.tableName);
    const accepted = (await Promise.all(late)).filter(Boolean);
    for (const { id } of accepted) expect(await store.get(id)).toBeDefined();
    const recorded = new Set<string>();
    for (const { id } of [...incidents, ...accepted]) {
      for (const event of (await store.get(id))!.timeline) if (event.type === 'notified') recorded.add(event.messageId);
    }
    expect(sent.filter((text) => text.incidentId && !recorded.has(text.id))).toEqual([]);
  } finally {
    await db.stop();
    rmSync(runtime.dataDir, { recursive: true, force: true });
  }
});
