import { clockPasses, eventually, linkIn, recordedText, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * Plan 1 (花铺小学) over HTTP on the local runtime, time sped up 120× (ten minutes pass in five
 * seconds, room enough for a busy machine to carry an acknowledgement before the level's deadline).
 * Assertions are about order and deadlines in the runtime's own time, never wall-clock durations;
 * that a level is texted at once rather than late is the steps' unit tests' to show.
 */

const PRINCIPAL = '+8613800000101';
const DEPUTIES = ['+8613800000102', '+8613800000103'];
const BUREAU = '+8613800000110';

const fire = { planId: 'huapu-primary', category: 'fire', place: '3号楼', description: '三楼冒烟，有学生受伤', reporter: { name: '李老师', phone: '+8613900000001' } };

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ speed: 120 });
});
afterAll(() => runtime.close());

const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

test('an unanswered fire walks the chain: principal at once, deputies at 10 min, the bureau at 2 h with the incident flagged late', async () => {
  const { status, body: incident } = await runtime.post('/incidents', fire);
  expect(status).toBe(201);
  expect(incident).toMatchObject({ status: 'open', acknowledged: false, late: false, code: expect.stringMatching(/^[A-Z2-9]{6}$/) });
  const [level1, level2] = incident.deadlines.levels;
  expect(minutes(incident.reportedAt, level1.at)).toBe(10);
  expect(minutes(incident.reportedAt, incident.deadlines.report)).toBe(120);

  const first = await eventually(() => runtime.textsFor(incident.id)[0]);
  expect(first.to).toBe(PRINCIPAL);
  expect(first.body).toContain('火灾');
  expect(first.body).toContain('3号楼');
  expect(first.body).toContain(incident.code);
  expect(first.body).toContain('119');

  const deputyTexts = await eventually(() => {
    const texts = runtime.textsFor(incident.id).filter((text) => DEPUTIES.includes(text.to));
    return texts.length === 2 && texts;
  });
  for (const text of deputyTexts) {
    expect(text.at >= level1.at).toBe(true);
    expect(text.at < level2.at).toBe(true);
  }

  await clockPasses(runtime, incident.deadlines.report);
  const lateNotice = await eventually(() => runtime.textsFor(incident.id).find((text) => text.to === BUREAU));
  expect(lateNotice.at >= incident.deadlines.report).toBe(true);
  expect(lateNotice.body).toContain('缓报');
  expect(lateNotice.body).toContain(incident.code);

  const { body: after } = await runtime.get(`/incidents/${incident.id}`, await runtime.signIn(PRINCIPAL));
  expect(after.late).toBe(true);
  const types = after.timeline.map((event: { type: string }) => event.type);
  expect(types[0]).toBe('reported');
  expect(types).toEqual(expect.arrayContaining(['notified', 'escalated', 'unanswered', 'late']));
  expect(types.indexOf('late')).toBeGreaterThan(types.indexOf('escalated'));
});

test('an acknowledged and reported incident texts nobody further', async () => {
  const { body: incident } = await runtime.post('/incidents', { ...fire, place: '食堂' });
  const link = linkIn((await recordedText(runtime, incident.id)).body);

  const page = await runtime.get(link);
  expect(page.status).toBe(200);
  expect(page.text).toContain(incident.code);
  expect(page.text).toContain('叶远新');

  const ack = await runtime.post(link, { action: 'ack' });
  expect(ack.status).toBe(200);
  expect(ack.body).toMatchObject({ acknowledged: true, status: 'acknowledged', by: { name: '叶远新' } });
  const reported = await runtime.post(link, { action: 'reported' });
  expect(reported.body.reportedToBureau).toBe(true);

  await clockPasses(runtime, incident.deadlines.report);
  await eventually(() => runtime.escalation.status(incident.id) === 'SUCCEEDED');
  expect(runtime.textsFor(incident.id).map((text) => text.to)).toEqual([PRINCIPAL]);
  const { body: after } = await runtime.get(`/incidents/${incident.id}`, await runtime.signIn(PRINCIPAL));
  expect(after).toMatchObject({ acknowledged: true, reportedToBureau: true, late: false });
  expect(after.acknowledgedBy).toMatchObject({ personId: 'ye-yuanxin' });
});

test('a collective petition texts the bureau at once', async () => {
  const { body: incident } = await runtime.post('/incidents', { ...fire, category: 'collective-petition', place: '校门口', description: '二十余名家长聚集上访' });
  expect(incident.kind).toBe('stability');
  const bureau = await eventually(() => runtime.textsFor(incident.id).find((text) => text.to === BUREAU));
  expect(bureau.body).toContain('集体上访');
  // With the first level's texts, not after its deadline. The text leaves the outbox before its
  // timeline event is appended, so the event is waited for.
  const notified = await eventually(async () => (await runtime.record(incident.id))!.timeline.find((event) => event.type === 'notified' && event.messageId === bureau.id));
  expect(notified).toMatchObject({ level: 1 });
});

test('closing an incident kills its links', async () => {
  const { body: incident } = await runtime.post('/incidents', { ...fire, place: '操场' });
  const link = linkIn((await recordedText(runtime, incident.id)).body);
  const refused = await runtime.post(link, { action: 'close' });
  expect(refused.status).toBe(400);
  expect(refused.body.error.fields.resolution).toBeDefined();

  const closed = await runtime.post(link, { action: 'close', resolution: '误报，已核实' });
  expect(closed.body.status).toBe('closed');
  expect((await runtime.get(link)).status).toBe(404);
  expect((await runtime.post(link, { action: 'ack' })).status).toBe(404);
});

test('an unknown link is a 404', async () => {
  expect((await runtime.get('/a/AAAAAAAAAAAA')).status).toBe(404);
  expect((await runtime.post('/a/AAAAAAAAAAAA', { action: 'ack' })).status).toBe(404);
  expect((await runtime.get('/incidents/no-such-incident', await runtime.signIn(PRINCIPAL))).status).toBe(404);
});
