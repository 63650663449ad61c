import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The abuse limits over HTTP: five reports per phone in ten minutes, by web form and by text. The
 * clock starts at 09:00 and runs at the wall clock's pace, so the whole test stays inside one window.
 */

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1, start: '2026-03-10T09:00:00+08:00' });
});
afterAll(() => runtime.close());

/** Items of the table that carry a report with this place: the incident, its entry on the open list. */
async function itemsNaming(place: string): Promise<number> {
  const { Count } = await runtime.dynamodb.client.send(
    new ScanCommand({
      TableName: runtime.dynamodb.tableName,
      Select: 'COUNT',
      FilterExpression: 'incident.place = :place OR contains(entry, :place)',
      ExpressionAttributeValues: { ':place': { S: place } },
    }),
  );
  return Count ?? 0;
}

const report = (phone: string, place: string) => ({ planId: 'huapu-primary', category: 'traffic', place, description: '学生被电动车撞倒', reporter: { name: '王家长', phone } });

test('the 6th report from one phone within 10 minutes is a 429 with Retry-After and writes nothing; another phone still gets through', async () => {
  const phone = '+8613900000031';
  const accepted: string[] = [];
  for (let n = 1; n <= 5; n++) {
    const { status, body } = await runtime.post('/incidents', report(phone, `${n}号门`));
    expect(status).toBe(201);
    accepted.push(body.id);
  }

  const response = await fetch(`${runtime.url}/incidents`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(report(phone, '6号门')) });
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 600).toBe(true);
  expect(await response.json()).toEqual({
    error: { message: expect.stringMatching(/Too many reports from this phone: at most 5 in 10 minutes/), fields: { 'reporter.phone': expect.any(String) } },
  });
  // The five accepted chains keep writing and texting; the refused report left no item and no text.
  expect(await itemsNaming('5号门')).toBe(2);
  expect(await itemsNaming('6号门')).toBe(0);
  expect(runtime.outbox.list().filter((message) => message.incidentId && !accepted.includes(message.incidentId))).toEqual([]);

  expect((await runtime.post('/incidents', report('+8613900000032', '6号门'))).status).toBe(201);
});

test('an Idempotency-Key retry of an accepted report is answered with the same incident, however often, and is not refused', async () => {
  const phone = '+8613900000033';
  const first = await runtime.post('/incidents', report(phone, '操场'), { 'Idempotency-Key': 'limit-retry-1' });
  expect(first.status).toBe(201);
  for (let retry = 1; retry <= 6; retry++) {
    const again = await runtime.post('/incidents', report(phone, '操场'), { 'Idempotency-Key': 'limit-retry-1' });
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: first.body.id });
  }
  for (let n = 2; n <= 5; n++) expect((await runtime.post('/incidents', report(phone, `${n}号楼`))).status).toBe(201);
});

test('a texted flood from one phone opens at most 5 incidents, and is answered "too many" once at most', async () => {
  const phone = '+8613900000034';
  const outcomes = [];
  for (let n = 1; n <= 12; n++) outcomes.push(await runtime.text(phone, `${n}号楼着火了 有人受伤`));
  const opened = new Set(outcomes.flatMap((outcome) => (outcome.incidentId ? [outcome.incidentId] : [])));
  expect(opened.size).toBe(5);
  for (const id of opened) expect((await runtime.record(id))?.incident.reporter.phone).toBe(phone);
  expect(outcomes.slice(5).every((outcome) => outcome.incidentId === undefined)).toBe(true);
  await runtime.outbox.settle();
  expect(runtime.inbox(phone).filter((message) => message.body.includes('分钟内已报告'))).toHaveLength(
    outcomes.some((outcome) => outcome.answer?.includes('分钟内已报告')) ? 1 : 0,
  );
  expect(runtime.inbox(phone).length).toBeLessThanOrEqual(6);
});
