import { jest } from '@jest/globals';
import { CALENDAR_KEPT_MS, DynamoDbCalendarStore } from '../../../functions/adapters/dynamodb-calendar-store';
import type { LocalDynamoDb } from '../../../lib/local/dynamodb';
import { scratchDynamoDb } from '../../support/dynamodb';
import { tapStore } from '../../support/faults';

/** Two warm containers and the bureau's calendar: each keeps what it read for a while, and sees another's edit after it. */

let db: LocalDynamoDb;
beforeAll(async () => {
  db = await scratchDynamoDb('yingji-calendar-');
});
afterAll(() => db.stop());
afterEach(() => jest.restoreAllMocks());

const lianghui = {
  periods: [{ id: 'national-lianghui', name: '2026年全国"两会"', from: '2026-03-04', to: '2026-03-11' }],
  setAt: '2026-02-20T02:00:00.000Z',
  setBy: { personId: 'desk', name: '值班室' },
};

test('a container reads the calendar once while it is kept; an edit elsewhere reaches it when that time is out, its own edit at once', async () => {
  const tap = tapStore(db.client);
  let wall = Date.now();
  jest.spyOn(Date, 'now').mockImplementation(() => wall);
  const escalating = new DynamoDbCalendarStore(db.client, db.tableName);
  const desk = new DynamoDbCalendarStore(db.client, db.tableName);

  tap.reset();
  expect((await escalating.read()).periods).toEqual([]);
  expect((await escalating.read()).periods).toEqual([]);
  expect(tap.count('GetItemCommand')).toBe(1);

  await desk.write(lianghui);
  expect(await desk.read()).toEqual(lianghui);
  wall += CALENDAR_KEPT_MS - 1;
  expect((await escalating.read()).periods).toEqual([]);
  wall += 1;
  expect(await escalating.read()).toEqual(lianghui);
});
