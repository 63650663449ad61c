import { clockPasses, eventually, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * Voice fallback on the local runtime (issue 16, "Done when"): an unanswered plan-1 fire calls the
 * principal before the 10-minute deadline and the bureau's landline at the report deadline; both
 * are on the timeline, and GET /calls/outbox lists them. Time runs 240× (two hours in thirty
 * seconds); assertions are about runtime time, never wall-clock durations.
 */

const PRINCIPAL = '+8613800000101';
const BUREAU_LANDLINE = '+867715551110';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 240 });
});
afterAll(() => runtime.close());

const fire = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '三楼冒烟', reporter: {} };

test('an unanswered fire calls the principal before the 10-minute deadline and the bureau’s landline at the report deadline', async () => {
  const { body: incident } = await runtime.post('/incidents', fire);
  const [level1] = incident.deadlines.levels;
  await clockPasses(runtime, incident.deadlines.report);
  const calls = await eventually(async () => {
    const { body } = await runtime.get('/calls/outbox');
    const mine = (body as { to: string; incidentId: string; at: string; text: string }[]).filter((call) => call.incidentId === incident.id);
    return mine.some((call) => call.to === BUREAU_LANDLINE) && mine;
  }, 30_000);
  for (const call of calls) expect(Object.keys(call).sort()).toEqual(['at', 'id', 'incidentId', 'text', 'to']);

  const toPrincipal = calls.find((call: { to: string }) => call.to === PRINCIPAL)!;
  expect(toPrincipal.at > incident.reportedAt && toPrincipal.at < level1.at).toBe(true);
  expect(toPrincipal.text).toContain(`事件编号：${[...incident.code].join(' ')}`);
  const toBureau = calls.find((call: { to: string }) => call.to === BUREAU_LANDLINE)!;
  expect(toBureau.at >= incident.deadlines.report).toBe(true);
  expect(toBureau.text).toContain('未按时上报');
  // The call is recorded just after it is placed.
  const called = await eventually(async () => {
    const events = (await runtime.record(incident.id))!.timeline.filter((event) => event.type === 'called');
    return events.length === calls.length && events;
  }, 30_000);
  // Each call placed once and recorded once (the principal twice: at level 1 and, in the leadership group, at level 3).
  expect(called).toHaveLength(calls.length);
  expect(calls.filter((call: { to: string }) => call.to === PRINCIPAL)).toHaveLength(2);
  expect(called).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ level: 1, personId: 'ye-yuanxin', to: PRINCIPAL }),
      expect.objectContaining({ level: 'report', personId: 'yinhai-bureau-duty', to: BUREAU_LANDLINE }),
    ]),
  );
  // The landline is never texted.
  expect(runtime.textsFor(incident.id).some((text) => text.to === BUREAU_LANDLINE)).toBe(false);
});

test('after an acknowledgement nobody is called', async () => {
  const { body: incident } = await runtime.post('/incidents', { ...fire, place: '食堂' });
  const principal = await runtime.signIn(PRINCIPAL);
  await eventually(() => runtime.textsFor(incident.id).length > 0);
  expect((await runtime.post(`/incidents/${incident.id}/actions`, { action: 'ack' }, principal)).status).toBe(200);
  await clockPasses(runtime, incident.deadlines.levels[2].at);
  // At 240× the principal's level-1 call (5 min in) may come before the acknowledgement lands; no
  // later level is texted or called.
  const { body } = await runtime.get('/calls/outbox');
  expect((body as { incidentId: string; to: string }[]).filter((call) => call.incidentId === incident.id && call.to !== PRINCIPAL)).toEqual([]);
  const record = (await runtime.record(incident.id))!;
  expect(record.timeline.filter((event) => event.type === 'called' && event.level !== 1)).toEqual([]);
});
