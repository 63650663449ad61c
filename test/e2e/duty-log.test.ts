import { startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * The duty log (值班记录) and records kept by text, on the local runtime at normal speed, on
 * 5 March 2014 at 10:00 Beijing time: plan 1's 24-hour shift of that day is 谢永宇's (the rota's
 * third day), and plan 5's information officers text their risks and screening.
 */

const PRINCIPAL = '+8613800000101';
const ON_DUTY = '+8613800000104'; // xie-yongyu
const ZIHE = '+8613800000401';
const COMMUNITY_OFFICER = '+8613800000505';
const DEPARTMENT_OFFICER = '+8613800000506';
const PLAN = 'huapu-primary';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 1, start: '2014-03-05T10:00:00+08:00' });
});
afterAll(() => runtime.close());

test('without sign-in the duty log is a 401, across schools a 403; bad entries are refused with the field named', async () => {
  expect((await runtime.get(`/duty-log/${PLAN}`)).status).toBe(401);
  expect((await runtime.post(`/duty-log/${PLAN}`, { text: 'x' })).status).toBe(401);
  const me = await runtime.signIn(ON_DUTY);
  const stranger = (await runtime.get('/plans')).body.find((plan: { id: string }) => plan.id !== PLAN && plan.id !== 'jiedao-lianghui');
  expect((await runtime.get(`/duty-log/${PLAN}`, await runtime.signIn(ZIHE))).status).toBe(403);
  expect((await runtime.post(`/duty-log/${PLAN}`, { text: '代记' }, await runtime.signIn(ZIHE))).status).toBe(403);
  expect((await runtime.get(`/duty-log/${stranger.id}`, me)).status).toBe(403);
  const bad = await runtime.post(`/duty-log/${PLAN}`, { kind: 'gossip', text: '', caller: { name: '张' } }, me);
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.error.fields).sort()).toEqual(['caller', 'kind', 'text']);
  expect((await runtime.get(`/duty-log/${PLAN}?date=2014-02-30`, me)).status).toBe(400);
  expect((await runtime.get(`/duty-log/${PLAN}?date=2014-03-05`, me)).body.shifts[0].entries).toEqual([]);
});

test('the duty officer keeps the log from the console and by text; it shows per shift with who was on duty and the handover note', async () => {
  const me = await runtime.signIn(ON_DUTY);
  expect((await runtime.post(`/duty-log/${PLAN}`, { text: '巡查校园一周，门卫在岗，无异常' }, me)).status).toBe(201);
  const call = await runtime.post(`/duty-log/${PLAN}`, { kind: 'call', text: '家长询问明日是否停课，已答复正常上课', caller: { name: '王女士', phone: '13700000000' } }, me);
  expect(call.body).toMatchObject({ kind: 'call', caller: { name: '王女士', phone: '13700000000' }, by: { personId: 'xie-yongyu' }, channel: 'web' });
  const texted = await runtime.text(ON_DUTY, '交班 今日无事，钥匙和值班手机已交王英');
  expect(texted.decision).toBe('recorded');
  expect(texted.answer).toContain('已记入值班记录');

  const log = await runtime.get(`/duty-log/${PLAN}?date=2014-03-05`, await runtime.signIn(PRINCIPAL));
  expect(log.status).toBe(200);
  expect(log.body.shifts).toHaveLength(1);
  const [shift] = log.body.shifts;
  expect(shift.shift).toMatchObject({ id: 'round-the-clock', name: '24小时值班', date: '2014-03-05' });
  expect(shift.onDuty).toEqual([{ personId: 'xie-yongyu', name: expect.any(String) }]);
  expect(shift.entries.map((entry: { kind: string; channel: string }) => [entry.kind, entry.channel])).toEqual([
    ['entry', 'web'],
    ['call', 'web'],
    ['handover', 'sms'],
  ]);
  expect(shift.handover).toMatchObject({ kind: 'handover', text: '今日无事，钥匙和值班手机已交王英' });
  // The bureau's desk sees its schools' logs.
  expect((await runtime.get(`/duty-log/${PLAN}?date=2014-03-05`, await runtime.signIn('+8613800000110'))).body.shifts[0].entries).toHaveLength(3);
});

test('information officers text a risk and their screening; both show in the day’s roll-up', async () => {
  const risk = await runtime.text(COMMUNITY_OFFICER, '风险：幸福社区三户拆迁户商议两会期间进京');
  expect(risk.decision).toBe('recorded');
  expect(risk.answer).toMatch(/已登记风险信息，编号[A-Z0-9]{6}/);
  expect((await runtime.text(DEPARTMENT_OFFICER, '排查 无')).answer).toContain('无异常');
  const rollUp = await runtime.get('/risks?date=2014-03-05&planId=jiedao-lianghui', await runtime.signIn('+8613800000504'));
  expect(rollUp.body.plans[0].risks).toEqual([
    expect.objectContaining({
      summary: '幸福社区三户拆迁户商议两会期间进京',
      channel: 'sms',
      source: 'report',
      by: { personId: 'community-info-officer', name: '社区信访稳定信息员' },
    }),
  ]);
  expect(rollUp.body.plans[0].units).toEqual([
    expect.objectContaining({ personId: 'community-info-officer', status: 'missing' }),
    expect.objectContaining({ personId: 'department-info-officer', status: 'nothing-found', channel: 'sms' }),
  ]);
});
