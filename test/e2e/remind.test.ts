import { clockPasses, eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * Remind again (再次提醒) and the confirmation board over HTTP on the local runtime (issue 16):
 * one round in five minutes however many click at once, the second told when to retry, recorded
 * on the timeline, open to the chain's people, refused to the bureau's desk and other schools.
 * Time runs 10× (five minutes in thirty seconds); waits are on conditions, never on wall time.
 */

const PRINCIPAL = '+8613800000101';
const PARTY_SECRETARY = '+8613800000107';
const BUREAU = '+8613800000110';
const ZIHE_STAFF = '+8613800000401';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 10 });
});
afterAll(() => runtime.close());

const fire = { planId: 'huapu-primary', category: 'fire', place: '操场', description: '器材室冒烟', reporter: {} };

test('one round per five minutes: of clicks at once one reminds, the rest get 429 with when to retry; the round is on the timeline and the board', async () => {
  const { body: incident } = await runtime.post('/incidents', fire);
  const principal = await runtime.signIn(PRINCIPAL);
  const secretary = await runtime.signIn(PARTY_SECRETARY);
  await eventually(async () => (await runtime.record(incident.id))!.timeline.some((event) => event.type === 'notified' && event.personId === 'ye-yuanxin'));

  const answers = await Promise.all([principal, secretary, principal].map((headers) => runtime.post(`/incidents/${incident.id}/remind`, {}, headers)));
  expect(answers.map((answer) => answer.status).sort()).toEqual([200, 429, 429]);
  const done = answers.find((answer) => answer.status === 200)!.body;
  expect(done).toMatchObject({ round: 1, level: 1, reached: [{ personId: 'ye-yuanxin', name: '叶远新', texted: true }] });
  for (const refused of answers.filter((answer) => answer.status === 429)) {
    expect(refused.body.error).toMatchObject({ retryAt: done.nextAt, message: expect.stringContaining('reminded level 1') });
  }
  const reminders = await eventually(
    () => runtime.inbox(PRINCIPAL).filter((text) => text.incidentId === incident.id && text.body.startsWith('再次提醒')).length > 0 && runtime.inbox(PRINCIPAL),
  );
  expect(reminders.filter((text) => text.incidentId === incident.id && text.body.startsWith('再次提醒'))).toHaveLength(1);

  const { body: view } = await runtime.get(`/incidents/${incident.id}`, principal);
  expect(view.timeline.filter((event: { type: string }) => event.type === 'reminded')).toEqual([
    expect.objectContaining({ round: 1, level: 1, to: [{ personId: 'ye-yuanxin', name: '叶远新' }] }),
  ]);
  expect(view.remind).toMatchObject({ allowed: true, level: 1, notBefore: done.nextAt, last: { round: 1, to: ['叶远新'] } });
  const row = view.confirmations.find((entry: { personId: string }) => entry.personId === 'ye-yuanxin');
  expect(row).toMatchObject({ level: 1, texted: { level: 1 }, reminded: { round: 1 }, confirmed: null });
  expect(row.reminded.at >= done.at).toBe(true);
  expect(view.confirmations.map((entry: { personId: string }) => entry.personId)).toContain('yinhai-bureau-duty');

  // Five minutes on, the next round goes.
  await clockPasses(runtime, done.nextAt);
  const again = await runtime.post(`/incidents/${incident.id}/remind`, {}, secretary);
  expect(again.status).toBe(200);
  expect(again.body.round).toBe(2);
});

test('refused to the bureau’s desk and to another school (403), a body with fields (400), an unknown incident (404)', async () => {
  const { body: incident } = await runtime.post('/incidents', { ...fire, place: '食堂' });
  const before = (await runtime.record(incident.id))!.timeline.length;
  const bureau = await runtime.post(`/incidents/${incident.id}/remind`, {}, await runtime.signIn(BUREAU));
  expect(bureau.status).toBe(403);
  expect(bureau.body.error.message).toContain('chain');
  expect((await runtime.post(`/incidents/${incident.id}/remind`, {}, await runtime.signIn(ZIHE_STAFF))).status).toBe(403);
  const principal = await runtime.signIn(PRINCIPAL);
  const fields = await runtime.post(`/incidents/${incident.id}/remind`, { to: 'everyone' }, principal);
  expect(fields.status).toBe(400);
  expect(fields.body.error.fields).toEqual({ to: 'unknown field; remind again takes none' });
  expect((await runtime.post('/incidents/no-such-incident/remind', {}, principal)).status).toBe(404);
  expect((await runtime.post(`/incidents/${incident.id}/remind`, {})).status).toBe(401);
  expect((await runtime.record(incident.id))!.timeline.filter((event) => event.type === 'reminded')).toEqual([]);
  expect((await runtime.record(incident.id))!.timeline.length).toBeGreaterThanOrEqual(before);
});
