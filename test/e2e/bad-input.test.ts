import { startTestRuntime, storedItemCount, type TestRuntime } from '../support/runtime';

/**
 * Input a reviewer tried that once got a 500, or held the whole runtime at 100% CPU: each is now a
 * 4xx that says what is wrong, and nothing is stored or texted. (The generated inputs are in
 * test/e2e/generated-input.test.ts.)
 */

const PRINCIPAL = '+8613800000101';
const LONG = 'x'.repeat(2_100);
const report = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '冒烟', reporter: {} };

let runtime: TestRuntime;
let signedIn: { Authorization: string };
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1 });
  signedIn = await runtime.signIn(PRINCIPAL);
});
afterAll(() => runtime.close());

/** Runs a request and checks it wrote nothing and texted nobody. */
async function refused(request: () => Promise<{ status: number; body: any }>) {
  const before = await storedItemCount(runtime);
  const texts = runtime.outbox.list().length;
  const response = await request();
  expect(await storedItemCount(runtime)).toBe(before);
  expect(runtime.outbox.list()).toHaveLength(texts);
  return response;
}

test.each([['9999-12-31T23:00:00Z'], ['+010000-01-01T00:00:00Z'], ['-271821-04-20T00:00:00Z'], ['1999-12-31T23:59:59Z'], ['2014-03-05']])(
  'GET /duty/{planId}?at=%s is a 400 naming at',
  async (at) => {
    const response = await refused(() => runtime.get(`/duty/huapu-primary?at=${encodeURIComponent(at)}`, signedIn));
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields)).toEqual(['at']);
  },
);

test('a roll-up or an override for year 9999 is a 400 naming the date', async () => {
  const rollUp = await refused(() => runtime.get('/reports?date=9999-12-31&type=zero-report', signedIn));
  expect(rollUp.status).toBe(400);
  expect(Object.keys(rollUp.body.error.fields)).toEqual(['date']);
  // The principal leads the school's duty roster.
  const override = await refused(() =>
    runtime.post('/duty/huapu-primary/overrides', { kind: 'cover', shift: 'round-the-clock', date: '9999-12-31', personId: 'wang-ying' }, signedIn),
  );
  expect(override.status).toBe(400);
  expect(Object.keys(override.body.error.fields)).toEqual(['date']);
});

test.each(['/a/%E0%A4%A', '/r/%zz', '/incidents/%', '/report/%E4%B8'])('a malformed %% escape in %s is a 400', async (path) => {
  const response = await refused(() => runtime.get(path, signedIn));
  expect(response.status).toBe(400);
  expect(response.body.error.message).toMatch(/malformed % escape/);
});

test.each(['/a/', '/r/', '/report/', '/duty/', '/incidents/'])('a %s parameter longer than any key is a 404', async (prefix) => {
  const response = await refused(() => runtime.get(`${prefix}${LONG}`, signedIn));
  expect(response.status).toBe(404);
});

test('a POST to a link longer than any key is a 404', async () => {
  expect((await refused(() => runtime.post(`/a/${LONG}`, { action: 'ack' }))).status).toBe(404);
  expect((await refused(() => runtime.post(`/r/${LONG}`, {}))).status).toBe(404);
});

test('an Idempotency-Key longer than any key is a 400 naming it', async () => {
  const response = await refused(() => runtime.post('/incidents', report, { 'Idempotency-Key': LONG }));
  expect(response.status).toBe(400);
  expect(Object.keys(response.body.error.fields)).toEqual(['Idempotency-Key']);
});

test.each([
  ['/incidents', 'null'],
  ['/incidents', '"fire"'],
  ['/incidents', '42'],
  ['/sms/inbound', 'null'],
  ['/sms/inbound', '[]'],
  ['/a/unknown-token', 'null'],
  ['/r/unknown-token', 'true'],
  ['/auth/dev-login', 'null'],
])('POST %s with the body %s is a 400', async (path, body) => {
  const response = await refused(() => runtime.post(path, body));
  expect(response.status).toBe(400);
});

test.each(['__proto__', 'constructor', 'prototype'])('a "%s" field is refused like any unknown field', async (field) => {
  const body = `{"planId":"huapu-primary","category":"fire","place":"3号楼","description":"冒烟","${field}":{"admin":true}}`;
  const response = await refused(() => runtime.post('/incidents', body));
  expect(response.status).toBe(400);
  expect(Object.keys(response.body.error.fields)).toEqual([field]);
  const nested = await refused(() => runtime.post('/incidents', `{"planId":"huapu-primary","category":"fire","place":"3号楼","description":"冒烟","reporter":{"${field}":{}}}`));
  expect(nested.status).toBe(400);
  const text = await refused(() => runtime.post('/sms/inbound', `{"from":"+8613900000001","body":"1","${field}":{}}`));
  expect(text.status).toBe(400);
  expect(Object.keys(text.body.error.fields)).toEqual([field]);
});
