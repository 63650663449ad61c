import { clockPasses, eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/** The SMS channel end to end: report by text, answer by text, STOP and START (plan 1). */

const WITNESS = '+8613900000099';
const PRINCIPAL = '+8613800000101';
const DEPUTY = '+8613800000102';
/** On another school's plan: never texted about plan 1's incidents. */
const OTHER_SCHOOL = '+8613800000201';

let runtime: TestRuntime;
beforeAll(async () => {
  // 60×: a level's ten minutes are ten seconds, room enough for a busy machine to carry a reply.
  runtime = await startTestRuntime({ speed: 60 });
});
afterAll(() => runtime.close());

/** What people and the workflow did; the carrier's delivery reports arrive on their own time. */
const types = async (incidentId: string) => (await runtime.record(incidentId))!.timeline.filter((event) => event.type !== 'delivered').map((event) => event.type);

test('a text from an unknown number opens a fire incident, texts the chain and answers the reporter with 119', async () => {
  const outcome = await runtime.text(WITNESS, '3号楼着火了 有学生受伤');
  expect(outcome.decision).toBe('report');
  const record = (await runtime.record(outcome.incidentId!))!;
  expect(record.incident).toMatchObject({ planId: 'huapu-primary', category: 'fire', place: '3号楼', reporter: { phone: WITNESS } });
  expect(record.incident.description).toContain('有学生受伤');

  const answer = runtime.inbox(WITNESS).at(-1)!;
  expect(answer.body).toContain(record.incident.code);
  expect(answer.body).toContain('119');
  const alert = await eventually(() => runtime.textsFor(record.incident.id).find((text) => text.to === PRINCIPAL));
  expect(alert.body).toMatch(/回1确认/);
  const delivered = await eventually(async () => (await runtime.record(record.incident.id))!.timeline.find((event) => event.type === 'delivered' && event.messageId === alert.id));
  expect(delivered).toMatchObject({ phone: PRINCIPAL, level: 1 });
});

test('the principal\'s reply "1" acknowledges and stops the escalation', async () => {
  const { incidentId } = await runtime.text(WITNESS, '食堂有学生呕吐，疑似食物中毒');
  const record = (await runtime.record(incidentId!))!;
  const alert = await eventually(() => runtime.textsFor(incidentId!).find((text) => text.to === PRINCIPAL));
  const number = /回(\d+)确认/.exec(alert.body)![1]!;

  const reply = await runtime.text(PRINCIPAL, number);
  expect(reply).toMatchObject({ decision: 'ack', incidentId });
  expect(reply.answer).toContain(record.incident.code);
  expect(await types(incidentId!)).toContain('acknowledged');

  await clockPasses(runtime, record.incident.deadlines.levels[1]!.at);
  expect(runtime.textsFor(incidentId!).filter((text) => text.to === DEPUTY)).toEqual([]);
});

test('a reply from a phone the incident was not sent to changes nothing and gets a polite refusal', async () => {
  const { incidentId } = await runtime.text(WITNESS, '操场 有人打架 交通');
  await eventually(async () => (await types(incidentId!)).includes('notified'));
  const reply = await runtime.text(OTHER_SCHOOL, '1');
  expect(reply.decision).toBe('refuse');
  expect(reply.answer).toEqual(expect.any(String));
  const { timeline } = (await runtime.record(incidentId!))!;
  expect(timeline.filter((event) => ['acknowledged', 'reported-to-bureau', 'closed'].includes(event.type))).toEqual([]);
});

test('STOP stops texts to that number and START resumes them', async () => {
  const stopped = await runtime.text(PRINCIPAL, 'STOP');
  expect(stopped.decision).toBe('stop');
  expect(stopped.answer).toEqual(expect.any(String));

  const { incidentId: quiet } = await runtime.text(WITNESS, '实验楼冒烟');
  const failed = await eventually(async () => (await runtime.record(quiet!))!.timeline.find((event) => event.type === 'notify-failed'));
  expect(failed).toMatchObject({ phone: PRINCIPAL, reason: expect.stringContaining('STOP') });
  expect(runtime.textsFor(quiet!).filter((text) => text.to === PRINCIPAL)).toEqual([]);

  expect((await runtime.text(PRINCIPAL, 'START')).decision).toBe('start');
  const { incidentId: heard } = await runtime.text(WITNESS, '图书馆着火');
  await eventually(() => runtime.textsFor(heard!).some((text) => text.to === PRINCIPAL));
});

test('a second witness of the same fire joins the first incident instead of opening a new chain', async () => {
  const first = await runtime.text(WITNESS, '宿舍着火了');
  const second = await runtime.text('+8613900000077', '宿舍着火 很大的烟');
  expect(second.decision).toBe('report');
  expect(second.incidentId).toBe(first.incidentId);
  expect(await types(first.incidentId!)).toContain('witness');
});

test('a text that is not from a phone, or not JSON, is a 400', async () => {
  expect((await runtime.post('/sms/inbound', { from: '13900000000', body: 'hi' })).status).toBe(400);
  expect((await runtime.post('/sms/inbound', '{"from":')).status).toBe(400);
});
