import { eventually, startTestRuntime, storedItemCount, type TestRuntime } from '../support/runtime';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1 });
});
afterAll(() => runtime.close());

const report = { planId: 'huapu-primary', category: 'traffic', place: '校门口', description: '学生被电动车撞倒', reporter: { name: '王家长', phone: '+8613900000002' } };

test('the health check and the plans answer', async () => {
  expect(await runtime.get('/health')).toMatchObject({ status: 200, body: { ok: true } });
  const { body: plans } = await runtime.get('/plans');
  const huapu = plans.find((plan: { id: string }) => plan.id === 'huapu-primary');
  expect(huapu).toMatchObject({ orgId: 'huapu-primary', name: expect.stringContaining('花铺小学') });
  expect(huapu.categories).toEqual(
    expect.arrayContaining([
      { id: 'fire', name: '火灾', kind: 'safety' },
      { id: 'collective-petition', name: '集体上访', kind: 'stability' },
    ]),
  );
});

test('a retried POST with the same Idempotency-Key yields one incident', async () => {
  const headers = { 'Idempotency-Key': 'phone-7f3a-0001' };
  const first = await runtime.post('/incidents', report, headers);
  const retry = await runtime.post('/incidents', report, headers);
  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.body.id).toBe(first.body.id);
  expect(retry.body.code).toBe(first.body.code);

  await eventually(() => runtime.textsFor(first.body.id).length > 0);
  const reused = await runtime.post('/incidents', { ...report, place: '操场' }, headers);
  expect(reused.status).toBe(409);
  expect(reused.body.error.message).toMatch(/Idempotency-Key/);
  expect(runtime.textsFor(first.body.id)).toHaveLength(1);
});

const oversized = JSON.stringify({ ...report, description: '很'.repeat(22_000) });

test.each([
  ['a missing place and description', { planId: 'huapu-primary', category: 'fire' }, ['place', 'description']],
  ['an unknown plan', { ...report, planId: 'no-such-school' }, ['planId']],
  ['an unknown category', { ...report, category: 'earthquake' }, ['category']],
  ['a reporter phone not in E.164', { ...report, reporter: { phone: '13800000000' } }, ['reporter.phone']],
  ['a field the API does not know', { ...report, severity2: 'major' }, ['severity2']],
  ['a JSON array', [report], ['body']],
  ['malformed JSON', '{"planId": "huapu-primary",', ['body']],
  ['an empty body', '', ['body']],
  ['a body over 64 KiB', oversized, ['body']],
])('%s is a 400 naming the fields, and nothing is stored', async (_, body, fields) => {
  const before = await storedItemCount(runtime);
  const texts = runtime.outbox.list().length;
  const response = await runtime.post('/incidents', body);
  expect(response.status).toBe(400);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(Object.keys(response.body.error.fields).sort()).toEqual([...fields].sort());
  expect(await storedItemCount(runtime)).toBe(before);
  expect(runtime.outbox.list()).toHaveLength(texts);
});

test('an unknown route and a wrong method are plain JSON errors', async () => {
  expect((await runtime.get('/nowhere')).status).toBe(404);
  const wrongMethod = await runtime.get('/incidents/some-id/actions');
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.body.error.message).toMatch(/GET/);
});
